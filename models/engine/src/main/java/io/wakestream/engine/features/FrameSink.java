package io.wakestream.engine.features;

/** Receives MFCC frames as they complete. */
@FunctionalInterface
public interface FrameSink {
    /**
     * @param frameIndex 0-based index of the frame on its stream (frame i starts at sample i * hop)
     * @param coefficients the frame's coefficients; the array is reused for the next frame, copy what you keep
     * @param logEnergyDb the frame's energy in dB relative to full scale (before windowing), for voice activity
     *     and for locating the phrase
     */
    void onFrame(long frameIndex, float[] coefficients, float logEnergyDb);
}
