package io.wakestream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --remove-window-mean}: the network subtracts each coefficient's mean over the window before its first
 * layer, in DJL and in the exported ONNX model alike, so a constant added to a coefficient in every frame (a fixed
 * colouring of the spectrum) does not change the score.
 */
class WindowMeanRemovalTest {

    private static final KwsNetworkConfig PLAIN = KwsNetworkConfig.defaults();
    private static final KwsNetworkConfig CENTRED = PLAIN.withWindowMeanRemoved(true);
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @TempDir
    Path dir;

    @Test
    void aConstantPerCoefficientDoesNotChangeTheScoreInDjlOrOnnxAndTheExportMatches() throws Exception {
        try (KwsNetwork network = trained(CENTRED)) {
            float[][] windows = SyntheticData.windows(CENTRED, 8, 11);
            float[][] coloured = coloured(windows);
            float[] djl = network.predict(windows);
            assertTrue(spread(djl) > 1e-3, "scores must be informative: " + Arrays.toString(djl));
            assertClose(djl, network.predict(coloured), 1e-5, "DJL, coloured");
            try (OrtSession session = ENV.createSession(OnnxExporter.export(network, dir).toString(), new OrtSession.SessionOptions())) {
                assertClose(djl, OrtScores.of(session, CENTRED, windows), 1e-4, "ONNX against DJL");
                assertClose(djl, OrtScores.of(session, CENTRED, coloured), 1e-4, "ONNX, coloured");
                assertEquals("true", session.getMetadata().getCustomMetadata().get("window_mean_removed"));
            }
            // The best epoch is kept as a snapshot: the parameterless step must survive a round trip.
            byte[] snapshot = network.snapshotParameters();
            network.restoreParameters(snapshot);
            assertClose(djl, network.predict(windows), 0, "after a snapshot and restore");
        }
    }

    @Test
    void withoutTheOptionTheSameColouringChangesTheScore() {
        try (KwsNetwork network = trained(PLAIN)) {
            float[][] windows = SyntheticData.windows(PLAIN, 8, 11);
            float[] plain = network.predict(windows);
            float[] coloured = network.predict(coloured(windows));
            double max = 0;
            for (int i = 0; i < plain.length; i++) max = Math.max(max, Math.abs(plain[i] - coloured[i]));
            assertTrue(max > 1e-3, "a network without mean removal should hear the colouring: " + max);
        }
    }

    @Test
    void aFullyConnectedHeadIsRefused() {
        KwsNetworkConfig head = KwsNetworkConfig.embeddingHead(16, 96, 64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> head.withWindowMeanRemoved(true));
        assertTrue(e.getMessage().contains("window mean removal"), e.getMessage());
        assertEquals(CENTRED, PLAIN.withWindowMeanRemoved(true));
        assertTrue(!CENTRED.equals(PLAIN) && CENTRED.toString().contains("windowMeanRemoved"));
    }

    /** A few optimiser steps, so BatchNorm's running statistics and the weights have moved from their start. */
    private static KwsNetwork trained(KwsNetworkConfig config) {
        KwsNetwork network = KwsNetwork.create(config, 7);
        float[][] x = SyntheticData.windows(config, 96, 1);
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) y[i] = i % 3 == 0 ? 1f : 0f;
        TrainingOptions options = TrainingOptions.defaults().withEpochs(2).withBatchSize(32).withPatience(0).withSeed(3);
        new NetworkTrainer(options, new PrintStream(new ByteArrayOutputStream()), false)
                .train(network, x, y, SyntheticData.windows(config, 16, 2), new float[16]);
        return network;
    }

    /** Each window with a different constant added to each coefficient in every frame (time-major layout). */
    private static float[][] coloured(float[][] windows) {
        float[][] out = new float[windows.length][];
        for (int w = 0; w < windows.length; w++) {
            out[w] = windows[w].clone();
            for (int t = 0; t < CENTRED.frames(); t++) {
                for (int c = 0; c < CENTRED.coefficients(); c++) {
                    out[w][t * CENTRED.coefficients() + c] += 0.8f * (float) Math.sin(1.3 * c + w) + 0.3f;
                }
            }
        }
        return out;
    }

    private static double spread(float[] values) {
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min;
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(expected[i] - actual[i]));
        assertTrue(max <= tolerance, what + ": max difference " + max + "\n " + Arrays.toString(expected) + "\n " + Arrays.toString(actual));
    }
}
