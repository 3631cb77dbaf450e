package io.wakestream.engine.audio;

/** Measurements on test signals. */
final class Signals {
    private Signals() {}

    /**
     * Least-squares fit of {@code x[from..to) ~ a sin(w t) + b cos(w t)} at {@code freq}, where t is the sample
     * index over {@code rate}. Solving the 2x2 normal equations (rather than correlating) keeps it exact for
     * windows that are not a whole number of periods.
     */
    static Tone fit(double[] x, int from, int to, double freq, double rate) {
        double w = 2 * Math.PI * freq / rate;
        double ss = 0, cc = 0, sc = 0, xs = 0, xc = 0;
        for (int i = from; i < to; i++) {
            double s = Math.sin(w * i), c = Math.cos(w * i);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            xs += x[i] * s;
            xc += x[i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (xs * cc - xc * sc) / det;
        double b = (xc * ss - xs * sc) / det;
        double residual = 0;
        for (int i = from; i < to; i++) {
            double e = x[i] - a * Math.sin(w * i) - b * Math.cos(w * i);
            residual += e * e;
        }
        return new Tone(Math.hypot(a, b), Math.atan2(b, a), Math.sqrt(residual / (to - from)));
    }

    /**
     * A fitted tone: {@code amplitude * sin(w t + phase)}, and the RMS of what is left after removing it (noise,
     * distortion, aliases, images).
     */
    record Tone(double amplitude, double phase, double residualRms) {
        /** Residual relative to the tone's RMS, in dB. */
        double residualDb() {
            return 20 * Math.log10(residualRms / (amplitude / Math.sqrt(2)));
        }
    }

    static double rms(double[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) sum += x[i] * x[i];
        return Math.sqrt(sum / (to - from));
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    static double[] toDouble(short[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i] / 32768.0;
        return d;
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }
}
