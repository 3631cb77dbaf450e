package io.wakestream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NetworkTrainerTest {

    private static final KwsNetworkConfig CONFIG = KwsNetworkConfig.defaults();

    @Test
    void learnsABrightBandQuickly() {
        SyntheticData train = SyntheticData.band(CONFIG, 1024, 1);
        SyntheticData validation = SyntheticData.band(CONFIG, 256, 2);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingOptions options = TrainingOptions.defaults().withEpochs(4).withBatchSize(64).withPatience(3);
        TrainingResult result;
        try (KwsNetwork network = KwsNetwork.create(CONFIG, 1)) {
            result = new NetworkTrainer(options, new PrintStream(log, true, StandardCharsets.UTF_8), false)
                    .train(network, train.features, train.labels, validation.features, validation.labels);
            // the restored parameters are the best epoch's: recomputing its accuracy agrees
            float[] logits = network.logits(validation.features);
            assertEquals(result.best().validationAccuracy(), BinaryMetrics.accuracy(logits, validation.labels), 1e-9);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        System.err.print(text);
        assertTrue(result.best().validationAccuracy() > 0.9, "accuracy " + result.best());
        assertTrue(result.best().recallAtFalsePositiveBudget() > 0.8, "recall " + result.best());
        assertTrue(text.contains("epoch 1/4"), text);
        assertFalse(text.contains("\r"), "log lines, not a redrawn bar, when not on a terminal");
        System.err.printf("training speed: %.0f windows/s (epoch 1), %.0f windows/s (last epoch)%n",
                result.history().get(0).windowsPerSecond(),
                result.history().get(result.epochsRun() - 1).windowsPerSecond());
    }

    @Test
    void stopsEarlyOnNoiseAndRestoresTheBestEpoch() {
        SyntheticData train = SyntheticData.noiseLabels(CONFIG, 256, 3);
        SyntheticData validation = SyntheticData.noiseLabels(CONFIG, 128, 4);
        TrainingOptions options = TrainingOptions.defaults()
                .withEpochs(15).withBatchSize(32).withPatience(2).withLearningRate(3e-3f).withShowProgress(false);
        try (KwsNetwork network = KwsNetwork.create(CONFIG, 5)) {
            TrainingResult result = new NetworkTrainer(options)
                    .train(network, train.features, train.labels, validation.features, validation.labels);
            for (EpochMetrics m : result.history()) {
                System.err.printf("noise epoch %d: train %.4f val %.4f%n", m.epoch(), m.trainLoss(), m.validationLoss());
            }
            assertTrue(result.stoppedEarly(), "history " + result.history());
            assertTrue(result.epochsRun() < 15);
            assertEquals(result.epochsRun() - 2, result.bestEpoch());
            double bestLoss = result.best().validationLoss();
            for (EpochMetrics m : result.history()) {
                assertTrue(m.validationLoss() >= bestLoss);
            }
            // the network now holds the best epoch's parameters, not the last epoch's
            float[] logits = network.logits(validation.features);
            assertEquals(bestLoss, BinaryMetrics.loss(logits, validation.labels, 1f), 1e-5);
        }
    }

    @Test
    void sameSeedSameResult() {
        SyntheticData train = SyntheticData.band(CONFIG, 128, 6);
        SyntheticData validation = SyntheticData.band(CONFIG, 64, 7);
        TrainingOptions options = TrainingOptions.defaults().withEpochs(2).withBatchSize(32).withShowProgress(false);
        float[] first;
        float[] second;
        try (KwsNetwork network = KwsNetwork.create(CONFIG, 9)) {
            new NetworkTrainer(options).train(network, train.features, train.labels, validation.features, validation.labels);
            first = network.predict(validation.features);
        }
        try (KwsNetwork network = KwsNetwork.create(CONFIG, 9)) {
            new NetworkTrainer(options).train(network, train.features, train.labels, validation.features, validation.labels);
            second = network.predict(validation.features);
        }
        assertArrayEquals(first, second, 1e-6f);
    }

    @Test
    void trainingCanContinueAfterTheBestEpochWasRestored() {
        SyntheticData train = SyntheticData.band(CONFIG, 96, 8);
        SyntheticData validation = SyntheticData.band(CONFIG, 32, 9);
        TrainingOptions options = TrainingOptions.defaults().withEpochs(2).withBatchSize(32).withShowProgress(false);
        try (KwsNetwork network = KwsNetwork.create(CONFIG, 10)) {
            NetworkTrainer trainer = new NetworkTrainer(options);
            trainer.train(network, train.features, train.labels, validation.features, validation.labels);
            float[] before = network.predict(validation.features);
            TrainingResult again = trainer.train(network, train.features, train.labels, validation.features, validation.labels);
            assertEquals(2, again.epochsRun());
            float[] after = network.predict(validation.features);
            assertFalse(java.util.Arrays.equals(before, after), "second run should have changed the parameters");
            assertEquals(CONFIG.parameterCount(), network.parameterCount());
        }
    }
    /**
     * A second pass starts from the parameters the network holds, not from a fresh initialisation: with a learning
     * rate too small to move any weight, the network still tells the classes apart after continuing (a
     * re-initialised one would be at chance). Its outputs do shift a little: BatchNorm's running statistics keep
     * updating in training mode.
     */
    @Test
    void continueTrainingStartsFromTheParametersTheNetworkHolds() {
        SyntheticData train = SyntheticData.band(CONFIG, 1024, 11);
        SyntheticData validation = SyntheticData.band(CONFIG, 256, 12);
        TrainingOptions options = TrainingOptions.defaults().withEpochs(4).withBatchSize(64).withShowProgress(false);
        try (KwsNetwork network = KwsNetwork.create(CONFIG, 13); KwsNetwork fresh = KwsNetwork.create(CONFIG, 14)) {
            new NetworkTrainer(options).train(network, train.features, train.labels, validation.features, validation.labels);
            double trained = BinaryMetrics.accuracy(network.logits(validation.features), validation.labels);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            TrainingResult second = new NetworkTrainer(options.withEpochs(1).withLearningRate(1e-9f).withShowProgress(true),
                    new PrintStream(log, true, StandardCharsets.UTF_8), false)
                    .continueTraining(network, train.features, train.labels, validation.features, validation.labels);
            double continued = BinaryMetrics.accuracy(network.logits(validation.features), validation.labels);
            double untrained = BinaryMetrics.accuracy(fresh.logits(validation.features), validation.labels);
            System.err.printf("accuracy: trained %.3f, continued at lr 1e-9 %.3f, untrained %.3f%n", trained, continued, untrained);
            assertTrue(trained > 0.9, "the first pass learned the band: " + trained);
            assertTrue(continued > 0.85, "still knows it after continuing: " + continued);
            assertTrue(untrained < 0.7, "an untrained network does not: " + untrained);
            assertEquals(1, second.epochsRun());
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("continuing from validation loss"), log.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void twoPassesReadAsOneHistory() {
        EpochMetrics a = new EpochMetrics(1, 0.5, 0.4, 0.8, 0.7, 0.5, 1, 100), b = new EpochMetrics(2, 0.3, 0.35, 0.9, 0.8, 0.5, 1, 100);
        EpochMetrics c = new EpochMetrics(1, 0.2, 0.3, 0.9, 0.85, 0.5, 1, 100), d = new EpochMetrics(2, 0.1, 0.32, 0.9, 0.85, 0.5, 1, 100);
        TrainingResult both = TrainingResult.passes(new TrainingResult(java.util.List.of(a, b), 2, false, 10),
                new TrainingResult(java.util.List.of(c, d), 1, false, 5));
        assertEquals(4, both.epochsRun());
        assertEquals(3, both.bestEpoch());
        assertEquals(0.3, both.best().validationLoss());
        assertEquals(java.util.List.of(1, 2, 3, 4), both.history().stream().map(EpochMetrics::epoch).toList());
        assertEquals(15, both.seconds());
    }

    @Test
    void cosineDecayFallsFromTheRateToAHundredthOfIt() {
        TrainingOptions options = TrainingOptions.defaults().withLearningRate(2e-3f);
        ai.djl.training.tracker.Tracker fixed = NetworkTrainer.learningRate(options, 100);
        ai.djl.training.tracker.Tracker cosine = NetworkTrainer.learningRate(options.withCosineDecay(true), 100);
        assertEquals(2e-3f, fixed.getNewValue(1), 1e-9f);
        assertEquals(2e-3f, fixed.getNewValue(100), 1e-9f);
        assertEquals(2e-3f, cosine.getNewValue(0), 1e-9f);
        assertEquals((2e-3f + 2e-5f) / 2, cosine.getNewValue(50), 1e-7f, "half way down at half the steps");
        assertEquals(2e-5f, cosine.getNewValue(100), 1e-9f);
        assertEquals(2e-5f, cosine.getNewValue(250), 1e-9f, "stays at the floor past the planned steps");
        float last = Float.MAX_VALUE;
        for (int step = 0; step <= 100; step++) {
            float lr = cosine.getNewValue(step);
            assertTrue(lr <= last, "never rises: step " + step);
            last = lr;
        }
    }

    @Test
    void cosineDecayIsWhatTheOptimiserUsesAndStillLearnsTheBand() {
        SyntheticData train = SyntheticData.band(CONFIG, 1024, 1);
        SyntheticData validation = SyntheticData.band(CONFIG, 256, 2);
        TrainingOptions options = TrainingOptions.defaults().withEpochs(8).withPatience(0).withShowProgress(false);
        try (KwsNetwork fixed = KwsNetwork.create(CONFIG, 1); KwsNetwork cosine = KwsNetwork.create(CONFIG, 1)) {
            new NetworkTrainer(options).train(fixed, train.features, train.labels, validation.features, validation.labels);
            TrainingResult result = new NetworkTrainer(options.withCosineDecay(true))
                    .train(cosine, train.features, train.labels, validation.features, validation.labels);
            assertFalse(java.util.Arrays.equals(fixed.snapshotParameters(), cosine.snapshotParameters()),
                    "the same seed and data with another schedule must end elsewhere");
            assertTrue(result.best().validationAccuracy() > 0.9, "accuracy " + result.best());
        }
    }

    @Test
    void featureMasksChangeWhatIsLearnedLeaveTheWindowsAloneAndStillLearnTheBand() {
        SyntheticData train = SyntheticData.band(CONFIG, 1024, 1);
        SyntheticData validation = SyntheticData.band(CONFIG, 256, 2);
        float[][] trainBefore = deepCopy(train.features), validationBefore = deepCopy(validation.features);
        TrainingOptions options = TrainingOptions.defaults().withEpochs(6).withPatience(0).withShowProgress(false);
        try (KwsNetwork plain = KwsNetwork.create(CONFIG, 1); KwsNetwork masked = KwsNetwork.create(CONFIG, 1)) {
            new NetworkTrainer(options).train(plain, train.features, train.labels, validation.features, validation.labels);
            TrainingResult result = new NetworkTrainer(options.withFeatureMasking(new FeatureMasking(2, 10, 2, 2)))
                    .train(masked, train.features, train.labels, validation.features, validation.labels);
            assertFalse(java.util.Arrays.equals(plain.snapshotParameters(), masked.snapshotParameters()),
                    "the same seed and data with masks must end elsewhere");
            assertTrue(result.best().validationAccuracy() > 0.9, "accuracy " + result.best());
        }
        assertTrue(java.util.Arrays.deepEquals(trainBefore, train.features), "batches are masked, not the training set");
        assertTrue(java.util.Arrays.deepEquals(validationBefore, validation.features), "validation is never masked");
    }

    private static float[][] deepCopy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
