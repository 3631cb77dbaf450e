package io.wakestream.pipeline;

import io.wakestream.engine.model.TinyOnnx;
import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.detect.SmoothingConfig;
import io.wakestream.engine.features.MfccConfig;
import io.wakestream.engine.features.MfccExtractor;
import io.wakestream.engine.model.InputLayout;
import io.wakestream.engine.model.ModelManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny real ONNX model that "hears the wake word" when a window is mostly a loud tone: its logit is the window's
 * mean c0 (log energy) against a bias calibrated so a window needs about 80% of its frames at {@link #LOUD} to score
 * above 0.5, while {@link #SPEECH}-level audio (the stand-in for a spoken command) never does.
 */
public final class LoudModel {
    public static final int WINDOW_FRAMES = 20; // 200 ms
    public static final int SCORE_EVERY = 2;
    public static final int REFRACTORY_MS = 1000;
    public static final short LOUD = 20_000;
    public static final short SPEECH = 1_000;

    private static Path dir;

    private LoudModel() {}

    /** Writes the model folder once per JVM. */
    public static synchronized Path folder() throws Exception {
        if (dir != null) return dir;
        MfccConfig features = MfccConfig.defaults();
        double loud = meanC0(features, Signals.tone(LOUD, 8000));
        double speech = meanC0(features, Signals.tone(SPEECH, 8000));
        double silence = meanC0(features, new short[8000]);
        if (!(silence < speech && speech < silence + 0.75 * (loud - silence))) {
            throw new IllegalStateException("calibration failed: c0 silence " + silence + ", speech " + speech + ", loud " + loud);
        }
        int coeffs = features.coefficients();
        float[][] w = new float[WINDOW_FRAMES][coeffs];
        // Scale so the logit moves by several units between silence and loud; bias at 80% of the way.
        float scale = (float) (8.0 * coeffs / (loud - silence));
        for (float[] row : w) row[0] = scale;
        double at = silence + 0.8 * (loud - silence);
        float bias = (float) (-at * scale / coeffs);
        ModelManifest manifest = new ModelManifest(1, "loud", "7", "loud tone", "mfcc", features, WINDOW_FRAMES,
                new ModelManifest.InputSpec("feats", InputLayout.N1TC),
                new ModelManifest.OutputSpec("logit", ModelManifest.OutputMeaning.LOGIT), SCORE_EVERY,
                new DetectionConfig(0.5f, new SmoothingConfig(1, 0, 0), REFRACTORY_MS), null, null);
        Path d = Files.createTempDirectory("loud-model");
        d.toFile().deleteOnExit();
        TinyOnnx.writeModelFolder(d, manifest, w, bias);
        dir = d;
        return d;
    }

    private static double meanC0(MfccConfig features, short[] pcm) {
        MfccExtractor x = new MfccExtractor(features);
        List<Float> c0 = new ArrayList<>();
        x.accept(x.newState(), pcm, 0, pcm.length, (i, c, e) -> c0.add(c[0]));
        return c0.stream().skip(3).mapToDouble(Float::doubleValue).average().orElseThrow();
    }
}
