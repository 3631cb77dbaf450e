package io.wakestream.engine.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;

/**
 * Runs the model on a batch of feature windows, which may come from many streams: one ONNX Runtime call scores
 * them all. Safe to use from several threads.
 */
public final class WakeWordScorer {
    private final OrtSession session;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final String inputName;
    private final String outputName;
    private final InputLayout layout;
    private final boolean logits;
    private final int frames;
    private final int coefficients;

    WakeWordScorer(OrtSession session, ModelManifest m) {
        this.session = session;
        this.inputName = m.input().name();
        this.outputName = m.output().name();
        this.layout = m.input().layout();
        this.logits = m.output().meaning() == ModelManifest.OutputMeaning.LOGIT;
        this.frames = m.windowFrames();
        this.coefficients = m.features().coefficients();
    }

    /** Floats in one window: frames x coefficients. */
    public int windowSize() {
        return frames * coefficients;
    }

    /**
     * Scores {@code count} windows stored back to back in {@code windows} (each frames x coefficients, oldest
     * frame first) and writes one probability per window into {@code scores}.
     */
    public void score(float[] windows, int count, float[] scores) {
        if (count == 0) return;
        int size = windowSize();
        if (windows.length < (long) count * size) throw new IllegalArgumentException("windows holds fewer than " + count + " windows");
        float[] input = layout == InputLayout.NCT ? transpose(windows, count) : windows;
        FloatBuffer buffer = FloatBuffer.wrap(input, 0, count * size);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, buffer, layout.shape(count, frames, coefficients));
                OrtSession.Result result = session.run(Map.of(inputName, tensor), Set.of(outputName))) {
            FloatBuffer out = ((OnnxTensor) result.get(outputName).orElseThrow()).getFloatBuffer();
            for (int i = 0; i < count; i++) {
                float v = out.get(i);
                scores[i] = logits ? (float) (1.0 / (1.0 + Math.exp(-v))) : v;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score " + count + " windows: " + e.getMessage(), e);
        }
    }

    /** Scores a single window (convenience for tools and tests). */
    public float score(float[] window) {
        float[] s = new float[1];
        score(window, 1, s);
        return s[0];
    }

    private float[] transpose(float[] windows, int count) {
        float[] t = new float[count * frames * coefficients];
        for (int n = 0; n < count; n++) {
            int base = n * frames * coefficients;
            for (int f = 0; f < frames; f++) {
                for (int c = 0; c < coefficients; c++) t[base + c * frames + f] = windows[base + f * coefficients + c];
            }
        }
        return t;
    }
}
