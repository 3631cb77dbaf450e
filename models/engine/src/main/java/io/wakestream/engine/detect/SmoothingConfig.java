package io.wakestream.engine.detect;

/**
 * How raw model scores are smoothed before the threshold. A trigger needs the moving average of the last
 * {@code averageOver} scores at or above the threshold and, when {@code k > 0}, at least {@code k} of the last
 * {@code n} raw scores at or above it too. {@code averageOver = 1, k = 0} is no smoothing at all.
 */
public record SmoothingConfig(int averageOver, int k, int n) {
    public SmoothingConfig {
        if (averageOver < 1 || averageOver > 1000) throw new IllegalArgumentException("smoothing.averageOver must be 1 to 1000, was " + averageOver);
        if (k < 0 || n < 0 || k > n || n > 1000) {
            throw new IllegalArgumentException("smoothing k-of-n must satisfy 0 <= k <= n <= 1000, was k=" + k + " n=" + n);
        }
        if (k > 0 && n == 0) throw new IllegalArgumentException("smoothing.n must be set when k > 0");
    }

    public static SmoothingConfig movingAverage(int scores) {
        return new SmoothingConfig(scores, 0, 0);
    }

    /** Scores the detector must remember. */
    public int history() {
        return Math.max(averageOver, n);
    }
}
