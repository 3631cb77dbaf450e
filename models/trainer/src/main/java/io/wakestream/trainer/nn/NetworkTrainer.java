package io.wakestream.trainer.nn;

import io.wakestream.trainer.util.ProgressBar;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Trains a {@link KwsNetwork} from in-memory windows with Adam, validating after every epoch and
 * stopping early when the validation loss stops improving. The parameters of the best epoch are
 * restored into the network before {@link #train} returns, ready for {@link OnnxExporter}.
 *
 * <p>Deterministic for a fixed seed on the CPU with a fixed thread count: shuffling uses a seeded
 * {@link Random}, dropout PyTorch's seeded generator.
 */
public final class NetworkTrainer {

    private final TrainingOptions options;
    private final PrintStream progress;
    private final boolean interactive;

    /**
     * Trainer that reports to stderr, as a redrawn bar on a terminal and as log lines otherwise.
     *
     * @param options hyper-parameters
     */
    public NetworkTrainer(TrainingOptions options) {
        this(options, System.err, ProgressBar.terminalAttached());
    }

    /**
     * Trainer reporting to a given stream.
     *
     * @param options hyper-parameters
     * @param progress where progress and per-epoch summaries go
     * @param interactive true to redraw a bar with carriage returns, false for plain log lines
     */
    public NetworkTrainer(TrainingOptions options, PrintStream progress, boolean interactive) {
        this.options = options;
        this.progress = progress;
        this.interactive = interactive;
    }

    /** @return the hyper-parameters */
    public TrainingOptions options() {
        return options;
    }

    /**
     * Trains {@code network} in place.
     *
     * @param network network to train; holds the best epoch's parameters afterwards
     * @param trainFeatures training windows, each {@code frames * coefficients} floats, time-major
     * @param trainLabels 1 for the wake phrase, 0 otherwise
     * @param validationFeatures validation windows (same layout), used for early stopping
     * @param validationLabels validation labels
     * @return per-epoch history and the restored epoch
     */
    public TrainingResult train(
            KwsNetwork network,
            float[][] trainFeatures,
            float[] trainLabels,
            float[][] validationFeatures,
            float[] validationLabels) {
        return train(network, trainFeatures, trainLabels, validationFeatures, validationLabels, false);
    }

    /**
     * Trains {@code network} further from the parameters it holds (a second pass on more data): the same as
     * {@link #train}, with a fresh optimiser; the best epoch of this pass is restored.
     */
    public TrainingResult continueTraining(
            KwsNetwork network,
            float[][] trainFeatures,
            float[] trainLabels,
            float[][] validationFeatures,
            float[] validationLabels) {
        return train(network, trainFeatures, trainLabels, validationFeatures, validationLabels, true);
    }

    private TrainingResult train(
            KwsNetwork network,
            float[][] trainFeatures,
            float[] trainLabels,
            float[][] validationFeatures,
            float[] validationLabels,
            boolean continuing) {
        check(trainFeatures, trainLabels, "training");
        check(validationFeatures, validationLabels, "validation");
        long start = System.nanoTime();
        DjlRuntime.seed(options.seed());
        Random shuffler = new Random(options.seed());
        // Its own generator, so that without masking the shuffles (and so the trained weights) are what they were.
        Random masks = new Random(options.seed() ^ 0x5eed_3a5cL);

        int n = trainFeatures.length;
        int batches = (n + options.batchSize() - 1) / options.batchSize();
        Optimizer adam = Optimizer.adam()
                .optLearningRateTracker(learningRate(options, options.epochs() * batches))
                .optWeightDecays(options.weightDecay())
                .build();
        DefaultTrainingConfig config = new DefaultTrainingConfig(new WeightedSigmoidBceLoss(options.positiveWeight()))
                .optOptimizer(adam)
                .optDevices(new Device[] {Device.cpu()});

        List<EpochMetrics> history = new ArrayList<>();
        byte[] best = network.snapshotParameters();
        int bestEpoch = 0;
        double bestLoss = Double.POSITIVE_INFINITY;
        boolean stoppedEarly = false;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }

        ParameterAverage average = null;
        try (Trainer trainer = network.model().newTrainer(config)) {
            trainer.initialize(KwsNetwork.inputShape(network.config(), options.batchSize()));
            // After initialising: for a new network that is when its parameters get their first values.
            average = options.averageDecay() > 0 ? new ParameterAverage(network, options.averageDecay()) : null;
            if (continuing && options.showProgress()) {
                // Initialising keeps parameters that already have values (and turns their gradients back on): a
                // second pass starts from the first one's result, which this loss shows.
                progress.printf(Locale.ROOT, "continuing from validation loss %.4f%n",
                        BinaryMetrics.loss(network.logits(validationFeatures), validationLabels, options.positiveWeight()));
            }
            for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                shuffle(order, shuffler);
                ProgressBar bar = options.showProgress()
                        ? new ProgressBar(String.format(Locale.ROOT, "epoch %d/%d", epoch, options.epochs()), batches, progress, interactive)
                        : null;
                double lossSum = 0;
                for (int b = 0; b < batches; b++) {
                    int from = b * options.batchSize();
                    int to = Math.min(n, from + options.batchSize());
                    lossSum += step(trainer, network, trainFeatures, trainLabels, order, from, to, options.featureMasking(), masks) * (to - from);
                    if (average != null) {
                        average.update();
                    }
                    if (bar != null) {
                        bar.update(b + 1, String.format(Locale.ROOT, "loss %.4f", lossSum / to));
                    }
                }
                double trainSeconds = (System.nanoTime() - epochStart) / 1e9;

                // The parameters validated, and kept if best: the average's when there is one.
                Supplier<Validated> validate = () -> new Validated(network.logits(validationFeatures), network.snapshotParameters());
                Validated validated = average != null ? average.withAverage(validate) : validate.get();
                float[] logits = validated.logits();
                double validationLoss = BinaryMetrics.loss(logits, validationLabels, options.positiveWeight());
                float threshold = BinaryMetrics.thresholdAtFalsePositiveBudget(
                        logits, validationLabels, options.falsePositiveBudget());
                EpochMetrics metrics = new EpochMetrics(
                        epoch,
                        lossSum / n,
                        validationLoss,
                        BinaryMetrics.accuracy(logits, validationLabels),
                        BinaryMetrics.recallAbove(logits, validationLabels, threshold),
                        BinaryMetrics.sigmoid(threshold),
                        (System.nanoTime() - epochStart) / 1e9,
                        n / trainSeconds);
                history.add(metrics);

                boolean improved = validationLoss < bestLoss;
                if (improved) {
                    bestLoss = validationLoss;
                    bestEpoch = epoch;
                    best = validated.parameters();
                }
                if (bar != null) {
                    bar.finish(summary(metrics, improved));
                }
                if (options.patience() > 0 && epoch - bestEpoch >= options.patience() && epoch < options.epochs()) {
                    stoppedEarly = true;
                    if (options.showProgress()) {
                        progress.printf(Locale.ROOT, "early stop: no validation improvement for %d epochs, restoring epoch %d%n",
                                options.patience(), bestEpoch);
                    }
                    break;
                }
            }
        } finally {
            if (average != null) {
                average.close();
            }
        }
        // Validation loss can be NaN (diverged) every epoch; then keep the last parameters
        // rather than the untrained initial ones, and report the last epoch.
        if (bestEpoch == 0) {
            bestEpoch = history.size();
        } else {
            network.restoreParameters(best);
        }
        return new TrainingResult(history, bestEpoch, stoppedEarly, (System.nanoTime() - start) / 1e9);
    }

    private record Validated(float[] logits, byte[] parameters) {}

    /**
     * The learning rate per optimiser step: fixed, or a half cosine from the rate to a hundredth of it over {@code
     * steps} (an early stop ends it sooner; a later pass, such as a hard-negative round, starts it again).
     */
    static Tracker learningRate(TrainingOptions options, int steps) {
        if (!options.cosineDecay()) {
            return Tracker.fixed(options.learningRate());
        }
        return Tracker.cosine().setBaseValue(options.learningRate()).optFinalValue(options.learningRate() / 100f)
                .setMaxUpdates(Math.max(1, steps)).build();
    }

    /** One optimiser step on windows {@code order[from..to)}, masked as {@code masking} says; returns the batch loss. */
    private static float step(Trainer trainer, KwsNetwork network, float[][] features, float[] labels, int[] order, int from,
            int to, FeatureMasking masking, Random masks) {
        // Sub-manager: every intermediate array of this batch is freed when it closes.
        try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray x = network.toInput(batch, features, order, from, to, masking.enabled() ? masking : null, masks);
            float[] y = new float[to - from];
            for (int i = from; i < to; i++) {
                y[i - from] = labels[order[i]];
            }
            NDArray target = batch.create(y, new Shape(to - from, 1));
            float loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray value = trainer.getLoss().evaluate(new NDList(target), new NDList(logits));
                collector.backward(value);
                loss = value.getFloat();
            }
            trainer.step();
            return loss;
        }
    }

    private String summary(EpochMetrics m, boolean improved) {
        return String.format(Locale.ROOT,
                "epoch %d/%d train loss %.4f | val loss %.4f acc %.3f recall@%.1f%%FP %.3f (thr %.3f) | %.1fs, %.0f windows/s%s",
                m.epoch(), options.epochs(), m.trainLoss(), m.validationLoss(), m.validationAccuracy(),
                100 * options.falsePositiveBudget(), m.recallAtFalsePositiveBudget(), m.thresholdAtFalsePositiveBudget(),
                m.seconds(), m.windowsPerSecond(), improved ? " *best" : "");
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static void check(float[][] features, float[] labels, String what) {
        if (features.length == 0) {
            throw new IllegalArgumentException(what + " set is empty");
        }
        if (features.length != labels.length) {
            throw new IllegalArgumentException(
                    what + ": " + features.length + " windows but " + labels.length + " labels");
        }
        for (float y : labels) {
            if (y != 0f && y != 1f) {
                throw new IllegalArgumentException(what + " labels must be 0 or 1, got " + y);
            }
        }
    }
}
