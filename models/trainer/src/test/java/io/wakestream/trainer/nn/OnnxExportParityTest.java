package io.wakestream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported ONNX model computes what the DJL network computes in inference mode. */
class OnnxExportParityTest {

    private static final KwsNetworkConfig CONFIG = KwsNetworkConfig.defaults();
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @TempDir
    static Path dir;

    private static KwsNetwork network;
    private static Path modelFile;
    private static OrtSession session;

    @BeforeAll
    static void trainBrieflyAndExport() throws Exception {
        network = KwsNetwork.create(CONFIG, 7);
        // A few optimiser steps on shifted, scaled random data: BatchNorm running statistics
        // move away from (0, 1) and the weights away from their initial values.
        float[][] x = SyntheticData.windows(CONFIG, 96, 1);
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 3 == 0 ? 1f : 0f;
        }
        TrainingOptions options = TrainingOptions.defaults().withEpochs(2).withBatchSize(32).withPatience(0).withSeed(3);
        new NetworkTrainer(options, new PrintStream(new ByteArrayOutputStream()), false)
                .train(network, x, y, SyntheticData.windows(CONFIG, 16, 2), new float[16]);
        float[] mean = KwsNetwork.values(network.convUnits().get(0).norm(), "runningMean");
        assertTrue(Math.abs(mean[0]) > 1e-3, "BatchNorm running mean should have moved: " + Arrays.toString(mean));

        modelFile = OnnxExporter.export(network, dir, Map.of("threshold", "0.5"));
        session = ENV.createSession(modelFile.toString(), new OrtSession.SessionOptions());
    }

    @AfterAll
    static void close() throws OrtException {
        if (session != null) {
            session.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void onnxMatchesDjlInferenceForBatchOf8AndBatchOf1() throws OrtException {
        float[][] batch = SyntheticData.windows(CONFIG, 8, 11);
        float[] djl = network.predict(batch);
        // A saturated sigmoid would hide any difference: the scores must be informative.
        float min = 1f;
        float max = 0f;
        for (float p : djl) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        assertTrue(min > 1e-3f && max < 1 - 1e-3f && max - min > 1e-3f, "scores " + Arrays.toString(djl));
        assertClose(djl, runOnnx(batch));
        float[][] single = Arrays.copyOfRange(batch, 3, 4);
        assertClose(network.predict(single), runOnnx(single));
    }

    @Test
    void batchDimensionIsDynamic() throws OrtException {
        NodeInfo input = session.getInputInfo().get(KwsNetwork.INPUT_NAME);
        long[] shape = ((TensorInfo) input.getInfo()).getShape();
        assertEquals(-1, shape[0]); // symbolic
        assertEquals(Arrays.toString(new long[] {-1, 1, 100, 13}), Arrays.toString(shape));

        float[][] one = SyntheticData.windows(CONFIG, 1, 21);
        float[][] seventeen = SyntheticData.windows(CONFIG, 17, 22);
        assertEquals(1, runOnnx(one).length);
        float[] out = runOnnx(seventeen);
        assertEquals(17, out.length);
        assertClose(network.predict(seventeen), out);
    }

    @Test
    void modelIsSmallAndSaysWhoMadeIt() throws Exception {
        long bytes = Files.size(modelFile);
        assertTrue(bytes < 5_000_000, "model.onnx is " + bytes + " bytes");
        var metadata = session.getMetadata();
        assertEquals(OnnxExporter.PRODUCER, metadata.getProducerName());
        Map<String, String> custom = metadata.getCustomMetadata();
        assertEquals("100", custom.get("frames"));
        assertEquals("13", custom.get("coefficients"));
        assertEquals("0.5", custom.get("threshold"));
        assertEquals(Long.toString(CONFIG.multiplyAdds()), custom.get("multiply_adds"));
        assertTrue(session.getOutputNames().contains(KwsNetwork.OUTPUT_NAME));
        System.err.printf("exported model: %d bytes, %d MACs, %d parameters%n",
                bytes, network.multiplyAdds(), network.parameterCount());
    }

    private static float[] runOnnx(float[][] windows) throws OrtException {
        return OrtScores.of(session, CONFIG, windows);
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(max <= 1e-4, "max |djl - onnx| = " + max + "\n djl  " + Arrays.toString(expected)
                + "\n onnx " + Arrays.toString(actual));
        System.err.printf("parity batch %d: max |djl - onnx| = %.2e, scores %s%n",
                expected.length, max, Arrays.toString(actual));
    }
}
