package io.wakestream.trainer.dataset;

/**
 * Feature windows with labels, ready for training.
 *
 * @param features each row one window, frames x coefficients row-major, oldest frame first (exactly what the
 *     engine hands the model)
 * @param labels 1 for the wake phrase, 0 otherwise
 */
public record WindowSet(float[][] features, float[] labels) {
    public WindowSet {
        if (features.length != labels.length) throw new IllegalArgumentException("features and labels differ in length");
    }

    public int size() {
        return labels.length;
    }

    /** This set followed by {@code more}. */
    public WindowSet plus(WindowSet more) {
        float[][] f = java.util.Arrays.copyOf(features, features.length + more.features.length);
        System.arraycopy(more.features, 0, f, features.length, more.features.length);
        float[] l = java.util.Arrays.copyOf(labels, labels.length + more.labels.length);
        System.arraycopy(more.labels, 0, l, labels.length, more.labels.length);
        return new WindowSet(f, l);
    }

    public int positives() {
        int n = 0;
        for (float l : labels) if (l > 0.5f) n++;
        return n;
    }
}
