package io.wakestream.engine.stream;

import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.detect.SmoothingConfig;
import io.wakestream.engine.features.MfccConfig;
import io.wakestream.engine.features.MfccExtractor;
import io.wakestream.engine.model.InputLayout;
import io.wakestream.engine.model.ModelManifest;
import io.wakestream.engine.model.TinyOnnx;
import io.wakestream.engine.model.WakeWordModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tiny real model that scores a window by its mean c0 (loudness): logit = mean(c0 over the window) / coefficients
 * + bias, with the bias set so that the loudest ~30% of the calibration audio's windows score above 0.5.
 */
final class EngineFixture {
    final MfccConfig features = MfccConfig.defaults();
    final int windowFrames;
    final int scoreEvery;
    final float[][] weights;
    final float bias;
    final ModelManifest manifest;
    final WakeWordModel model;
    /** All frames of the calibration audio, from a plain extractor: [frame][coefficient], and their energies. */
    final float[][] frames;
    final float[] energies;

    EngineFixture(Path dir, int windowFrames, int scoreEvery, short[] calibration, DetectionConfig detection) throws Exception {
        this.windowFrames = windowFrames;
        this.scoreEvery = scoreEvery;
        int coeffs = features.coefficients();
        weights = new float[windowFrames][coeffs];
        for (float[] row : weights) row[0] = 1f;

        MfccExtractor x = new MfccExtractor(features);
        List<float[]> fs = new ArrayList<>();
        List<Float> es = new ArrayList<>();
        x.accept(x.newState(), calibration, 0, calibration.length, (i, c, e) -> {
            fs.add(c.clone());
            es.add(e);
        });
        frames = fs.toArray(new float[0][]);
        energies = new float[es.size()];
        for (int i = 0; i < energies.length; i++) energies[i] = es.get(i);
        double[] logits = new double[Math.max(1, frames.length - windowFrames + 1)];
        for (int f = windowFrames - 1; f < frames.length; f++) logits[f - windowFrames + 1] = TinyOnnx.expected(window(f), weights, 0f, false);
        double[] sorted = logits.clone();
        Arrays.sort(sorted);
        bias = (float) -sorted[(int) (sorted.length * 0.7)];

        manifest = new ModelManifest(1, "loud", "1", "anything loud", "mfcc", features, windowFrames,
                new ModelManifest.InputSpec("feats", InputLayout.N1TC),
                new ModelManifest.OutputSpec("logit", ModelManifest.OutputMeaning.LOGIT), scoreEvery,
                detection == null ? new DetectionConfig(0.5f, new SmoothingConfig(2, 0, 0), 300) : detection, null, null);
        TinyOnnx.writeModelFolder(dir, manifest, weights, bias);
        model = WakeWordModel.load(dir);
    }

    /** Window whose newest frame is f, from the reference frames (zeros before frame 0). */
    float[] window(long f) {
        int coeffs = features.coefficients();
        float[] out = new float[windowFrames * coeffs];
        for (int k = 0; k < windowFrames; k++) {
            long n = f - (windowFrames - 1) + k;
            if (n >= 0) System.arraycopy(frames[(int) n], 0, out, k * coeffs, coeffs);
        }
        return out;
    }

    float[] windowEnergies(long f) {
        float[] out = new float[windowFrames];
        for (int k = 0; k < windowFrames; k++) {
            long n = f - (windowFrames - 1) + k;
            if (n >= 0) out[k] = energies[(int) n];
        }
        return out;
    }

    /** Frames at which a window falls due, by the documented rule, in a clip of {@code frameCount} frames. */
    List<Long> dueFrames(long frameCount) {
        List<Long> due = new ArrayList<>();
        for (long f = windowFrames - 1; f < frameCount; f += scoreEvery) due.add(f);
        return due;
    }
}
