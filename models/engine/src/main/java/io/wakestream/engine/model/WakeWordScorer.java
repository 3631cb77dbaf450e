package io.wakestream.engine.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the model on a batch of feature windows, which may come from many streams: one ONNX Runtime call scores
 * them all. Safe to use from several threads.
 *
 * <p>For an ensemble kept with its members ({@link ModelManifest.EnsembleSpec}), {@link #score(float[], int,
 * float[], float)} can skip the later members on windows whose score cannot reach a given level, which is what
 * makes an ensemble cost about one network in the engine.
 */
public final class WakeWordScorer {
    private final OrtSession session;
    /** An ensemble's members in the order their scores are summed, or empty. */
    private final List<OrtSession> members;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final String inputName;
    private final String outputName;
    private final InputLayout layout;
    private final boolean logits;
    private final int frames;
    private final int coefficients;

    WakeWordScorer(OrtSession session, ModelManifest m) {
        this(session, List.of(), m);
    }

    WakeWordScorer(OrtSession session, List<OrtSession> members, ModelManifest m) {
        this.session = session;
        this.members = List.copyOf(members);
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
        run(session, input(windows, count), count, scores);
    }

    /**
     * Like {@link #score(float[], int, float[])}, except that a window whose score is below {@code exactFrom} may get
     * a lower bound of its score instead (itself below {@code exactFrom}). Windows scoring {@code exactFrom} or more
     * always get their score as {@code model.onnx} gives it.
     *
     * <p>For an ensemble kept with its members, the first member runs on every window and the others only on the
     * windows whose first score lets the mean reach {@code exactFrom} (every other member scores at most 1); a
     * skipped window gets the mean with the other members taken as 0. Any other model scores every window.
     */
    public void score(float[] windows, int count, float[] scores, float exactFrom) {
        if (members.isEmpty() || !(exactFrom > 0f)) {
            score(windows, count, scores);
            return;
        }
        if (count == 0) return;
        int m = members.size();
        float weight = 1f / m; // as the merged graph multiplies its sum
        float[] input = input(windows, count);
        run(members.get(0), input, count, scores);
        float gate = m * exactFrom - (m - 1);
        int k = 0;
        for (int i = 0; i < count; i++) if (scores[i] >= gate) k++;
        if (k > 0) {
            // Rare (a few windows around a phrase or a sound-alike), so the arrays are made only then.
            int size = windowSize();
            int[] due = new int[k];
            float[] subset = new float[k * size];
            float[] sums = new float[k];
            for (int i = 0, j = 0; i < count; i++) {
                if (scores[i] < gate) continue;
                System.arraycopy(input, i * size, subset, j * size, size);
                sums[j] = scores[i];
                due[j++] = i;
            }
            float[] s = new float[k];
            for (int member = 1; member < m; member++) {
                run(members.get(member), subset, k, s);
                for (int j = 0; j < k; j++) sums[j] += s[j];
            }
            for (int j = 0; j < k; j++) scores[due[j]] = sums[j]; // the whole sum, weighted below with the rest
        }
        for (int i = 0; i < count; i++) scores[i] *= weight;
    }

    /** How many networks the model holds: 1, or an ensemble's members when they are kept beside it. */
    public int networks() {
        return Math.max(1, members.size());
    }

    /** The windows as the model takes them, checked. */
    private float[] input(float[] windows, int count) {
        if (windows.length < (long) count * windowSize()) throw new IllegalArgumentException("windows holds fewer than " + count + " windows");
        return layout == InputLayout.NCT ? transpose(windows, count) : windows;
    }

    private void run(OrtSession model, float[] input, int count, float[] scores) {
        FloatBuffer buffer = FloatBuffer.wrap(input, 0, count * windowSize());
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, buffer, layout.shape(count, frames, coefficients));
                OrtSession.Result result = model.run(Map.of(inputName, tensor), Set.of(outputName))) {
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
