package io.wakestream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterAverageTest {

    private static final KwsNetworkConfig CONFIG = KwsNetworkConfig.defaults();

    private static List<float[]> values(KwsNetwork network) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : network.block().getParameters().values()) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }

    private static TrainingOptions quiet(int epochs) {
        return TrainingOptions.defaults().withEpochs(epochs).withBatchSize(32).withPatience(0).withShowProgress(false);
    }

    @Test
    void anUpdateMovesTheAverageByOneMinusTheDecayAndTheTrainedParametersComeBack() {
        SyntheticData train = SyntheticData.band(CONFIG, 128, 1);
        try (KwsNetwork network = KwsNetwork.create(CONFIG, 3)) {
            // One epoch first, so every parameter exists and BatchNorm's statistics have moved off their start.
            new NetworkTrainer(quiet(1)).train(network, train.features, train.labels, train.features, train.labels);
            List<float[]> start = values(network);
            try (ParameterAverage average = new ParameterAverage(network, 0.75f)) {
                new NetworkTrainer(quiet(1)).continueTraining(network, train.features, train.labels, train.features, train.labels);
                List<float[]> trained = values(network);
                average.update();
                List<float[]> averaged = average.withAverage(() -> values(network));
                float d = ParameterAverage.decayAt(0, 0.75f);
                int moved = 0;
                for (int i = 0; i < start.size(); i++) {
                    float[] expected = new float[start.get(i).length];
                    for (int j = 0; j < expected.length; j++) {
                        expected[j] = d * start.get(i)[j] + (1 - d) * trained.get(i)[j];
                    }
                    assertArrayEquals(expected, averaged.get(i), 1e-6f, "parameter " + i);
                    if (!Arrays.equals(start.get(i), trained.get(i))) moved++;
                }
                assertTrue(moved > start.size() / 2, "the second epoch moved most parameters: " + moved);
                List<float[]> after = values(network);
                for (int i = 0; i < trained.size(); i++) {
                    assertArrayEquals(trained.get(i), after.get(i), "the trained values are back after validating the average");
                }
            }
        }
    }

    @Test
    void trainingWithAnAverageLearnsKeepsTheAveragedBestAndDiffersFromWithout() {
        SyntheticData train = SyntheticData.band(CONFIG, 1024, 4);
        SyntheticData validation = SyntheticData.band(CONFIG, 256, 5);
        TrainingOptions options = TrainingOptions.defaults().withEpochs(4).withPatience(0).withShowProgress(false);
        try (KwsNetwork plain = KwsNetwork.create(CONFIG, 6); KwsNetwork averaged = KwsNetwork.create(CONFIG, 6)) {
            new NetworkTrainer(options).train(plain, train.features, train.labels, validation.features, validation.labels);
            TrainingResult result = new NetworkTrainer(options.withAverageDecay(0.99f))
                    .train(averaged, train.features, train.labels, validation.features, validation.labels);
            assertTrue(result.best().validationAccuracy() > 0.9, "accuracy " + result.best());
            // The network holds what was validated at the best epoch: the average, whose loss the history reports.
            float[] logits = averaged.logits(validation.features);
            assertEquals(result.best().validationLoss(), BinaryMetrics.loss(logits, validation.labels, 1f), 1e-5);
            assertFalse(Arrays.equals(plain.snapshotParameters(), averaged.snapshotParameters()));
        }
    }

    @Test
    void theDecayWarmsUpToItsValue() {
        assertEquals(0.1f, ParameterAverage.decayAt(0, 0.999f), 1e-7f);
        assertEquals(0.5f, ParameterAverage.decayAt(8, 0.999f), 1e-7f);
        assertEquals(0.999f, ParameterAverage.decayAt(100_000, 0.999f));
        assertEquals(0.75f, ParameterAverage.decayAt(100, 0.75f));
    }

    @Test
    void refusesADecayOutsideZeroToOne() {
        try (KwsNetwork network = KwsNetwork.create(CONFIG, 3)) {
            assertThrows(IllegalArgumentException.class, () -> new ParameterAverage(network, 1f));
            assertThrows(IllegalArgumentException.class, () -> new ParameterAverage(network, 0f));
        }
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.defaults().withAverageDecay(1f));
    }
}
