package io.wakestream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merged ONNX model gives the mean of its members' scores, run by ONNX Runtime as the engine runs it. */
class OnnxEnsembleTest {
    private static final KwsNetworkConfig CONFIG = KwsNetworkConfig.defaults();
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @TempDir
    Path dir;

    @Test
    void theMergedModelScoresTheMeanOfItsMembersForAnyBatch() throws Exception {
        // Three networks with other initial weights (untrained: their scores differ window by window).
        Path[] members = new Path[3];
        for (int k = 0; k < members.length; k++) {
            try (KwsNetwork net = KwsNetwork.create(CONFIG, 10 + k)) {
                members[k] = OnnxExporter.export(net, dir.resolve("m" + k));
            }
        }
        Path merged = OnnxEnsemble.write(List.of(members), dir.resolve("ensemble"));
        assertEquals(dir.resolve("ensemble").resolve(OnnxExporter.MODEL_FILE), merged);
        assertTrue(Files.size(merged) > 2.5 * Files.size(members[0]), "every member's weights are in the file");
        for (int batch : new int[] {1, 8}) {
            float[][] windows = SyntheticData.windows(CONFIG, batch, 5 + batch);
            float[] mean = new float[batch];
            float[] first = run(members[0], windows);
            boolean differ = false;
            for (Path m : members) {
                float[] s = run(m, windows);
                for (int i = 0; i < batch; i++) {
                    mean[i] += s[i] / members.length;
                    differ |= Math.abs(s[i] - first[i]) > 1e-4;
                }
            }
            assertTrue(differ, "the members must score differently for the test to mean anything");
            float[] got = run(merged, windows);
            for (int i = 0; i < batch; i++) assertEquals(mean[i], got[i], 1e-6, "window " + i + " of " + batch);
        }
    }

    @Test
    void membersWithAnotherInputOrOutputOrTooFewAreRefusedByName() throws Exception {
        Path a;
        try (KwsNetwork net = KwsNetwork.create(CONFIG, 1)) {
            a = OnnxExporter.export(net, dir.resolve("a"));
        }
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(a));
        ModelProto renamedInput = model.toBuilder().setGraph(model.getGraph().toBuilder()
                .setInput(0, model.getGraph().getInput(0).toBuilder().setName("mfcc"))).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxEnsemble.mean(List.of(model, renamedInput), List.of("first.onnx", "second.onnx")));
        assertTrue(e.getMessage().contains("second.onnx") && e.getMessage().contains("'mfcc'")
                && e.getMessage().contains("'features'"), e.getMessage());
        ModelProto renamedOutput = model.toBuilder().setGraph(model.getGraph().toBuilder()
                .setOutput(0, model.getGraph().getOutput(0).toBuilder().setName("logit"))).build();
        e = assertThrows(IllegalArgumentException.class,
                () -> OnnxEnsemble.mean(List.of(model, renamedOutput), List.of("first.onnx", "second.onnx")));
        assertTrue(e.getMessage().contains("second.onnx") && e.getMessage().contains("'logit'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OnnxEnsemble.mean(List.of(model), List.of("first.onnx")));
        assertTrue(e.getMessage().contains("at least two"), e.getMessage());
    }

    private static float[] run(Path model, float[][] windows) throws OrtException {
        try (OrtSession session = ENV.createSession(model.toString(), new OrtSession.SessionOptions())) {
            return OrtScores.of(session, CONFIG, windows);
        }
    }
}
