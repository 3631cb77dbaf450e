package io.wakestream.engine.audio;

/**
 * Streaming band-limited resampler (windowed-sinc). Feeding the input in any chunk sizes gives the same
 * output as feeding it at once. STUB: being implemented.
 */
public final class Resampler {
    public Resampler(int inputRate, int outputRate) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Resamples a whole signal in one call (convenience for clips; uses the streaming path). */
    public static float[] resample(float[] input, int inputRate, int outputRate) {
        throw new UnsupportedOperationException("TODO");
    }
}
