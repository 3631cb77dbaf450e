package io.wakestream.trainer.nn;

/**
 * Hyper-parameters of {@link NetworkTrainer}.
 *
 * @param epochs maximum number of passes over the training set
 * @param batchSize windows per optimiser step
 * @param learningRate Adam learning rate
 * @param weightDecay L2 penalty added to the gradients by Adam (0 disables)
 * @param positiveWeight weight of the positive-class term in the loss (PyTorch's {@code
 *     pos_weight}); above 1 when wake-phrase windows are rare, e.g. {@link
 *     #balancedPositiveWeight(float[])}
 * @param patience epochs without improvement of the validation loss before stopping early; 0 or
 *     less trains all {@code epochs} (the best epoch is still restored)
 * @param seed seed for parameter initialisation, dropout and shuffling
 * @param falsePositiveBudget fraction of validation negatives allowed above the threshold when
 *     reporting recall, e.g. 0.01
 * @param showProgress whether to print progress to stderr
 * @param cosineDecay whether the learning rate falls along a half cosine over each call's epochs, from {@code
 *     learningRate} to a hundredth of it, instead of staying fixed: big steps early, small ones to settle at the
 *     end (for "jarvis", with fewer epochs, it made a worse model than the fixed rate: see the README)
 * @param averageDecay 0: validate, keep and export the parameters as trained; in (0, 1): an exponential moving
 *     average of them over the optimiser steps with this decay ({@link ParameterAverage})
 * @param featureMasking what of each training window is masked as it goes into a batch ({@link FeatureMasking#NONE}:
 *     nothing)
 */
public record TrainingOptions(
        int epochs,
        int batchSize,
        float learningRate,
        float weightDecay,
        float positiveWeight,
        int patience,
        long seed,
        double falsePositiveBudget,
        boolean showProgress,
        boolean cosineDecay,
        float averageDecay,
        FeatureMasking featureMasking) {

    /** Validates ranges. */
    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1: " + epochs);
        }
        if (batchSize < 2) {
            // BatchNorm needs more than one window to estimate batch statistics.
            throw new IllegalArgumentException("batchSize must be >= 2: " + batchSize);
        }
        if (!(learningRate > 0f) || !(weightDecay >= 0f) || !(positiveWeight > 0f)) {
            throw new IllegalArgumentException(
                    "need learningRate > 0, weightDecay >= 0, positiveWeight > 0: "
                            + learningRate + ", " + weightDecay + ", " + positiveWeight);
        }
        if (!(falsePositiveBudget >= 0 && falsePositiveBudget < 1)) {
            throw new IllegalArgumentException("falsePositiveBudget must be in [0,1): " + falsePositiveBudget);
        }
        if (!(averageDecay >= 0f && averageDecay < 1f)) {
            throw new IllegalArgumentException("averageDecay must be in [0,1): " + averageDecay);
        }
        if (featureMasking == null) throw new IllegalArgumentException("featureMasking must be set (FeatureMasking.NONE for none)");
    }

    /**
     * Defaults: 30 epochs, batch 64, learning rate 1e-3, weight decay 1e-4, positive weight 1,
     * patience 5, seed 42, 1% false-positive budget, progress shown, a fixed learning rate, no parameter average,
     * no feature masking.
     *
     * @return the default options
     */
    public static TrainingOptions defaults() {
        return new TrainingOptions(30, 64, 1e-3f, 1e-4f, 1f, 5, 42L, 0.01, true, false, 0f, FeatureMasking.NONE);
    }

    /**
     * The positive weight that makes both classes contribute equally to the loss.
     *
     * @param labels 0/1 labels of the training set
     * @return negatives / positives (1 when either class is missing)
     */
    public static float balancedPositiveWeight(float[] labels) {
        long positives = 0;
        for (float y : labels) {
            if (y >= 0.5f) {
                positives++;
            }
        }
        long negatives = labels.length - positives;
        return positives == 0 || negatives == 0 ? 1f : (float) negatives / positives;
    }

    /** @return a copy with another epoch count */
    public TrainingOptions withEpochs(int value) {
        return new TrainingOptions(value, batchSize, learningRate, weightDecay, positiveWeight, patience, seed,
                falsePositiveBudget, showProgress, cosineDecay, averageDecay, featureMasking);
    }

    /** @return a copy with another batch size */
    public TrainingOptions withBatchSize(int value) {
        return new TrainingOptions(epochs, value, learningRate, weightDecay, positiveWeight, patience, seed,
                falsePositiveBudget, showProgress, cosineDecay, averageDecay, featureMasking);
    }

    /** @return a copy with another learning rate */
    public TrainingOptions withLearningRate(float value) {
        return new TrainingOptions(epochs, batchSize, value, weightDecay, positiveWeight, patience, seed,
                falsePositiveBudget, showProgress, cosineDecay, averageDecay, featureMasking);
    }

    /** @return a copy with another weight decay */
    public TrainingOptions withWeightDecay(float value) {
        return new TrainingOptions(epochs, batchSize, learningRate, value, positiveWeight, patience, seed,
                falsePositiveBudget, showProgress, cosineDecay, averageDecay, featureMasking);
    }

    /** @return a copy with another positive-class weight */
    public TrainingOptions withPositiveWeight(float value) {
        return new TrainingOptions(epochs, batchSize, learningRate, weightDecay, value, patience, seed,
                falsePositiveBudget, showProgress, cosineDecay, averageDecay, featureMasking);
    }

    /** @return a copy with another early-stopping patience */
    public TrainingOptions withPatience(int value) {
        return new TrainingOptions(epochs, batchSize, learningRate, weightDecay, positiveWeight, value, seed,
                falsePositiveBudget, showProgress, cosineDecay, averageDecay, featureMasking);
    }

    /** @return a copy with another seed */
    public TrainingOptions withSeed(long value) {
        return new TrainingOptions(epochs, batchSize, learningRate, weightDecay, positiveWeight, patience, value,
                falsePositiveBudget, showProgress, cosineDecay, averageDecay, featureMasking);
    }

    /** @return a copy with another false-positive budget */
    public TrainingOptions withFalsePositiveBudget(double value) {
        return new TrainingOptions(epochs, batchSize, learningRate, weightDecay, positiveWeight, patience, seed,
                value, showProgress, cosineDecay, averageDecay, featureMasking);
    }

    /** @return a copy with progress output switched on or off */
    public TrainingOptions withShowProgress(boolean value) {
        return new TrainingOptions(epochs, batchSize, learningRate, weightDecay, positiveWeight, patience, seed,
                falsePositiveBudget, value, cosineDecay, averageDecay, featureMasking);
    }

    /** @return a copy with the learning rate fixed ({@code false}) or falling along a half cosine ({@code true}) */
    public TrainingOptions withCosineDecay(boolean value) {
        return new TrainingOptions(epochs, batchSize, learningRate, weightDecay, positiveWeight, patience, seed,
                falsePositiveBudget, showProgress, value, averageDecay, featureMasking);
    }

    /** @return a copy that validates and keeps an average of the parameters with this decay (0: off) */
    public TrainingOptions withAverageDecay(float value) {
        return new TrainingOptions(epochs, batchSize, learningRate, weightDecay, positiveWeight, patience, seed,
                falsePositiveBudget, showProgress, cosineDecay, value, featureMasking);
    }

    /** @return a copy that masks training windows so ({@link FeatureMasking#NONE}: not at all) */
    public TrainingOptions withFeatureMasking(FeatureMasking value) {
        return new TrainingOptions(epochs, batchSize, learningRate, weightDecay, positiveWeight, patience, seed,
                falsePositiveBudget, showProgress, cosineDecay, averageDecay, value);
    }
}
