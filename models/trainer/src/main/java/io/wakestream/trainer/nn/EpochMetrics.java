package io.wakestream.trainer.nn;

/**
 * What one epoch of {@link NetworkTrainer} achieved.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean weighted training loss over the epoch's batches (training mode: dropout
 *     on, batch statistics)
 * @param validationLoss mean weighted loss on the validation set (inference mode)
 * @param validationAccuracy fraction of validation windows on the right side of probability 0.5
 * @param recallAtFalsePositiveBudget fraction of validation positives detected when the threshold
 *     lets at most the budgeted fraction of validation negatives through (NaN without positives)
 * @param thresholdAtFalsePositiveBudget that threshold, as a probability
 * @param seconds wall time of the epoch including validation
 * @param windowsPerSecond training windows processed per second (excluding validation)
 */
public record EpochMetrics(
        int epoch,
        double trainLoss,
        double validationLoss,
        double validationAccuracy,
        double recallAtFalsePositiveBudget,
        double thresholdAtFalsePositiveBudget,
        double seconds,
        double windowsPerSecond) {}
