package io.wakestream.trainer.data;

import java.util.Random;

/**
 * Simple synthetic room reverberation: an impulse response made of a direct path plus exponentially decaying
 * noise (the diffuse tail), convolved with the signal by FFT. No image-source geometry: the aim is the smeared
 * energy and long tails that distant microphones hear, not a particular room.
 */
public final class RoomReverb {
    /** Amplitude falls by 60 dB (a factor 1000) over RT60: exp(-ln(1000)) = 1e-3. */
    private static final double LN_1000 = Math.log(1000);
    /** The tail starts this long after the direct sound (first reflections of a small room). */
    static final double PRE_DELAY_S = 0.003;
    /** Longest impulse response generated, whatever the RT60, to bound the cost and the added length. */
    static final double MAX_LENGTH_S = 1.0;

    private RoomReverb() {}

    /**
     * A room impulse response.
     *
     * @param rt60 reverberation time in seconds (time for the tail to decay by 60 dB)
     * @param directToReverberantDb energy of the direct path relative to the tail's total energy; low values sound
     *     distant
     */
    public static float[] impulseResponse(double rt60, double directToReverberantDb, int sampleRate, Random random) {
        if (!(rt60 > 0)) throw new IllegalArgumentException("rt60 must be positive: " + rt60);
        int length = (int) Math.ceil(Math.min(rt60, MAX_LENGTH_S) * sampleRate);
        int start = (int) Math.round(PRE_DELAY_S * sampleRate);
        length = Math.max(length, start + 2);
        double[] tail = new double[length];
        double energy = 0;
        double lp = 0;
        for (int i = start; i < length; i++) {
            double t = (double) i / sampleRate;
            // A gentle low-pass on the noise: walls absorb highs more than lows, so real tails are darker.
            lp = 0.4 * lp + 0.6 * random.nextGaussian();
            tail[i] = lp * Math.exp(-LN_1000 * t / rt60);
            energy += tail[i] * tail[i];
        }
        double targetTailEnergy = Math.pow(10, -directToReverberantDb / 10); // relative to the direct path's 1
        double tailGain = energy > 0 ? Math.sqrt(targetTailEnergy / energy) : 0;
        float[] h = new float[length];
        h[0] = 1f; // the direct path, undelayed so that sample positions (phrase boundaries) do not move
        for (int i = start; i < length; i++) h[i] = (float) (tail[i] * tailGain);
        return h;
    }

    /**
     * Convolves {@code x} with {@code h} and keeps the whole tail (the result is {@code h.length - 1} samples
     * longer), scaled so that the part over the original span has the dry signal's RMS level.
     */
    public static float[] apply(float[] x, float[] h) {
        float[] wet = FftConvolver.convolve(x, h);
        double dry = Signals.rms(x);
        double wetLevel = Signals.rms(wet, 0, x.length);
        if (dry <= 0 || wetLevel <= 0) return wet;
        float g = (float) (dry / wetLevel);
        for (int i = 0; i < wet.length; i++) wet[i] *= g;
        return wet;
    }
}
