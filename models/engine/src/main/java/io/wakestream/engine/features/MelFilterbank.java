package io.wakestream.engine.features;

/**
 * Triangular filters equally spaced on the HTK mel scale, {@code mel(f) = 2595 log10(1 + f / 700)}, stored
 * sparsely: each filter keeps only the FFT bins where its weight is non-zero, which makes applying the bank
 * about as cheap as one pass over the spectrum.
 */
public final class MelFilterbank {
    private final int[] firstBin;
    private final float[][] weights;

    public MelFilterbank(int sampleRate, int fftSize, int bands, double lowHz, double highHz) {
        int bins = fftSize / 2 + 1;
        double lowMel = hzToMel(lowHz);
        double highMel = hzToMel(highHz);
        double[] edges = new double[bands + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = melToHz(lowMel + (highMel - lowMel) * i / (bands + 1));
        }
        firstBin = new int[bands];
        weights = new float[bands][];
        for (int b = 0; b < bands; b++) {
            double left = edges[b], center = edges[b + 1], right = edges[b + 2];
            int first = -1, last = -1;
            float[] w = new float[bins];
            for (int k = 0; k < bins; k++) {
                double f = (double) k * sampleRate / fftSize;
                double v = 0;
                if (f > left && f < right) v = f <= center ? (f - left) / (center - left) : (right - f) / (right - center);
                if (v > 0) {
                    if (first < 0) first = k;
                    last = k;
                    w[k] = (float) v;
                }
            }
            if (first < 0) {
                // A band narrower than one FFT bin: give it the nearest bin so it never reads as silence.
                int k = (int) Math.round(center * fftSize / sampleRate);
                first = last = Math.min(k, bins - 1);
                w[first] = 1f;
            }
            firstBin[b] = first;
            weights[b] = java.util.Arrays.copyOfRange(w, first, last + 1);
        }
    }

    public static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    public static double melToHz(double mel) {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }

    public int bands() {
        return weights.length;
    }

    /** Weight of filter {@code band} at FFT bin {@code bin} (0 outside its support). */
    public float weight(int band, int bin) {
        int i = bin - firstBin[band];
        return i >= 0 && i < weights[band].length ? weights[band][i] : 0f;
    }

    /** Applies the bank to a power spectrum of {@code fftSize/2+1} bins. */
    public void apply(float[] power, float[] out) {
        for (int b = 0; b < weights.length; b++) {
            float[] w = weights[b];
            int k0 = firstBin[b];
            float sum = 0f;
            for (int i = 0; i < w.length; i++) sum += w[i] * power[k0 + i];
            out[b] = sum;
        }
    }
}
