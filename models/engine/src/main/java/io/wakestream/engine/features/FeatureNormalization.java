package io.wakestream.engine.features;

import java.util.Arrays;

/**
 * Fixed per-coefficient normalisation, {@code (c - mean) / std}, with statistics measured on the training set
 * and stored in the model's manifest. Fixed statistics (rather than a running mean) keep every frame a pure
 * function of its own audio, so streaming and offline features stay identical.
 */
public record FeatureNormalization(float[] mean, float[] std) {
    public FeatureNormalization {
        if (mean == null || std == null || mean.length != std.length) {
            throw new IllegalArgumentException("normalization needs mean and std of equal length");
        }
        for (int i = 0; i < std.length; i++) {
            if (!(std[i] > 0) || !Float.isFinite(std[i])) {
                throw new IllegalArgumentException("normalization std[" + i + "] must be positive and finite, was " + std[i]);
            }
            if (!Float.isFinite(mean[i])) throw new IllegalArgumentException("normalization mean[" + i + "] is not finite");
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    void applyInPlace(float[] coefficients) {
        for (int i = 0; i < coefficients.length; i++) coefficients[i] = (coefficients[i] - mean[i]) / std[i];
    }

    /**
     * Normalises a whole window of unnormalised frames (frames x coefficients) in place, with exactly the float
     * operations the extractor applies per frame, so the trainer can normalise stored features and get
     * bit-identical results to extracting with this normalisation.
     */
    public void applyToFrames(float[] frames) {
        int n = mean.length;
        if (frames.length % n != 0) throw new IllegalArgumentException("window length " + frames.length + " is not a multiple of " + n);
        for (int i = 0; i < frames.length; i++) frames[i] = (frames[i] - mean[i % n]) / std[i % n];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureNormalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "FeatureNormalization" + Arrays.toString(mean) + "/" + Arrays.toString(std);
    }
}
