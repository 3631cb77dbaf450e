package io.wakestream.trainer.data;

import org.jtransforms.fft.DoubleFFT_1D;

/** Welch power spectra and related measurements for the tests. */
final class SpectrumTestUtil {
    private SpectrumTestUtil() {}

    /** Average power per FFT bin (Hann-windowed, 50% overlapping segments of {@code n} samples). */
    static double[] welch(float[] x, int n) {
        double[] psd = new double[n / 2 + 1];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        int segments = 0;
        for (int start = 0; start + n <= x.length; start += n / 2) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = x[start + i] * w[i];
            fft.realForward(a);
            psd[0] += a[0] * a[0];
            psd[n / 2] += a[1] * a[1];
            for (int k = 1; k < n / 2; k++) psd[k] += a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
            segments++;
        }
        for (int k = 0; k < psd.length; k++) psd[k] /= Math.max(1, segments);
        return psd;
    }

    /** Mean power density (dB) in the band [lo, hi) Hz. */
    static double bandDb(double[] psd, int n, int rate, double lo, double hi) {
        double sum = 0;
        int count = 0;
        for (int k = 0; k < psd.length; k++) {
            double f = (double) k * rate / n;
            if (f >= lo && f < hi) {
                sum += psd[k];
                count++;
            }
        }
        return 10 * Math.log10(sum / count);
    }

    /** Least-squares slope of band densities over octave bands from {@code lowest} Hz up, in dB per octave. */
    static double slopeDbPerOctave(float[] x, int rate, double lowest, int octaves) {
        int n = 4096;
        double[] psd = welch(x, n);
        double[] db = new double[octaves];
        for (int o = 0; o < octaves; o++) {
            double lo = lowest * Math.pow(2, o);
            db[o] = bandDb(psd, n, rate, lo, 2 * lo);
        }
        double mx = (octaves - 1) / 2.0;
        double my = 0;
        for (double d : db) my += d / octaves;
        double num = 0;
        double den = 0;
        for (int o = 0; o < octaves; o++) {
            num += (o - mx) * (db[o] - my);
            den += (o - mx) * (o - mx);
        }
        return num / den;
    }

    /** Frequency (Hz) of the strongest spectral peak, refined by parabolic interpolation. */
    static double peakFrequency(float[] x, int rate) {
        int n = Integer.highestOneBit(x.length);
        double[] psd = welch(x, Math.min(n, 8192));
        int size = Math.min(n, 8192);
        int best = 1;
        for (int k = 1; k < psd.length - 1; k++) if (psd[k] > psd[best]) best = k;
        double a = Math.log(psd[best - 1]);
        double b = Math.log(psd[best]);
        double c = Math.log(psd[best + 1]);
        double delta = 0.5 * (a - c) / (a - 2 * b + c);
        return (best + delta) * rate / size;
    }
}
