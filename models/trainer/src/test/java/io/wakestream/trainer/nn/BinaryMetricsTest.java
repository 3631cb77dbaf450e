package io.wakestream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

    @Test
    void recallAtFalsePositiveBudgetLetsOnlyTheBudgetThrough() {
        // 100 negatives scoring 0..99, positives at 50.5, 98.5, 99.5, 200
        float[] scores = new float[104];
        float[] labels = new float[104];
        for (int i = 0; i < 100; i++) {
            scores[i] = i;
        }
        float[] pos = {50.5f, 98.5f, 99.5f, 200f};
        for (int i = 0; i < 4; i++) {
            scores[100 + i] = pos[i];
            labels[100 + i] = 1f;
        }
        float threshold = BinaryMetrics.thresholdAtFalsePositiveBudget(scores, labels, 0.01);
        assertEquals(98f, threshold); // only the negative 99 is above: 1% of 100
        assertEquals(0.75, BinaryMetrics.recallAbove(scores, labels, threshold), 1e-12);
        assertEquals(99f, BinaryMetrics.thresholdAtFalsePositiveBudget(scores, labels, 0.0));
    }

    @Test
    void lossMatchesTheDefinitionAndIsStableForLargeLogits() {
        float[] logits = {0f, 100f, -100f};
        float[] labels = {1f, 1f, 0f};
        double expected = (Math.log(2) + 0 + 0) / 3;
        assertEquals(expected, BinaryMetrics.loss(logits, labels, 1f), 1e-9);
        // positive weight scales only positive terms
        assertEquals(3 * Math.log(2) / 3, BinaryMetrics.loss(logits, labels, 3f), 1e-9);
        assertEquals(100.0 / 1, BinaryMetrics.loss(new float[] {-100f}, new float[] {1f}, 1f), 1e-9);
        assertEquals(2.0 / 3, BinaryMetrics.accuracy(new float[] {1f, -1f, 1f}, new float[] {1f, 0f, 0f}), 1e-12);
    }
}
