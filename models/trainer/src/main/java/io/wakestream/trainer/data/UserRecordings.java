package io.wakestream.trainer.data;

import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.audio.WavReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's own recordings, e.g. of the wake phrase, from a directory laid out as either
 * <pre>
 *   dir/alice/001.wav, dir/alice/002.wav, dir/bob/take1.wav      (one subdirectory per speaker)
 *   dir/alice_001.wav, dir/bob_kitchen.wav, dir/carol.wav        (speaker before the first underscore)
 * </pre>
 * (both may be mixed). WAV files of any rate and channel count are read as 16 kHz mono. Files that cannot be used
 * (not WAV, broken, empty, silent, too short or too long) are reported with their name and the reason and
 * skipped; only a directory without any usable file is an error.
 */
public final class UserRecordings {
    /** Shorter clips cannot hold a spoken phrase. */
    static final int MIN_SAMPLES = PcmAudio.ENGINE_SAMPLE_RATE / 5;
    /** Longer recordings are probably not a single phrase; negatives may be long and are not limited. */
    static final int MAX_POSITIVE_SAMPLES = PcmAudio.ENGINE_SAMPLE_RATE * 10;
    /** Peak below -60 dBFS: nothing was recorded (muted microphone). */
    static final double SILENT_PEAK = Signals.fromDb(-60);
    /** Speaker ids get this prefix so they cannot collide with synthetic voices'. */
    public static final String SPEAKER_PREFIX = "user:";

    private static final Logger log = LoggerFactory.getLogger(UserRecordings.class);

    /** A file that was skipped, and why. */
    public record Problem(Path file, String reason) {
        @Override
        public String toString() {
            return file + ": " + reason;
        }
    }

    /**
     * What was loaded.
     *
     * @param clips usable clips, sorted by speaker then file name
     * @param problems skipped files with reasons
     */
    public record Result(List<Clip> clips, List<Problem> problems) {
        public Result {
            clips = List.copyOf(clips);
            problems = List.copyOf(problems);
        }

        /** Clips grouped by speaker id, speakers in sorted order. */
        public Map<String, List<Clip>> bySpeaker() {
            Map<String, List<Clip>> out = new TreeMap<>();
            for (Clip c : clips) out.computeIfAbsent(c.speakerId(), k -> new ArrayList<>()).add(c);
            return out;
        }
    }

    private UserRecordings() {}

    /**
     * Loads recordings of the wake phrase. Each clip is expected to hold the phrase alone; its boundaries are
     * estimated from the energy envelope (the span more than 35 dB above the floor relative to the peak).
     *
     * @throws IOException if the directory cannot be read or holds no usable recording (the message lists why
     *     each file was rejected)
     */
    public static Result loadPositives(Path dir, String wakePhrase) throws IOException {
        return load(dir, true, wakePhrase);
    }

    /** Loads negative recordings (anything that is not the wake phrase); no boundaries, no length limit. */
    public static Result loadNegatives(Path dir) throws IOException {
        return load(dir, false, "(user negative)");
    }

    private static Result load(Path dir, boolean positive, String text) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("recordings directory not found: " + dir);
        List<Clip> clips = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path p : sorted(dir)) {
            String name = p.getFileName().toString();
            if (name.startsWith(".")) continue;
            if (Files.isDirectory(p)) {
                String speaker = name;
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                        if (f.getFileName().toString().startsWith(".")) continue;
                        loadFile(f, speaker, positive, text, clips, problems);
                    }
                }
            } else if (Files.isRegularFile(p)) {
                loadFile(p, speakerFromFileName(name), positive, text, clips, problems);
            }
        }
        for (Problem pr : problems) log.warn("skipped recording {}", pr);
        if (clips.isEmpty()) {
            throw new IOException("no usable " + (positive ? "positive" : "negative") + " recordings in " + dir
                    + (problems.isEmpty() ? " (it holds no .wav files)" : ": " + problems));
        }
        log.info("loaded {} {} recordings from {} speakers in {} ({} skipped)", clips.size(),
                positive ? "positive" : "negative", clips.stream().map(Clip::speakerId).distinct().count(), dir,
                problems.size());
        return new Result(clips, problems);
    }

    /** {@code alice_003.wav} -> alice; {@code carol.wav} -> carol. */
    static String speakerFromFileName(String fileName) {
        String base = fileName.replaceFirst("(?i)\\.wav$", "");
        int u = base.indexOf('_');
        return u > 0 ? base.substring(0, u) : base;
    }

    private static void loadFile(Path f, String speaker, boolean positive, String text, List<Clip> clips,
            List<Problem> problems) {
        if (!f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav")) {
            problems.add(new Problem(f, "not a .wav file"));
            return;
        }
        PcmAudio audio;
        try {
            audio = WavReader.read(f);
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(f, "unreadable: " + e.getMessage()));
            return;
        }
        short[] s = audio.samples();
        if (s.length < MIN_SAMPLES) {
            problems.add(new Problem(f, "too short (" + audio.durationMs() + " ms)"));
            return;
        }
        if (positive && s.length > MAX_POSITIVE_SAMPLES) {
            problems.add(new Problem(f, "too long for a wake phrase (" + audio.durationMs() / 1000.0 + " s)"));
            return;
        }
        float[] x = Signals.toFloat(audio);
        if (Signals.peak(x) < SILENT_PEAK) {
            problems.add(new Problem(f, "silent (peak below -60 dBFS)"));
            return;
        }
        String id = SPEAKER_PREFIX + speaker;
        if (positive) {
            int[] r = Signals.activeRange(x, audio.sampleRate(), 35, audio.sampleRate() / 50);
            clips.add(new Clip(audio, true, id, text, f.toString(), Clip.Kind.WAKE, r[0], r[1]));
        } else {
            clips.add(new Clip(audio, false, id, text, f.toString(), Clip.Kind.SPEECH));
        }
    }

    private static List<Path> sorted(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
