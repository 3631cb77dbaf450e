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
}
