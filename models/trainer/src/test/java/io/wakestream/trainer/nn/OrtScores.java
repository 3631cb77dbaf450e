package io.wakestream.trainer.nn;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** For tests: an exported DS-CNN's scores of windows, straight through an ONNX Runtime session (no engine). */
final class OrtScores {
    private OrtScores() {}

    /** Runs {@code windows} ({@code config}'s frames x coefficients each) as one {@code [N, 1, T, C]} batch; one score each. */
    static float[] of(OrtSession session, KwsNetworkConfig config, float[][] windows) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        FloatBuffer flat = FloatBuffer.allocate(windows.length * config.windowSize());
        for (float[] w : windows) flat.put(w);
        flat.flip();
        long[] shape = {windows.length, 1, config.frames(), config.coefficients()};
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, flat, shape);
                OrtSession.Result result = session.run(Map.of(KwsNetwork.INPUT_NAME, tensor))) {
            float[][] scores = (float[][]) result.get(KwsNetwork.OUTPUT_NAME).orElseThrow().getValue();
            float[] out = new float[scores.length];
            for (int i = 0; i < scores.length; i++) {
                if (scores[i].length != 1) throw new AssertionError("window " + i + " got " + scores[i].length + " scores, not 1");
                out[i] = scores[i][0];
            }
            return out;
        }
    }
}
