package io.wakestream.engine.features;

/** Analysis windows applied to each frame before the FFT. */
public enum WindowFunction {
    HAMMING, HANN, RECTANGULAR;

    /** Symmetric window coefficients of the given length (symmetric, as Kaldi and librosa's defaults for MFCC). */
    public float[] coefficients(int length) {
        float[] w = new float[length];
        for (int n = 0; n < length; n++) {
            double x = length == 1 ? 0 : 2 * Math.PI * n / (length - 1);
            w[n] = (float) switch (this) {
                case HAMMING -> 0.54 - 0.46 * Math.cos(x);
                case HANN -> 0.5 - 0.5 * Math.cos(x);
                case RECTANGULAR -> 1.0;
            };
        }
        return w;
    }
}
