package io.wakestream.trainer.data;

import org.jtransforms.fft.FloatFFT_1D;

/** Linear convolution by FFT (JTransforms): O(n log n) instead of O(n m), which matters for second-long impulse responses. */
public final class FftConvolver {
    private FftConvolver() {}

    /** The full linear convolution of {@code x} and {@code h}: {@code x.length + h.length - 1} samples. */
    public static float[] convolve(float[] x, float[] h) {
        if (x.length == 0 || h.length == 0) return new float[0];
        int outLen = x.length + h.length - 1;
        int n = Integer.highestOneBit(outLen);
        if (n < outLen) n <<= 1;
        float[] a = new float[n];
        float[] b = new float[n];
        System.arraycopy(x, 0, a, 0, x.length);
        System.arraycopy(h, 0, b, 0, h.length);
        FloatFFT_1D fft = new FloatFFT_1D(n);
        fft.realForward(a);
        fft.realForward(b);
        // JTransforms packs the real FFT as a[0] = Re(0), a[1] = Re(n/2), then (Re, Im) pairs for 1..n/2-1.
        a[0] *= b[0];
        a[1] *= b[1];
        for (int k = 2; k < n; k += 2) {
            float re = a[k] * b[k] - a[k + 1] * b[k + 1];
            float im = a[k] * b[k + 1] + a[k + 1] * b[k];
            a[k] = re;
            a[k + 1] = im;
        }
        fft.realInverse(a, true);
        float[] out = new float[outLen];
        System.arraycopy(a, 0, out, 0, outLen);
        return out;
    }
}
