package io.wakestream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fully connected head over openWakeWord embeddings: trained briefly, exported as [N, 16, 96] -> [N, 1], and the
 * ONNX model computes what DJL computes.
 */
class EmbeddingHeadExportTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @TempDir
    Path dir;

    @Test
    void headExportMatchesDjlAndTakesOpenWakeWordsLayout() throws Exception {
        KwsNetworkConfig config = KwsNetworkConfig.embeddingHead(16, 96, 32);
        assertTrue(config.fullyConnected());
        // 1536 -> 32 -> 32 -> 1, with biases.
        assertEquals(1536L * 32 + 32 + 32 * 32 + 32 + 32 + 1, config.parameterCount());
        assertEquals(1536L * 32 + 32 * 32 + 32, config.multiplyAdds());
        try (KwsNetwork net = KwsNetwork.create(config, 5)) {
            assertEquals(config.parameterCount(), net.parameterCount());
            float[][] x = SyntheticData.windows(config, 128, 1);
            float[] y = new float[x.length];
            for (int i = 0; i < y.length; i++) y[i] = x[i][i % 96] > 1.5f ? 1f : 0f;
            TrainingOptions options = TrainingOptions.defaults().withEpochs(2).withBatchSize(32).withPatience(0).withSeed(3);
            new NetworkTrainer(options, new PrintStream(new ByteArrayOutputStream()), false)
                    .train(net, x, y, SyntheticData.windows(config, 16, 2), new float[16]);

            Path file = OnnxExporter.export(net, dir, Map.of());
            float[][] batch = SyntheticData.windows(config, 9, 11);
            float[] djl = net.predict(batch);
            try (OrtSession session = ENV.createSession(file.toString(), new OrtSession.SessionOptions())) {
                long[] shape = ((TensorInfo) session.getInputInfo().get(KwsNetwork.INPUT_NAME).getInfo()).getShape();
                assertEquals(Arrays.toString(new long[] {-1, 16, 96}), Arrays.toString(shape));
                FloatBuffer flat = FloatBuffer.allocate(batch.length * config.windowSize());
                for (float[] w : batch) flat.put(w);
                flat.flip();
                try (OnnxTensor t = OnnxTensor.createTensor(ENV, flat, new long[] {batch.length, 16, 96});
                        OrtSession.Result r = session.run(Map.of(KwsNetwork.INPUT_NAME, t))) {
                    float[][] onnx = (float[][]) r.get(KwsNetwork.OUTPUT_NAME).orElseThrow().getValue();
                    float min = 1f, max = 0f;
                    for (int i = 0; i < batch.length; i++) {
                        assertEquals(djl[i], onnx[i][0], 1e-5f, "window " + i);
                        min = Math.min(min, djl[i]);
                        max = Math.max(max, djl[i]);
                    }
                    // Informative scores, so the comparison could fail.
                    assertTrue(max - min > 1e-3f, "scores " + Arrays.toString(djl));
                }
            }
        }
    }
}
