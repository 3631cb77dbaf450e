package io.wakestream.trainer.eval;

import io.wakestream.engine.audio.Pcm;
import io.wakestream.trainer.data.Augmenter;
import io.wakestream.trainer.data.NoiseGenerator;
import io.wakestream.trainer.data.Signals;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Evaluation audio made from held-out clips: positives as they would reach a microphone (a little room noise
 * before and after, optionally background noise at a fixed SNR), and negatives as one long continuous stream
 * (clips one after another with pauses and changing background noise), never as separate clips, so false
 * accepts per hour mean what they say.
 */
public final class SyntheticEvalAudio {
    private static final int RATE = 16_000;
    private static final NoiseGenerator.Color[] COLORS = NoiseGenerator.Color.values();

    private SyntheticEvalAudio() {}

    /**
     * A positive clip padded with 0.5 to 1 s of quiet noise before and 0.3 s after; with {@code snrDb} not null,
     * background noise at that SNR (relative to the clip's speech) over all of it.
     */
    public static short[] positive(float[] clip, Double snrDb, Random rnd) {
        return positive(clip, null, snrDb, rnd);
    }

    /**
     * As {@link #positive(float[], Double, Random)}, and when {@code following} is not null the phrase is followed,
     * after a pause of 0.15 to 0.5 s, by that speech (the command that comes after a wake word).
     */
    public static short[] positive(float[] clip, float[] following, Double snrDb, Random rnd) {
        return place(clip, following, snrDb, rnd).pcm();
    }

    /**
     * A positive clip as streamed, and where in it the clip starts (so where its phrase ends is known, and how long
     * after that the detector fired).
     */
    public record PlacedPositive(short[] pcm, int clipStartSample) {}

    /** As {@link #positive(float[], float[], Double, Random)}, with the clip's position; the same random draws. */
    public static PlacedPositive place(float[] clip, float[] following, Double snrDb, Random rnd) {
        int before = RATE / 2 + rnd.nextInt(RATE / 2), after = RATE * 3 / 10;
        int gap = following == null ? 0 : RATE * 15 / 100 + rnd.nextInt(RATE * 35 / 100);
        int tail = following == null ? after : gap + following.length + after;
        float[] x = new float[before + clip.length + tail];
        System.arraycopy(clip, 0, x, before, clip.length);
        if (following != null) System.arraycopy(following, 0, x, before + clip.length + gap, following.length);
        float[] floor = NoiseGenerator.generate(COLORS[rnd.nextInt(COLORS.length)], x.length, Signals.fromDb(-65), rnd);
        for (int i = 0; i < x.length; i++) x[i] += floor[i];
        if (snrDb != null) {
            float[] noise = NoiseGenerator.generate(COLORS[rnd.nextInt(COLORS.length)], x.length, 0.1, rnd);
            // SNR is measured on the speech, not on the padded clip, as a listener would judge it.
            double speech = Signals.rms(clip);
            double noiseRms = Signals.rms(noise);
            double gain = speech / Signals.fromDb(snrDb) / Math.max(noiseRms, 1e-12);
            for (int i = 0; i < x.length; i++) x[i] += (float) (noise[i] * gain);
        }
        return new PlacedPositive(Pcm.toPcm16(x), before);
    }

    /**
     * Streams about {@code hours} of continuous negative audio to {@code sink} in chunks of at most one clip
     * plus its pause: clips in random order (reused with new gain and noise when the set is shorter than the
     * target), pauses of 0.2 to 2 s, background noise at 5 to 30 dB SNR on half the clips, a noise-only stretch
     * every so often, and a quiet noise floor throughout.
     *
     * @return the milliseconds of audio produced
     */
    public static long negativeStream(List<float[]> clips, double hours, Random rnd, Consumer<short[]> sink) {
        return negativeStream(clips, hours, rnd, sink, (start, clip) -> {});
    }

    /** Told where each segment of the negative stream starts and which clip it holds. */
    @FunctionalInterface
    public interface SegmentListener {
        /**
         * @param startSample the segment's first sample in the stream
         * @param clipIndex index into the clips, or -1 for a stretch of noise alone
         */
        void onSegment(long startSample, int clipIndex);
    }

    /** As {@link #negativeStream(List, double, Random, Consumer)}, telling {@code segments} what plays where. */
    public static long negativeStream(List<float[]> clips, double hours, Random rnd, Consumer<short[]> sink,
            SegmentListener segments) {
        if (clips.isEmpty()) throw new IllegalArgumentException("no negative clips to build a stream from");
        long target = (long) (hours * 3600 * RATE), produced = 0;
        while (produced < target) {
            float[] segment;
            int clipIndex = -1;
            if (rnd.nextInt(12) == 0) {
                int len = RATE * (2 + rnd.nextInt(8));
                segment = NoiseGenerator.generate(COLORS[rnd.nextInt(COLORS.length)], len, Signals.fromDb(-40 + 25 * rnd.nextDouble()), rnd);
            } else {
                clipIndex = rnd.nextInt(clips.size());
                float[] clip = clips.get(clipIndex);
                int pause = RATE / 5 + rnd.nextInt(RATE * 9 / 5);
                segment = new float[clip.length + pause];
                double gain = Signals.fromDb(-10 + 12 * rnd.nextDouble());
                for (int i = 0; i < clip.length; i++) segment[i] = (float) (clip[i] * gain);
                if (rnd.nextBoolean()) {
                    float[] noise = NoiseGenerator.generate(COLORS[rnd.nextInt(COLORS.length)], segment.length, 0.1, rnd);
                    segment = Augmenter.mixAtSnr(segment, noise, 5 + 25 * rnd.nextDouble());
                }
            }
            float[] floor = NoiseGenerator.generate(NoiseGenerator.Color.PINK, segment.length, Signals.fromDb(-65), rnd);
            for (int i = 0; i < segment.length; i++) segment[i] += floor[i];
            segments.onSegment(produced, clipIndex);
            sink.accept(Pcm.toPcm16(segment));
            produced += segment.length;
        }
        return produced * 1000 / RATE;
    }
}
