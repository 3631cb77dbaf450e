package io.wakestream.trainer.data;

/**
 * A peaking equaliser band: a second-order IIR filter (the biquad of R. Bristow-Johnson's "Audio EQ Cookbook") that
 * raises or lowers the level around a centre frequency by a gain in dB and leaves frequencies far from it alone.
 */
public final class PeakingFilter {
    private PeakingFilter() {}

    /**
     * {@code x} through one peaking band (a new array; {@code x} is untouched).
     *
     * @param centerHz centre frequency, below half the sample rate
     * @param gainDb level change at the centre (negative cuts)
     * @param q quality factor: higher is narrower (bandwidth about centerHz / q)
     */
    public static float[] apply(float[] x, double centerHz, double gainDb, double q, int sampleRate) {
        if (!(centerHz > 0 && centerHz < sampleRate / 2.0)) {
            throw new IllegalArgumentException("centre frequency must be in (0, " + sampleRate / 2 + ") Hz, was " + centerHz);
        }
        if (!(q > 0)) throw new IllegalArgumentException("q must be positive, was " + q);
        double a = Math.pow(10, gainDb / 40);
        double w0 = 2 * Math.PI * centerHz / sampleRate;
        double alpha = Math.sin(w0) / (2 * q);
        double cos = Math.cos(w0);
        double a0 = 1 + alpha / a;
        double b0 = (1 + alpha * a) / a0;
        double b1 = -2 * cos / a0;
        double b2 = (1 - alpha * a) / a0;
        double a1 = -2 * cos / a0;
        double a2 = (1 - alpha / a) / a0;
        float[] y = new float[x.length];
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int i = 0; i < x.length; i++) {
            double v = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x[i];
            y2 = y1;
            y1 = v;
            y[i] = (float) v;
        }
        return y;
    }
}
