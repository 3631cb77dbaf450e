package io.wakestream.engine.vad;

import java.util.Arrays;

/**
 * One stream's Silero VAD state: the model's recurrent state ({@code h} and {@code c}, 2 x 64 floats each, as the
 * model returned them after the last frame) and the samples of a frame not yet complete. Plain arrays and
 * numbers so it can live in Flink keyed state; mutable, used by one stream at a time.
 *
 * <p>Silero VAD v4 takes no context samples beside the frame (v5 does), so the partial frame is all the audio
 * kept: whatever the chunk sizes, every frame holds the same 512 samples and so gets the same probability.
 */
public final class SileroVadState {
    private final float[] h;
    private final float[] c;
    private final short[] pending;
    private int fill;
    private long frames;

    /** A new stream: zero recurrent state, no samples. */
    public SileroVadState() {
        this(new float[SileroVad.STATE_SIZE], new float[SileroVad.STATE_SIZE], new short[0], 0);
    }

    /**
     * Restores a state from its parts (see the accessors).
     *
     * @param pending the samples of the partial frame (fewer than {@link SileroVad#FRAME_SAMPLES})
     */
    public SileroVadState(float[] h, float[] c, short[] pending, long frames) {
        if (h.length != SileroVad.STATE_SIZE || c.length != SileroVad.STATE_SIZE) {
            throw new IllegalArgumentException("Silero VAD state h and c must have " + SileroVad.STATE_SIZE
                    + " values, had " + h.length + " and " + c.length);
        }
        if (pending.length >= SileroVad.FRAME_SAMPLES) {
            throw new IllegalArgumentException("a partial frame has fewer than " + SileroVad.FRAME_SAMPLES + " samples, had " + pending.length);
        }
        if (frames < 0) throw new IllegalArgumentException("frames must be >= 0, was " + frames);
        this.h = h.clone();
        this.c = c.clone();
        this.pending = new short[SileroVad.FRAME_SAMPLES];
        System.arraycopy(pending, 0, this.pending, 0, pending.length);
        this.fill = pending.length;
        this.frames = frames;
    }

    /** The LSTM hidden state ({@code hn} of the last frame), a copy. */
    public float[] h() { return h.clone(); }

    /** The LSTM cell state ({@code cn} of the last frame), a copy. */
    public float[] c() { return c.clone(); }

    /** The samples of the partial frame, a copy. */
    public short[] pending() { return Arrays.copyOf(pending, fill); }

    /** Frames scored so far. */
    public long frames() { return frames; }

    // Package-private: SileroVad reads and writes the live arrays without copies.
    float[] hLive() { return h; }
    float[] cLive() { return c; }
    short[] pendingLive() { return pending; }
    int fill() { return fill; }
    void fill(int n) { fill = n; }
    void frameDone() { fill = 0; frames++; }

    @Override
    public boolean equals(Object o) {
        return o instanceof SileroVadState s && fill == s.fill && frames == s.frames && Arrays.equals(h, s.h)
                && Arrays.equals(c, s.c) && Arrays.equals(pending(), s.pending());
    }

    @Override
    public int hashCode() {
        return Long.hashCode(frames) * 31 + fill;
    }
}
