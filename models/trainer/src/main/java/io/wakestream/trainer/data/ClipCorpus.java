package io.wakestream.trainer.data;

import io.wakestream.engine.audio.WavWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A set of labelled clips, with the views a trainer needs: positives, negatives, per-speaker groups, and a split
 * into training and validation by speaker (so validation voices are never heard in training).
 *
 * @param clips the clips, in a deterministic order
 */
public record ClipCorpus(List<Clip> clips) {
    public ClipCorpus {
        clips = List.copyOf(clips);
    }

    /** Training and validation parts. */
    public record Split(ClipCorpus training, ClipCorpus validation) {}

    public List<Clip> positives() {
        return clips.stream().filter(Clip::positive).toList();
    }

    public List<Clip> negatives() {
        return clips.stream().filter(c -> !c.positive()).toList();
    }

    /** Distinct speaker ids, sorted. */
    public Set<String> speakers() {
        Set<String> s = new TreeSet<>();
        for (Clip c : clips) s.add(c.speakerId());
        return s;
    }

    /** Number of clips of each kind. */
    public Map<Clip.Kind, Integer> countByKind() {
        Map<Clip.Kind, Integer> m = new EnumMap<>(Clip.Kind.class);
        for (Clip c : clips) m.merge(c.kind(), 1, Integer::sum);
        return m;
    }

    /** Total audio duration in seconds. */
    public double totalSeconds() {
        double s = 0;
        for (Clip c : clips) s += (double) c.audio().samples().length / c.audio().sampleRate();
        return s;
    }

    /** This corpus followed by {@code other}'s clips. */
    public ClipCorpus plus(ClipCorpus other) {
        List<Clip> all = new ArrayList<>(clips);
        all.addAll(other.clips);
        return new ClipCorpus(all);
    }

    /**
     * Splits by speaker: whole speakers (in a seeded random order) go to validation until it holds about
     * {@code validationFraction} of the clips. Every speaker ends up on exactly one side.
     */
    public Split splitBySpeaker(double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction <= 1)) {
            throw new IllegalArgumentException("validationFraction must be in 0..1");
        }
        Map<String, Integer> sizes = new TreeMap<>();
        for (Clip c : clips) sizes.merge(c.speakerId(), 1, Integer::sum);
        List<String> order = new ArrayList<>(sizes.keySet());
        Collections.shuffle(order, new Random(seed));
        double target = validationFraction * clips.size();
        Set<String> validation = new HashSet<>();
        int taken = 0;
        for (String s : order) {
            if (taken >= target) break;
            // Skip a speaker that would overshoot by more than it helps (e.g. one huge group).
            int size = sizes.get(s);
            if (taken + size - target > target - taken && taken > 0) continue;
            validation.add(s);
            taken += size;
        }
        List<Clip> train = new ArrayList<>();
        List<Clip> val = new ArrayList<>();
        for (Clip c : clips) (validation.contains(c.speakerId()) ? val : train).add(c);
        return new Split(new ClipCorpus(train), new ClipCorpus(val));
    }

    /**
     * Writes every clip as a 16 kHz WAV ({@code clips/00000.wav}, ...) plus {@code manifest.tsv} with one line per
     * clip: file, kind, positive, speaker, phrase start and end sample, text, source. For listening to what was
     * generated, and for tools outside Java.
     */
    public void writeTo(Path dir) throws IOException {
        Path clipDir = dir.resolve("clips");
        Files.createDirectories(clipDir);
        StringBuilder manifest = new StringBuilder("file\tkind\tpositive\tspeaker\tphrase_start\tphrase_end\ttext\tsource\n");
        for (int i = 0; i < clips.size(); i++) {
            Clip c = clips.get(i);
            String name = String.format(Locale.ROOT, "clips/%05d.wav", i);
            WavWriter.write(dir.resolve(name), c.audio().samples(), c.audio().sampleRate());
            manifest.append(String.join("\t", name, c.kind().name(), Boolean.toString(c.positive()), tsv(c.speakerId()),
                    Integer.toString(c.phraseStartSample()), Integer.toString(c.phraseEndSample()), tsv(c.text()),
                    tsv(c.source()))).append('\n');
        }
        Files.writeString(dir.resolve("manifest.tsv"), manifest.toString(), StandardCharsets.UTF_8);
    }

    private static String tsv(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    /** One line: counts by kind and label, speakers, duration. */
    public String summary() {
        return String.format(Locale.ROOT, "%d clips (%d positive, %d negative; %s), %d speakers, %.1f min",
                clips.size(), positives().size(), negatives().size(), countByKind(), speakers().size(),
                totalSeconds() / 60);
    }
}
