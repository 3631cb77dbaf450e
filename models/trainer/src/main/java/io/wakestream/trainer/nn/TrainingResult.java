package io.wakestream.trainer.nn;

import java.util.List;

/**
 * Outcome of {@link NetworkTrainer#train}. The network passed to the trainer holds the
 * parameters of {@link #bestEpoch()} afterwards.
 *
 * @param history metrics of every epoch that ran, in order
 * @param bestEpoch 1-based epoch with the lowest validation loss (its parameters were restored)
 * @param stoppedEarly true when patience ran out before the maximum number of epochs
 * @param seconds total wall time
 */
public record TrainingResult(List<EpochMetrics> history, int bestEpoch, boolean stoppedEarly, double seconds) {

    /** Copies the history so the record stays immutable. */
    public TrainingResult {
        history = List.copyOf(history);
    }

    /** @return metrics of the restored (best) epoch */
    public EpochMetrics best() {
        return history.get(bestEpoch - 1);
    }

    /**
     * Two passes as one history: the second pass's epochs numbered on from the first's, its best epoch the one
     * restored (the second pass started from the first one's best parameters).
     */
    public static TrainingResult passes(TrainingResult first, TrainingResult second) {
        List<EpochMetrics> all = new java.util.ArrayList<>(first.history());
        int offset = first.epochsRun();
        for (EpochMetrics m : second.history()) {
            all.add(new EpochMetrics(m.epoch() + offset, m.trainLoss(), m.validationLoss(), m.validationAccuracy(),
                    m.recallAtFalsePositiveBudget(), m.thresholdAtFalsePositiveBudget(), m.seconds(), m.windowsPerSecond()));
        }
        return new TrainingResult(all, second.bestEpoch() + offset, second.stoppedEarly(), first.seconds() + second.seconds());
    }

    /** @return number of epochs that ran */
    public int epochsRun() {
        return history.size();
    }
}
