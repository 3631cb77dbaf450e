package io.wakestream.trainer.data;

import java.util.Random;

/**
 * Coloured noise: white (flat spectrum), pink (-3 dB per octave) and brown (-6 dB per octave), scaled to a
 * requested RMS level. Seeded, so the same {@link Random} state gives the same noise.
 */
public final class NoiseGenerator {
    /** Noise colours by spectral slope. */
    public enum Color {
        /** Equal power per hertz. */
        WHITE,
        /** Power falls 3 dB per octave: equal power per octave, like many natural sounds. */
        PINK,
        /** Power falls 6 dB per octave (integrated white noise): rumble, wind, distant traffic. */
        BROWN
    }

    /**
     * Leak of the brown-noise integrator. A pure integrator wanders off without bound; this one turns into white
     * noise below about (1 - LEAK) * fs / 2pi = 10 Hz at 16 kHz, far below anything speech features look at.
     */
    static final double BROWN_LEAK = 0.996;

    private NoiseGenerator() {}

    /** {@code length} samples of {@code color} noise with the given RMS (e.g. 0.1 is -20 dBFS). */
    public static float[] generate(Color color, int length, double rms, Random random) {
        double[] x = switch (color) {
            case WHITE -> white(length, random);
            case PINK -> pink(length, random);
            case BROWN -> brown(length, random);
        };
        return scaleToRms(x, rms);
    }

    private static double[] white(int length, Random random) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) x[i] = random.nextGaussian();
        return x;
    }

    /**
     * Paul Kellet's "refined" pink filter: white noise through a sum of seven first-order low-passes whose poles
     * are spread so that their combined response follows 1/f within about 0.05 dB above fs/4800 (3 Hz at
     * 16 kHz). More accurate than Voss-McCartney, which has ripples of a dB or more.
     */
    private static double[] pink(int length, Random random) {
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        // A few hundred milliseconds of warm-up so the slowest pole starts in its steady state.
        int warmup = 8192;
        double[] x = new double[length];
        for (int i = -warmup; i < length; i++) {
            double w = random.nextGaussian();
            b0 = 0.99886 * b0 + w * 0.0555179;
            b1 = 0.99332 * b1 + w * 0.0750759;
            b2 = 0.96900 * b2 + w * 0.1538520;
            b3 = 0.86650 * b3 + w * 0.3104856;
            b4 = 0.55000 * b4 + w * 0.5329522;
            b5 = -0.7616 * b5 - w * 0.0168980;
            double y = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
            b6 = w * 0.115926;
            if (i >= 0) x[i] = y;
        }
        return x;
    }

    private static double[] brown(int length, Random random) {
        double y = 0;
        int warmup = 4096; // the integrator's time constant is 250 samples
        double[] x = new double[length];
        for (int i = -warmup; i < length; i++) {
            y = BROWN_LEAK * y + random.nextGaussian();
            if (i >= 0) x[i] = y;
        }
        // Remove what is left of the DC drift so the RMS measures the audible part.
        double mean = 0;
        for (double v : x) mean += v;
        mean /= Math.max(1, length);
        for (int i = 0; i < length; i++) x[i] -= mean;
        return x;
    }

    private static float[] scaleToRms(double[] x, double rms) {
        double sum = 0;
        for (double v : x) sum += v * v;
        double cur = x.length == 0 ? 0 : Math.sqrt(sum / x.length);
        double g = cur > 0 ? rms / cur : 0;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = (float) (x[i] * g);
        return out;
    }
}
