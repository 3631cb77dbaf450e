package io.wakestream.runner;

import io.wakestream.engine.audio.WavReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bench's building blocks, cut from the committed demo samples (samples/make-samples.sh: espeak-ng speech over
 * a quiet pink-noise floor, 16 kHz mono):
 * <ul>
 *   <li>wake clips, {@code kitchen.wav} and {@code hallway.wav} whole: room tone, "Jarvis", a pause, a command, room
 *       tone;</li>
 *   <li>a speech clip without the wake phrase, {@code office.wav};</li>
 *   <li>room tone: the noise floor before the speech of {@code office.wav}.</li>
 * </ul>
 * Which sample says what is fixed by make-samples.sh; where the phrase and the command are is found here from the
 * audio (speech is tens of dB above the noise floor), so remade samples still line up. With the committed files:
 * kitchen "Jarvis" 1.21-1.83 s, command to 4.37 s; hallway "Jarvis" 2.41-2.99 s, command to 5.74 s; office speech
 * 1.20-4.73 s.
 */
final class BenchClips {
    static final int SAMPLES_PER_MS = 16;
    /** 10 ms energy frames. */
    private static final int FRAME = 10 * SAMPLES_PER_MS;
    /** A frame is speech when its RMS is this many times the clip's median frame RMS (the noise floor): +20 dB. */
    private static final double SPEECH_OVER_FLOOR = 10;
    /** Pauses shorter than this are inside one utterance (between words). */
    private static final int MERGE_GAP_MS = 300;
    /** Start and end of something in a clip, ms from the clip's first sample. */
    record Span(long startMs, long endMs) {}

    /**
     * @param name the sample it was cut from
     * @param pcm 16 kHz mono samples
     * @param wake where "Jarvis" is, or null for speech without it
     * @param commandEndMs where the command after the wake phrase ends (-1 without a wake phrase)
     */
    record Clip(String name, short[] pcm, Span wake, long commandEndMs) {
        long durationMs() {
            return pcm.length / SAMPLES_PER_MS;
        }
    }

    private final List<Clip> wakeClips;
    private final Clip speechClip;
    private final short[] roomTone;

    private BenchClips(List<Clip> wakeClips, Clip speechClip, short[] roomTone) {
        this.wakeClips = List.copyOf(wakeClips);
        this.speechClip = speechClip;
        this.roomTone = roomTone;
    }

    /** Reads and cuts the samples in {@code dir}; an error names the file and what does not fit. */
    static BenchClips load(Path dir) throws IOException {
        List<Clip> wake = new ArrayList<>();
        for (String name : List.of("kitchen.wav", "hallway.wav")) wake.add(wakeClip(dir.resolve(name)));
        Path officeFile = dir.resolve("office.wav");
        short[] office = read(officeFile);
        List<Span> spans = speechSpans(office);
        if (spans.isEmpty() || spans.get(0).startMs() < 500) {
            throw new IOException(officeFile + ": expected half a second or more of room tone before the speech"
                    + " (make-samples.sh puts 1.2 s there); speech found at " + spans);
        }
        short[] room = Arrays.copyOf(office, (int) (spans.get(0).startMs() - 100) * SAMPLES_PER_MS);
        return new BenchClips(wake, new Clip("office", office, null, -1), room);
    }

    private static Clip wakeClip(Path file) throws IOException {
        short[] pcm = read(file);
        List<Span> spans = speechSpans(pcm);
        if (spans.size() < 2 || spans.get(0).endMs() - spans.get(0).startMs() > 1_500) {
            throw new IOException(file + ": expected the wake phrase (under 1.5 s) and then a command, as"
                    + " make-samples.sh makes it; speech found at " + spans);
        }
        String name = file.getFileName().toString().replaceFirst("\\.wav$", "");
        return new Clip(name, pcm, spans.get(0), spans.get(spans.size() - 1).endMs());
    }

    /** The file at 16 kHz, cut to a whole number of milliseconds so every clip starts on a millisecond in a device's audio. */
    private static short[] read(Path file) throws IOException {
        short[] pcm = WavReader.read(file).samples();
        return Arrays.copyOf(pcm, pcm.length - pcm.length % SAMPLES_PER_MS);
    }

    /** Speech in 16 kHz audio: runs of 10 ms frames well above the noise floor, pauses under 300 ms merged. */
    static List<Span> speechSpans(short[] pcm) {
        int frames = pcm.length / FRAME;
        double[] rms = new double[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int i = f * FRAME; i < (f + 1) * FRAME; i++) sum += (double) pcm[i] * pcm[i];
            rms[f] = Math.sqrt(sum / FRAME);
        }
        double[] sorted = rms.clone();
        Arrays.sort(sorted);
        double threshold = SPEECH_OVER_FLOOR * Math.max(1, frames == 0 ? 1 : sorted[frames / 2]);
        List<Span> spans = new ArrayList<>();
        int start = -1;
        for (int f = 0; f <= frames; f++) {
            boolean speech = f < frames && rms[f] > threshold;
            if (speech && start < 0) start = f;
            if (!speech && start >= 0) {
                long s = start * 10L, e = f * 10L;
                Span last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
                if (last != null && s - last.endMs() < MERGE_GAP_MS) spans.set(spans.size() - 1, new Span(last.startMs(), e));
                else spans.add(new Span(s, e));
                start = -1;
            }
        }
        return spans;
    }

    List<Clip> wakeClips() {
        return wakeClips;
    }

    Clip speechClip() {
        return speechClip;
    }

    short[] roomTone() {
        return roomTone;
    }

    /** One line for the log: where the phrases are. */
    String describe() {
        StringBuilder b = new StringBuilder();
        for (Clip c : wakeClips) {
            b.append(String.format(java.util.Locale.ROOT, "%s (%.2f s, \"jarvis\" %.2f-%.2f s, command to %.2f s); ",
                    c.name(), c.durationMs() / 1000.0, c.wake().startMs() / 1000.0, c.wake().endMs() / 1000.0,
                    c.commandEndMs() / 1000.0));
        }
        b.append(String.format(java.util.Locale.ROOT, "%s (%.2f s, no wake phrase); room tone %.2f s",
                speechClip.name(), speechClip.durationMs() / 1000.0, roomTone.length / (double) (SAMPLES_PER_MS * 1000)));
        return b.toString();
    }
}
