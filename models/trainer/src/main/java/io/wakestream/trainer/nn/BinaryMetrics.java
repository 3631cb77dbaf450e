package io.wakestream.trainer.nn;

import java.util.Arrays;

/** Loss and detection metrics computed in Java from logits, for validation. */
final class BinaryMetrics {

    private BinaryMetrics() {}

    /**
     * Numerically stable sigmoid binary cross-entropy with a positive-class weight, averaged over
     * windows: {@code w * (max(x,0) - x*y + log(1 + exp(-|x|)))} with {@code w = 1 + (pw-1) y}.
     * For y in {0,1} this equals PyTorch's {@code BCEWithLogitsLoss(pos_weight=pw)}.
     */
    static double loss(float[] logits, float[] labels, float positiveWeight) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double x = logits[i];
            double y = labels[i];
            double l = Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
            sum += (1 + (positiveWeight - 1) * y) * l;
        }
        return logits.length == 0 ? Double.NaN : sum / logits.length;
    }

    /** Fraction of windows with {@code (logit > 0) == (label >= 0.5)}. */
    static double accuracy(float[] logits, float[] labels) {
        int right = 0;
        for (int i = 0; i < logits.length; i++) {
            if ((logits[i] > 0) == (labels[i] >= 0.5f)) {
                right++;
            }
        }
        return logits.length == 0 ? Double.NaN : (double) right / logits.length;
    }

    /**
     * Threshold on the score such that at most {@code budget} of the negatives score strictly
     * above it, i.e. the score of the {@code floor(budget * negatives) + 1}-th highest negative.
     * Works on any monotone score (logits or probabilities).
     *
     * @return the threshold, or negative infinity without negatives
     */
    static float thresholdAtFalsePositiveBudget(float[] scores, float[] labels, double budget) {
        float[] negatives = select(scores, labels, false);
        if (negatives.length == 0) {
            return Float.NEGATIVE_INFINITY;
        }
        Arrays.sort(negatives);
        int allowed = (int) Math.floor(budget * negatives.length);
        return negatives[negatives.length - 1 - Math.min(allowed, negatives.length - 1)];
    }

    /** Fraction of positives scoring strictly above {@code threshold}; NaN without positives. */
    static double recallAbove(float[] scores, float[] labels, float threshold) {
        float[] positives = select(scores, labels, true);
        if (positives.length == 0) {
            return Double.NaN;
        }
        int hit = 0;
        for (float s : positives) {
            if (s > threshold) {
                hit++;
            }
        }
        return (double) hit / positives.length;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static float[] select(float[] scores, float[] labels, boolean positive) {
        int n = 0;
        for (float y : labels) {
            if ((y >= 0.5f) == positive) {
                n++;
            }
        }
        float[] out = new float[n];
        int k = 0;
        for (int i = 0; i < scores.length; i++) {
            if ((labels[i] >= 0.5f) == positive) {
                out[k++] = scores[i];
            }
        }
        return out;
    }
}
