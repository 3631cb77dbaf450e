package io.wakestream.trainer.dataset;

import io.wakestream.engine.features.MfccConfig;
import java.util.Random;

/**
 * Cuts training windows out of clips the way the streaming engine will see them: a window is exactly the audio
 * behind {@code windowFrames} frames, and a positive window ends shortly after the wake phrase ends (the engine
 * scores every few frames, so the model must say yes for a short while after the phrase, not at one instant).
 */
public final class WindowSampler {
    private final int windowSamples;
    private final int minTailSamples;
    private final int maxTailSamples;

    /**
     * @param minTailMs shortest time between the phrase's end and the window's end in positive windows
     * @param maxTailMs longest such time
     */
    public WindowSampler(MfccConfig features, int windowFrames, int minTailMs, int maxTailMs) {
        this.windowSamples = (windowFrames - 1) * features.hopSamples() + features.frameLengthSamples();
        this.minTailSamples = minTailMs * features.sampleRate() / 1000;
        this.maxTailSamples = maxTailMs * features.sampleRate() / 1000;
    }

    /** Samples in one window. */
    public int windowSamples() {
        return windowSamples;
    }

    /**
     * A window ending a random tail after {@code phraseEnd}. Where the window reaches before the clip, the
     * samples come from {@code before} (earlier audio: silence, noise or someone talking), else zeros.
     */
    public float[] positive(float[] clip, int phraseEnd, float[] before, Random rnd) {
        int tail = minTailSamples + rnd.nextInt(Math.max(1, maxTailSamples - minTailSamples + 1));
        return cut(clip, phraseEnd + tail, before, rnd);
    }

    /**
     * A window that ends inside the phrase ({@code from}..{@code to} of its length): the phrase is not finished,
     * so the answer is no. Teaches the model to wait for the whole phrase, and to reject words that merely
     * start the same way.
     */
    public float[] partial(float[] clip, int phraseStart, int phraseEnd, double from, double to, float[] before, Random rnd) {
        double f = from + (to - from) * rnd.nextDouble();
        return cut(clip, phraseStart + (int) Math.round(f * (phraseEnd - phraseStart)), before, rnd);
    }

    /** A window at a random position of a negative clip (zero-padded at a random offset when the clip is short). */
    public float[] anywhere(float[] clip, Random rnd) {
        if (clip.length >= windowSamples) {
            int start = rnd.nextInt(clip.length - windowSamples + 1);
            float[] w = new float[windowSamples];
            System.arraycopy(clip, start, w, 0, windowSamples);
            return w;
        }
        int end = clip.length + rnd.nextInt(windowSamples - clip.length + 1);
        return cut(clip, end, null, rnd);
    }

    /** The window of audio ending at {@code end} (exclusive) in {@code clip}'s timeline. */
    float[] cut(float[] clip, int end, float[] before, Random rnd) {
        float[] w = new float[windowSamples];
        int start = end - windowSamples;
        for (int i = 0; i < windowSamples; i++) {
            int j = start + i;
            if (j >= 0 && j < clip.length) w[i] = clip[j];
        }
        if (start < 0 && before != null && before.length > 0) {
            // Fill what lies before the clip with the end of some earlier audio, as in a live stream.
            int need = Math.min(-start, windowSamples);
            int len = Math.min(need, before.length);
            int offset = rnd.nextInt(before.length - len + 1);
            System.arraycopy(before, offset, w, need - len, len);
        }
        return w;
    }
}
