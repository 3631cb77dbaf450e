package io.wakestream.trainer.eval;

import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.features.MfccConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many of one speaker's positive clips a model catches at one detection setting. A model's recall is an average
 * over voices, and the voices it misses are rarely spread: a few get almost none (the MFCC model jarvis-v17 catches
 * 0-25% of four of its 14 test voices' phrases, 63-95% of the others'). Listing them is how one finds what the
 * training data lacks.
 *
 * @param speaker the speaker's name ({@link #speakerOf})
 * @param caught clips on which the detector fired at least once
 * @param clips the speaker's clips
 */
public record SpeakerRecall(String speaker, int caught, int clips) {
    /** {@code --write-test-set}'s file names: a clip number, then the speaker. */
    private static final Pattern NUMBERED = Pattern.compile("^\\d+_(.+)\\.wav$", Pattern.CASE_INSENSITIVE);

    public double recall() {
        return clips == 0 ? Double.NaN : (double) caught / clips;
    }

    /**
     * The speaker of a clip: the folder it is in below {@code root}, the folder given to eval (one folder per
     * speaker, as {@code train --recordings} takes them); for a clip directly in {@code root} (or given as a file),
     * what follows the number in {@code 00012_espeak-ng_m5.wav} (as {@code train --write-test-set} names them), else
     * what comes before the first underscore ({@code alice_kitchen.wav}, as {@code --recordings} takes them), else
     * the file's name without {@code .wav}.
     */
    public static String speakerOf(Path clip, Path root) {
        if (root != null && !clip.equals(root) && clip.startsWith(root) && root.relativize(clip).getNameCount() > 1) {
            return root.relativize(clip).getName(0).toString();
        }
        String name = clip.getFileName().toString();
        Matcher m = NUMBERED.matcher(name);
        if (m.matches()) return m.group(1);
        int underscore = name.indexOf('_');
        if (underscore > 0) return name.substring(0, underscore);
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".wav") ? name.substring(0, name.length() - 4) : name;
    }

    /**
     * Recall per speaker at {@code config}, fewest caught (by share) first, ties by name.
     *
     * @param speakers the speaker of each trace, in the same order
     */
    public static List<SpeakerRecall> at(String wakeWord, DetectionConfig config, MfccConfig frames,
            List<ScoreTrace> positives, List<String> speakers) {
        if (speakers.size() != positives.size()) {
            throw new IllegalArgumentException(speakers.size() + " speakers for " + positives.size() + " clips");
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (int i = 0; i < positives.size(); i++) {
            int[] c = counts.computeIfAbsent(speakers.get(i), k -> new int[2]);
            c[1]++;
            if (positives.get(i).triggers(wakeWord, config, frames) > 0) c[0]++;
        }
        List<SpeakerRecall> out = new ArrayList<>();
        counts.forEach((s, c) -> out.add(new SpeakerRecall(s, c[0], c[1])));
        out.sort(Comparator.comparingDouble(SpeakerRecall::recall).thenComparing(SpeakerRecall::speaker));
        return out;
    }
}
