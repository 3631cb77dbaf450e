package io.wakestream.trainer.nn;

import ai.djl.training.tracker.Tracker;

/**
 * Halves the learning rate when validation loss has not improved for {@link #PATIENCE} epochs (down to 1/32 of
 * the start). Wake-word models on synthetic voices stop improving on held-out voices after a few epochs at the
 * starting rate; smaller steps then still find a better minimum before early stopping ends the run.
 */
final class PlateauLearningRate implements Tracker {
    static final int PATIENCE = 2;
    private final float initial;
    private volatile float current;
    private int flatEpochs;

    PlateauLearningRate(float initial) {
        this.initial = initial;
        this.current = initial;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return current;
    }

    float current() {
        return current;
    }

    /** @return true when the rate was lowered */
    boolean afterEpoch(boolean improved) {
        if (improved) {
            flatEpochs = 0;
            return false;
        }
        if (++flatEpochs < PATIENCE || current <= initial / 32) return false;
        flatEpochs = 0;
        current = current / 2;
        return true;
    }
}
