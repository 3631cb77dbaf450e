package io.wakestream.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.detect.SmoothingConfig;
import io.wakestream.engine.features.MfccConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Real ONNX Runtime sessions on tiny hand-written models (see {@link TinyOnnx}). */
class WakeWordScorerTest {
    static final int FRAMES = 12, COEFFS = 5;

    @TempDir
    Path tmp;

    static ModelManifest manifest(InputLayout layout, ModelManifest.OutputMeaning meaning, int frames, int coeffs) {
        return new ModelManifest(1, "tiny", "0.0.1", "hey tiny", "mfcc", MfccConfig.defaults().withCoefficients(coeffs), frames,
                new ModelManifest.InputSpec("feats", layout), new ModelManifest.OutputSpec("prob", meaning), Math.min(3, frames),
                new DetectionConfig(0.5f, SmoothingConfig.movingAverage(1), 500), null, null);
    }

    static float[][] randomWeights(Random r, int frames, int coeffs) {
        float[][] w = new float[frames][coeffs];
        for (float[] row : w) for (int c = 0; c < coeffs; c++) row[c] = (float) r.nextGaussian();
        return w;
    }

    @ParameterizedTest
    @EnumSource(InputLayout.class)
    void scoresABatchLikeTheReferenceInEveryLayout(InputLayout layout) throws Exception {
        for (ModelManifest.OutputMeaning meaning : ModelManifest.OutputMeaning.values()) {
            Random r = new Random(layout.ordinal() * 10 + meaning.ordinal());
            float[][] w = randomWeights(r, FRAMES, COEFFS);
            Path dir = tmp.resolve(layout + "-" + meaning);
            TinyOnnx.writeModelFolder(dir, manifest(layout, meaning, FRAMES, COEFFS), w, 0.25f);
            WakeWordModel model = WakeWordModel.load(dir);
            assertSame(model, WakeWordModel.load(dir.resolve("..").resolve(dir.getFileName())), "one instance per folder");
            WakeWordScorer scorer = model.scorer();
            assertEquals(FRAMES * COEFFS, scorer.windowSize());

            int count = 7;
            float[] windows = new float[(count + 2) * FRAMES * COEFFS]; // longer than needed: only count are scored
            for (int i = 0; i < windows.length; i++) windows[i] = (float) (r.nextGaussian() * 3);
            float[] windowsBefore = windows.clone();
            float[] scores = new float[count + 1];
            scores[count] = -7f;
            scorer.score(windows, count, scores);
            assertEquals(-7f, scores[count], "only count scores are written");
            assertTrue(java.util.Arrays.equals(windowsBefore, windows), "input windows are not modified");
            boolean logit = meaning == ModelManifest.OutputMeaning.LOGIT;
            for (int i = 0; i < count; i++) {
                float[] one = java.util.Arrays.copyOfRange(windows, i * FRAMES * COEFFS, (i + 1) * FRAMES * COEFFS);
                double expected = TinyOnnx.expected(one, w, 0.25f, logit);
                assertEquals(expected, scores[i], 1e-5, layout + " " + meaning + " window " + i);
                assertEquals(scores[i], scorer.score(one), 1e-6, "batch of one");
            }
        }
    }

    @Test
    void modelThatDisagreesWithTheManifestIsRefused() throws Exception {
        float[][] w = randomWeights(new Random(1), FRAMES, COEFFS);
        ModelManifest m = manifest(InputLayout.NTC, ModelManifest.OutputMeaning.LOGIT, FRAMES, COEFFS);

        Path wrongFrames = tmp.resolve("wrong-frames");
        m.write(wrongFrames);
        Files.write(wrongFrames.resolve("model.onnx"), TinyOnnx.model("feats", "prob", InputLayout.NTC,
                randomWeights(new Random(2), FRAMES + 1, COEFFS), 0, false, null));
        String msg = assertThrows(ModelLoadException.class, () -> WakeWordModel.load(wrongFrames)).getMessage();
        assertTrue(msg.contains("disagree") && msg.contains("dimension 1"), msg);

        Path wrongName = tmp.resolve("wrong-name");
        m.write(wrongName);
        Files.write(wrongName.resolve("model.onnx"), TinyOnnx.model("input", "prob", InputLayout.NTC, w, 0, false, null));
        msg = assertThrows(ModelLoadException.class, () -> WakeWordModel.load(wrongName)).getMessage();
        assertTrue(msg.contains("'feats'") && msg.contains("[input]"), msg);

        Path fixedBatch = tmp.resolve("fixed-batch");
        m.write(fixedBatch);
        Files.write(fixedBatch.resolve("model.onnx"), TinyOnnx.model("feats", "prob", InputLayout.NTC, w, 0, true, null));
        msg = assertThrows(ModelLoadException.class, () -> WakeWordModel.load(fixedBatch)).getMessage();
        assertTrue(msg.contains("fixed batch size"), msg);

        Path wrongRank = tmp.resolve("wrong-rank");
        ModelManifest n1tc = manifest(InputLayout.N1TC, ModelManifest.OutputMeaning.LOGIT, FRAMES, COEFFS);
        n1tc.write(wrongRank);
        Files.write(wrongRank.resolve("model.onnx"), TinyOnnx.model("feats", "prob", InputLayout.NTC, w, 0, false, null));
        msg = assertThrows(ModelLoadException.class, () -> WakeWordModel.load(wrongRank)).getMessage();
        assertTrue(msg.contains("[N, 1, 12, 5]"), msg);

        Path garbage = tmp.resolve("garbage");
        m.write(garbage);
        Files.write(garbage.resolve("model.onnx"), new byte[] {1, 2, 3, 4});
        msg = assertThrows(ModelLoadException.class, () -> WakeWordModel.load(garbage)).getMessage();
        assertTrue(msg.contains("model.onnx") && msg.contains("cannot load"), msg);
    }
}
