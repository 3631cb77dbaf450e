package io.wakestream.engine.model;

import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_SIZE;
import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_WINDOW_FRAMES;
import static io.wakestream.engine.model.OpenWakeWordConfig.MEL_BANDS;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The three ONNX sessions of an openWakeWord model: the melspectrogram model, the speech-embedding model and the
 * wake-word head, plus the embeddings a new stream starts with. Stateless and safe to share between threads; all
 * per-stream memory lives in {@code OpenWakeWordStreamState}. Every method takes a batch, so windows of many
 * streams go through each model in one call (heads exported with a fixed batch of 1 are run once per window).
 */
public final class OpenWakeWordModels implements AutoCloseable {
    /** openWakeWord fills a new stream's embedding buffer from 4 s of random noise in [-1000, 1000). */
    static final int WARM_UP_NOISE_SAMPLES = 16_000 * 4;
    /** A fixed seed so every run and every stream starts from the same buffer (openWakeWord's is unseeded). */
    static final long WARM_UP_SEED = 0x0ee_3a7L;
    /**
     * Most windows per call of the embedding model. Its cost per window is flat in the batch size except that
     * large batches are slower (thread CPU per window on the 2-core EPYC: 1245-1265 us at 8-16 windows, 1320 at
     * 32, 1430-1500 at 64, 1310-1370 at 1), so larger batches are cut into calls of this many.
     */
    static final int EMBEDDING_CALL_WINDOWS = 16;
    /**
     * Steps per call of the batched melspectrogram model. Up to 32 frames (4 steps) ONNX Runtime's matrix product
     * gives each frame the per-step model's bits; from 40 frames on it differed by up to 2e-6 here. Thread CPU per
     * step on the 2-core EPYC: 57 us at 1 step per call, 32 at 2, 37 at 4 (the per-step model: 99-103).
     */
    static final int MEL_CALL_STEPS = 2;
    /** Most windows per call of a batched head (the check at load covers exactly this many). */
    static final int HEAD_CALL_WINDOWS = 16;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession melspectrogram;
    private final OrtSession embedding;
    private final OrtSession head;
    private final String melInput;
    private final String melOutput;
    private final String embeddingInput;
    private final String embeddingOutput;
    private final String headInputName;
    private final String headOutputName;
    private final boolean headBatchFixed;
    private final int headOutputColumns;
    private final int[] scoreColumns;
    private final int windowFrames;
    private final float[] warmUpEmbeddings;
    /**
     * Whether the embedding model gives a lone window exactly the bits it gives that window in a larger batch
     * (checked at load on the warm-up windows). If not, a lone window is run beside a copy of itself.
     */
    private final boolean loneWindowExact;
    private final IncrementalEmbedding incremental;
    /** The head on a batch of windows, set once the load-time check passes; null: one call per window. */
    private OrtSession batchedHead;
    /** Set once the load-time check passes; null: one melspectrogram call per step. */
    private BatchedMelspectrogram batchedMel;
    private static final int STEP_INPUT = OpenWakeWordConfig.CONTEXT_SAMPLES + OpenWakeWordConfig.STEP_SAMPLES;

    /** The incremental form of the embedding model, or null when the model's layers do not allow it. */
    private static IncrementalEmbedding incremental(Path embeddingModel) {
        try {
            return IncrementalEmbedding.load(embeddingModel);
        } catch (java.io.IOException | OrtException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The many-steps-per-call form of the melspectrogram model, or null when the model's graph does not allow it. */
    private static BatchedMelspectrogram batchedMelspectrogram(Path melspectrogramModel) {
        try {
            return BatchedMelspectrogram.load(melspectrogramModel);
        } catch (java.io.IOException | OrtException | IllegalArgumentException e) {
            return null;
        }
    }

    private OpenWakeWordModels(OrtSession melspectrogram, OrtSession embedding, OrtSession head, ModelManifest m,
            Path dir, IncrementalEmbedding incremental, BatchedMelspectrogram batchedMel) throws ModelLoadException, OrtException {
        this.melspectrogram = melspectrogram;
        this.embedding = embedding;
        this.head = head;
        this.windowFrames = m.windowFrames();
        FeatureIo io = FeatureIo.check(melspectrogram, embedding, dir, m.openWakeWord().melspectrogramModel(), m.openWakeWord().embeddingModel());
        this.melInput = io.melInput();
        this.melOutput = io.melOutput();
        this.embeddingInput = io.embeddingInput();
        this.embeddingOutput = io.embeddingOutput();

        this.headInputName = m.input().name();
        this.headOutputName = m.output().name();
        String disagree = dir + ": manifest and " + WakeWordModel.ONNX_FILE + " disagree: ";
        Map<String, NodeInfo> inputs = head.getInputInfo();
        Map<String, NodeInfo> outputs = head.getOutputInfo();
        NodeInfo in = inputs.get(m.input().name());
        if (in == null) throw new ModelLoadException(disagree + "manifest input '" + m.input().name() + "' is not an input of the head (its inputs: " + inputs.keySet() + ")");
        if (inputs.size() != 1) throw new ModelLoadException(disagree + "the head has " + inputs.size() + " inputs " + inputs.keySet() + "; the engine feeds exactly one");
        NodeInfo out = outputs.get(m.output().name());
        if (out == null) throw new ModelLoadException(disagree + "manifest output '" + m.output().name() + "' is not an output of the head (its outputs: " + outputs.keySet() + ")");
        if (m.input().layout() != InputLayout.NTC) throw new ModelLoadException(disagree + "an openWakeWord head takes [N, frames, 96] (layout NTC), manifest says " + m.input().layout());
        long[] inShape = checkShape(disagree + "input '" + m.input().name() + "'", in, new long[] {-1, windowFrames, EMBEDDING_SIZE});
        long[] outShape = checkShape(disagree + "output '" + m.output().name() + "'", out, new long[] {-1, -1});
        // openWakeWord's heads are exported with batch 1; they still run, one window per call.
        this.headBatchFixed = inShape[0] > 0;
        if (headBatchFixed && inShape[0] != 1) throw new ModelLoadException(disagree + "the head has a fixed batch of " + inShape[0] + "; only 1 or a dynamic batch can be fed");
        this.headOutputColumns = (int) outShape[1];
        this.scoreColumns = m.openWakeWord().columns().stream().mapToInt(Integer::intValue).toArray();
        for (int c : scoreColumns) {
            if (headOutputColumns > 0 && c >= headOutputColumns) {
                throw new ModelLoadException(disagree + "scoreColumns " + m.openWakeWord().columns() + " but the head has " + headOutputColumns + " output columns");
            }
        }
        WarmUp w = warmUp();
        Buffers buffers = w.buffers();
        float[] warmUpWindows = w.windows();
        int windows = w.count();
        float[] all = w.embeddings();
        this.warmUpEmbeddings = Arrays.copyOfRange(all, (windows - windowFrames) * EMBEDDING_SIZE, windows * EMBEDDING_SIZE);
        this.loneWindowExact = loneWindowsMatch(warmUpWindows, windows, all, buffers);
        this.incremental = incremental != null && incrementalMatches(incremental, warmUpWindows, windows, all, buffers) ? incremental : null;
        if (incremental != null && this.incremental == null) incremental.close();
        this.batchedMel = batchedMel != null && batchedMelMatches(batchedMel, buffers) ? batchedMel : null;
        if (batchedMel != null && this.batchedMel == null) batchedMel.close();
        if (headBatchFixed) {
            OrtSession batched = batchedHead(dir.resolve(WakeWordModel.ONNX_FILE).normalize());
            if (batched != null && batchedHeadMatches(batched, buffers)) this.batchedHead = batched;
            else closeQuietly(batched);
        }
    }

    /** Whether the batched melspectrogram gives the per-step model's bits on the warm-up noise's steps. */
    private boolean batchedMelMatches(BatchedMelspectrogram batched, Buffers buffers) {
        this.batchedMel = batched;
        try {
            float[] noise = warmUpNoise();
            int steps = (noise.length - STEP_INPUT) / OpenWakeWordConfig.STEP_SAMPLES + 1;
            int[] from = new int[steps];
            for (int i = 0; i < steps; i++) from[i] = i * OpenWakeWordConfig.STEP_SAMPLES;
            int values = OpenWakeWordConfig.MEL_FRAMES_PER_STEP * MEL_BANDS;
            float[] alone = new float[steps * values];
            for (int i = 0; i < steps; i++) melspectrogram(noise, from[i], STEP_INPUT, buffers, alone, i * values);
            float[] all = new float[steps * values];
            // Every call size a batch can give (1 to MEL_CALL_STEPS steps), then all steps at once.
            for (int count = 1; count <= MEL_CALL_STEPS + 1; count++) {
                int n = count <= MEL_CALL_STEPS ? count : steps;
                melspectrogramSteps(noise, from, n, buffers, all);
                for (int v = 0; v < n * values; v++) {
                    if (Float.floatToRawIntBits(alone[v]) != Float.floatToRawIntBits(all[v])) return false;
                }
            }
            return true;
        } finally {
            this.batchedMel = null;
        }
    }

    /**
     * The scaled mel frames (as {@link #melspectrogram(float[], int, int)}) of {@code count} steps of 1760 samples
     * (480 of context and the step's 1280) starting at {@code from[i]} in {@code audio}: count x 8 x 32 values
     * into {@code out}. Each step gets its own 80 dB floor, as when run alone; one call for all where
     * {@link BatchedMelspectrogram} applies.
     */
    public void melspectrogramSteps(float[] audio, int[] from, int count, Buffers buffers, float[] out) {
        int values = OpenWakeWordConfig.MEL_FRAMES_PER_STEP * MEL_BANDS;
        if (batchedMel == null) {
            for (int i = 0; i < count; i++) melspectrogram(audio, from[i], STEP_INPUT, buffers, out, i * values);
            return;
        }
        int frames = OpenWakeWordConfig.MEL_FRAMES_PER_STEP;
        float[] cut = buffers.frames(count * frames * BatchedMelspectrogram.FRAME);
        for (int i = 0; i < count; i++) {
            for (int f = 0; f < frames; f++) {
                System.arraycopy(audio, from[i] + f * BatchedMelspectrogram.HOP, cut, (i * frames + f) * BatchedMelspectrogram.FRAME, BatchedMelspectrogram.FRAME);
            }
        }
        float[] part = buffers.melPart(MEL_CALL_STEPS * values);
        for (int start = 0; start < count; start += MEL_CALL_STEPS) {
            int n = Math.min(MEL_CALL_STEPS, count - start);
            batchedMel.run(cut, start, n, buffers, part);
            System.arraycopy(part, 0, out, start * values, n * values);
        }
        for (int i = 0; i < count * values; i++) out[i] = out[i] / 10f + 2f;
    }

    /**
     * Whether the incremental embedding gives the whole model's bits on the warm-up's consecutive windows (8
     * frames apart, as a stream's): primed on the first, then stepped through the rest.
     */
    private static boolean incrementalMatches(IncrementalEmbedding inc, float[] windows, int count, float[] batched, Buffers buffers) {
        int window = EMBEDDING_WINDOW_FRAMES * MEL_BANDS;
        int tail = IncrementalEmbedding.TAIL_FRAMES * MEL_BANDS;
        float[] embedding = new float[EMBEDDING_SIZE];
        float[] history = new float[inc.historySize()];
        inc.prime(windows, 1, buffers, embedding, history);
        for (int w = 0; w < count; w++) {
            if (w > 0) inc.step(Arrays.copyOfRange(windows, (w + 1) * window - tail, (w + 1) * window), history, 1, buffers, embedding);
            for (int i = 0; i < EMBEDDING_SIZE; i++) {
                if (Float.floatToRawIntBits(embedding[i]) != Float.floatToRawIntBits(batched[w * EMBEDDING_SIZE + i])) return false;
            }
        }
        return true;
    }

    /** Whether {@link #melspectrogramSteps} runs all steps in one call (else one call per step). */
    public boolean batchesMelspectrogram() {
        return batchedMel != null;
    }

    /** The incremental embedding model (a stream's steps after its first), or null to run the whole model per window. */
    public IncrementalEmbedding incremental() {
        return incremental;
    }

    /**
     * The two feature models alone, without a head: what a trainer needs to compute the embeddings a head over
     * {@code windowFrames} embeddings will be fed ({@link #score} is refused).
     *
     * @param dir a folder with {@code melspectrogram.onnx} and {@code embedding_model.onnx}, e.g. any folder that
     *     {@code ./wakestream models fetch openwakeword} lays out
     */
    public static OpenWakeWordModels featureModels(Path dir, int windowFrames) throws ModelLoadException {
        OrtSession mel = null;
        OrtSession emb = null;
        try {
            mel = open(dir, OpenWakeWordFetcher.MELSPECTROGRAM);
            emb = open(dir, OpenWakeWordFetcher.EMBEDDING);
            return new OpenWakeWordModels(mel, emb, windowFrames, dir);
        } catch (OrtException e) {
            closeQuietly(mel);
            closeQuietly(emb);
            throw new ModelLoadException(dir + ": cannot read the openWakeWord feature models: " + e.getMessage(), e);
        } catch (ModelLoadException | RuntimeException e) {
            closeQuietly(mel);
            closeQuietly(emb);
            throw e;
        }
    }

    private OpenWakeWordModels(OrtSession melspectrogram, OrtSession embedding, int windowFrames, Path dir)
            throws ModelLoadException, OrtException {
        if (windowFrames < 1) throw new IllegalArgumentException("windowFrames must be at least 1, was " + windowFrames);
        this.melspectrogram = melspectrogram;
        this.embedding = embedding;
        this.head = null;
        this.windowFrames = windowFrames;
        FeatureIo io = FeatureIo.check(melspectrogram, embedding, dir, OpenWakeWordFetcher.MELSPECTROGRAM, OpenWakeWordFetcher.EMBEDDING);
        this.melInput = io.melInput();
        this.melOutput = io.melOutput();
        this.embeddingInput = io.embeddingInput();
        this.embeddingOutput = io.embeddingOutput();
        this.headInputName = null;
        this.headOutputName = null;
        this.headBatchFixed = false;
        this.headOutputColumns = 1;
        this.scoreColumns = new int[] {0};
        WarmUp w = warmUp();
        this.warmUpEmbeddings = Arrays.copyOfRange(w.embeddings(), (w.count() - windowFrames) * EMBEDDING_SIZE, w.count() * EMBEDDING_SIZE);
        this.loneWindowExact = loneWindowsMatch(w.windows(), w.count(), w.embeddings(), w.buffers());
        // A trainer embeds whole clips through melspectrogram() and embed() (OpenWakeWordEmbedder); the derived
        // graphs serve streams, through the engine's frontend.
        this.incremental = null;
        this.batchedMel = null;
    }

    /** Loads the feature models named by the manifest (relative to {@code dir}) and the head {@code head}. */
    static OpenWakeWordModels load(Path dir, ModelManifest m, OrtSession head) throws ModelLoadException {
        OrtSession mel = null;
        OrtSession emb = null;
        try {
            mel = open(dir, m.openWakeWord().melspectrogramModel());
            emb = open(dir, m.openWakeWord().embeddingModel());
            return new OpenWakeWordModels(mel, emb, head, m, dir, incremental(dir.resolve(m.openWakeWord().embeddingModel()).normalize()),
                    batchedMelspectrogram(dir.resolve(m.openWakeWord().melspectrogramModel()).normalize()));
        } catch (OrtException e) {
            closeQuietly(mel);
            closeQuietly(emb);
            throw new ModelLoadException(dir + ": cannot read the openWakeWord models: " + e.getMessage(), e);
        } catch (ModelLoadException | RuntimeException e) {
            closeQuietly(mel);
            closeQuietly(emb);
            throw e;
        }
    }

    private static OrtSession open(Path dir, String relative) throws ModelLoadException {
        Path file = dir.resolve(relative).normalize();
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(dir + ": openWakeWord feature model " + relative + " not found (" + file
                    + "); `./wakestream models fetch openwakeword` lays out complete model folders");
        }
        try {
            return WakeWordModel.createSession(file);
        } catch (OrtException e) {
            throw new ModelLoadException(file + ": ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    /** Embeddings in a new stream's buffer, oldest first: windowFrames x 96. */
    public float[] warmUpEmbeddings() {
        return warmUpEmbeddings.clone();
    }

    public int windowFrames() {
        return windowFrames;
    }

    /** Mel frames the melspectrogram model makes of {@code samples} samples: 512-sample frames every 160. */
    public static int melFrames(int samples) {
        return samples < 512 ? 0 : (samples - 512) / 160 + 1;
    }

    /**
     * The mel spectrogram of {@code samples} samples of {@code audio} from {@code offset} (16-bit sample values as
     * floats), scaled as openWakeWord does ({@code x / 10 + 2}): frames x 32.
     *
     * <p>One clip per call, never a batch: the model floors its output at 80 dB below the maximum of the whole
     * input tensor, so clips batched together would change each other's quiet frames. openWakeWord runs it on each
     * 80 ms step's audio alone, and so does the engine.
     */
    public float[] melspectrogram(float[] audio, int offset, int samples) {
        float[] out = new float[melFrames(samples) * MEL_BANDS];
        melspectrogram(audio, offset, samples, new Buffers(), out, 0);
        return out;
    }

    /**
     * {@link #melspectrogram(float[], int, int)} into {@code out} from {@code outOffset} (melFrames(samples) x 32
     * values), through {@code buffers}: the same values, without allocating per call.
     */
    public void melspectrogram(float[] audio, int offset, int samples, Buffers buffers, float[] out, int outOffset) {
        int frames = melFrames(samples);
        int values = frames * MEL_BANDS;
        FloatBuffer in = buffers.input(samples);
        in.put(audio, offset, samples).rewind();
        FloatBuffer result = buffers.output(values);
        try (OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {1, samples});
                OnnxTensor o = OnnxTensor.createTensor(env, result, new long[] {1, 1, frames, MEL_BANDS});
                OrtSession.Result r = melspectrogram.run(Map.of(melInput, t), Map.of(melOutput, o))) {
            result.get(out, outOffset, values);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the melspectrogram model (" + samples + " samples): " + e.getMessage(), e);
        }
        // openWakeWord's transform: brings the ONNX port's output close to Google's original speech_embedding input.
        for (int i = outOffset; i < outOffset + values; i++) out[i] = out[i] / 10f + 2f;
    }

    /** Embeddings of {@code count} windows of 76 x 32 mel frames, back to back: count x 96. */
    public float[] embed(float[] windows, int count) {
        float[] out = new float[count * EMBEDDING_SIZE];
        embed(windows, count, new Buffers(), out);
        return out;
    }

    /**
     * {@link #embed(float[], int)} into {@code out} (count x 96 values), through {@code buffers}: the same values,
     * without allocating per call.
     */
    public void embed(float[] windows, int count, Buffers buffers, float[] out) {
        int window = EMBEDDING_WINDOW_FRAMES * MEL_BANDS;
        for (int start = 0; start < count; ) {
            int n = Math.min(EMBEDDING_CALL_WINDOWS, count - start);
            // Never leave a lone window behind where it would need a copy beside it.
            if (!loneWindowExact && count - start - n == 1) n--;
            if (n > 1 || loneWindowExact) {
                runEmbedding(windows, start, n, buffers, out);
            } else {
                // Where ONNX Runtime takes another path for a batch of one (on this machine it does not: see
                // loneWindowExact), a lone window is run beside a copy so every window gets the same arithmetic
                // whatever the batch, and scores do not depend on how chunks and streams happened to share it.
                float[] twice = new float[2 * window];
                System.arraycopy(windows, start * window, twice, 0, window);
                System.arraycopy(windows, start * window, twice, window, window);
                float[] both = new float[2 * EMBEDDING_SIZE];
                runEmbedding(twice, 0, 2, buffers, both);
                System.arraycopy(both, 0, out, start * EMBEDDING_SIZE, EMBEDDING_SIZE);
            }
            start += n;
        }
    }

    /** One call of the embedding model on exactly {@code count} windows from window {@code first}, into out from first. */
    private void runEmbedding(float[] windows, int first, int count, Buffers buffers, float[] out) {
        int values = count * EMBEDDING_WINDOW_FRAMES * MEL_BANDS;
        FloatBuffer in = buffers.input(values);
        in.put(windows, first * EMBEDDING_WINDOW_FRAMES * MEL_BANDS, values).rewind();
        FloatBuffer result = buffers.output(count * EMBEDDING_SIZE);
        try (OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {count, EMBEDDING_WINDOW_FRAMES, MEL_BANDS, 1});
                OnnxTensor o = OnnxTensor.createTensor(env, result, new long[] {count, 1, 1, EMBEDDING_SIZE});
                OrtSession.Result r = embedding.run(Map.of(embeddingInput, t), Map.of(embeddingOutput, o))) {
            result.get(out, first * EMBEDDING_SIZE, count * EMBEDDING_SIZE);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the embedding model (" + count + " windows): " + e.getMessage(), e);
        }
    }

    /**
     * Whether a lone window's embedding is bit for bit its embedding in a batch: ONNX Runtime picks kernels by
     * shape and CPU, so this is checked here on the real model, not assumed. Where it holds, a lone window needs no
     * copy beside it (half the embedding work of a single stream).
     */
    private boolean loneWindowsMatch(float[] windows, int count, float[] batched, Buffers buffers) {
        for (int w : new int[] {0, count / 2, count - 1}) {
            float[] alone = new float[(w + 1) * EMBEDDING_SIZE];
            runEmbedding(windows, w, 1, buffers, alone);
            for (int i = w * EMBEDDING_SIZE; i < (w + 1) * EMBEDDING_SIZE; i++) {
                if (Float.floatToRawIntBits(alone[i]) != Float.floatToRawIntBits(batched[i])) return false;
            }
        }
        return true;
    }

    /** Head scores of {@code count} windows of windowFrames x 96 embeddings, back to back. */
    public void score(float[] windows, int count, float[] scores) {
        score(windows, count, scores, new Buffers());
    }

    /** {@link #score(float[], int, float[])} through {@code buffers}: the same values, without allocating per call. */
    public void score(float[] windows, int count, float[] scores, Buffers buffers) {
        if (head == null) throw new IllegalStateException("feature models only: there is no head to score with");
        // A lone window goes to the one-window head: the batched form also runs the verifier branch for every row,
        // which costs more than it saves at one window (32 vs 23 us here); both give the same bits (checked at load).
        boolean batched = batchedHead != null && count > 1;
        OrtSession session = batched ? batchedHead : head;
        int perCall = batched ? HEAD_CALL_WINDOWS : headBatchFixed ? 1 : count;
        for (int start = 0; start < count; start += perCall) {
            int n = Math.min(perCall, count - start);
            float[] out = runHead(session, windows, start, n, buffers);
            int columns = out.length / n;
            for (int i = 0; i < n; i++) {
                float best = Float.NEGATIVE_INFINITY;
                for (int c : scoreColumns) best = Math.max(best, out[i * columns + c]);
                scores[start + i] = best;
            }
        }
    }

    /** Every output value of the head for {@code n} windows from window {@code first}. */
    private float[] runHead(OrtSession session, float[] windows, int first, int n, Buffers buffers) {
        int size = windowFrames * EMBEDDING_SIZE;
        FloatBuffer in = buffers.input(n * size);
        in.put(windows, first * size, n * size).rewind();
        try (OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {n, windowFrames, EMBEDDING_SIZE});
                OrtSession.Result r = session.run(Map.of(headInputName, t), Set.of(headOutputName))) {
            FloatBuffer b = ((OnnxTensor) r.get(headOutputName).orElseThrow()).getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the wake-word head (" + n + " windows): " + e.getMessage(), e);
        }
    }

    /** The batched form of a head exported for one window, or null when its graph does not allow it. */
    private static OrtSession batchedHead(Path headModel) {
        try {
            return BatchedHead.load(headModel);
        } catch (java.io.IOException | OrtException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Whether the batched head gives the one-window head's bits: on the warm-up window and on seeded random windows,
     * small and large (the large ones score high, so a verifier branch is taken too), in batches of 1 to 16.
     */
    private boolean batchedHeadMatches(OrtSession batched, Buffers buffers) {
        int size = windowFrames * EMBEDDING_SIZE;
        int count = HEAD_CALL_WINDOWS;
        float[] windows = new float[count * size];
        System.arraycopy(warmUpEmbeddings, 0, windows, 0, size);
        Random random = new Random(WARM_UP_SEED);
        for (int i = size; i < windows.length; i++) windows[i] = (float) random.nextGaussian() * (i < size * 5 ? 0.2f : 3f);
        float[][] alone = new float[count][];
        for (int w = 0; w < count; w++) alone[w] = runHead(head, windows, w, 1, buffers);
        // Every batch size a call can have: kernels are chosen by shape.
        for (int n = 1; n <= count; n++) {
            float[] together;
            try {
                together = runHead(batched, windows, 0, n, buffers);
            } catch (IllegalStateException e) {
                return false;
            }
            int columns = alone[0].length;
            if (together.length != n * columns) return false;
            for (int w = 0; w < n; w++) {
                for (int c = 0; c < columns; c++) {
                    if (Float.floatToRawIntBits(alone[w][c]) != Float.floatToRawIntBits(together[w * columns + c])) return false;
                }
            }
        }
        return true;
    }

    /** Whether the head, exported for one window, is run on a batch (see {@link BatchedHead}). */
    public boolean batchesHead() {
        return batchedHead != null;
    }

    private static float[] warmUpNoise() {
        Random random = new Random(WARM_UP_SEED);
        float[] noise = new float[WARM_UP_NOISE_SAMPLES];
        for (int i = 0; i < noise.length; i++) noise[i] = random.nextInt(2000) - 1000;
        return noise;
    }

    /** openWakeWord's warm-up: the mel windows of 4 s of noise, back to back. */
    private float[] warmUpWindows() {
        float[] noise = warmUpNoise();
        float[] mel = melspectrogram(noise, 0, noise.length);
        int frames = melFrames(noise.length);
        // openWakeWord's _get_embeddings: windows of 76 frames starting every 8 frames, short ones dropped.
        int windows = (frames - EMBEDDING_WINDOW_FRAMES) / OpenWakeWordConfig.MEL_FRAMES_PER_STEP + 1;
        float[] in = new float[windows * EMBEDDING_WINDOW_FRAMES * MEL_BANDS];
        for (int w = 0; w < windows; w++) {
            System.arraycopy(mel, w * OpenWakeWordConfig.MEL_FRAMES_PER_STEP * MEL_BANDS, in,
                    w * EMBEDDING_WINDOW_FRAMES * MEL_BANDS, EMBEDDING_WINDOW_FRAMES * MEL_BANDS);
        }
        return in;
    }

    /** The feature models' tensor names, after checking that each model has the one input and output it should. */
    private record FeatureIo(String melInput, String melOutput, String embeddingInput, String embeddingOutput) {
        static FeatureIo check(OrtSession mel, OrtSession embedding, Path dir, String melName, String embeddingName)
                throws ModelLoadException, OrtException {
            String where = dir + ": ";
            FeatureIo io = new FeatureIo(only(mel.getInputInfo(), where + melName + " input"),
                    only(mel.getOutputInfo(), where + melName + " output"),
                    only(embedding.getInputInfo(), where + embeddingName + " input"),
                    only(embedding.getOutputInfo(), where + embeddingName + " output"));
            checkShape(where + melName + " input", mel.getInputInfo().get(io.melInput()), new long[] {-1, -1});
            checkShape(where + embeddingName + " input", embedding.getInputInfo().get(io.embeddingInput()),
                    new long[] {-1, EMBEDDING_WINDOW_FRAMES, MEL_BANDS, 1});
            checkShape(where + embeddingName + " output", embedding.getOutputInfo().get(io.embeddingOutput()),
                    new long[] {-1, 1, 1, EMBEDDING_SIZE});
            return io;
        }
    }

    /** The warm-up noise's embedding windows and their embeddings, with the buffers the load-time checks reuse. */
    private record WarmUp(float[] windows, int count, float[] embeddings, Buffers buffers) {}

    /** Embeds the warm-up noise (the fields of the feature models must be set). */
    private WarmUp warmUp() {
        float[] windows = warmUpWindows();
        int count = windows.length / (EMBEDDING_WINDOW_FRAMES * MEL_BANDS);
        if (count < windowFrames) throw new IllegalStateException("warm-up gives " + count + " embeddings, head needs " + windowFrames);
        Buffers buffers = new Buffers();
        // A batch of at least two: the arithmetic every batch of streams gets (see embed).
        float[] all = new float[count * EMBEDDING_SIZE];
        runEmbedding(windows, 0, count, buffers, all);
        return new WarmUp(windows, count, all, buffers);
    }

    private static String only(Map<String, NodeInfo> nodes, String what) throws ModelLoadException {
        if (nodes.size() != 1) throw new ModelLoadException(what + ": expected exactly one, found " + nodes.keySet());
        return nodes.keySet().iterator().next();
    }

    /** Checks element type and every fixed dimension of {@code expected} (-1 = any); returns the actual shape. */
    private static long[] checkShape(String what, NodeInfo node, long[] expected) throws ModelLoadException {
        if (!(node.getInfo() instanceof TensorInfo t)) throw new ModelLoadException(what + " is not a tensor");
        if (t.type != OnnxJavaType.FLOAT) throw new ModelLoadException(what + " has element type " + t.type + ", expected FLOAT");
        long[] actual = t.getShape();
        if (actual.length != expected.length) {
            throw new ModelLoadException(what + " has shape " + Arrays.toString(actual) + ", expected " + Arrays.toString(expected).replace("-1", "N"));
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] > 0 && actual[i] > 0 && actual[i] != expected[i]) {
                throw new ModelLoadException(what + " has shape " + Arrays.toString(actual) + ", expected "
                        + Arrays.toString(expected).replace("-1", "N") + " (dimension " + i + " differs)");
            }
        }
        return actual;
    }

    /** Whether a lone window is embedded alone (true) or beside a copy of itself (false): for logs and tests. */
    public boolean embedsLoneWindowAlone() {
        return loneWindowExact;
    }

    /**
     * Native (direct) buffers that one thread's calls reuse. ONNX Runtime reads a direct buffer in place, where a
     * Java array is copied into a newly allocated direct buffer on every call (311 KB for 32 embedding windows),
     * and writes outputs into a pinned direct buffer instead of returning a copy. Not thread-safe: one per engine.
     */
    public static final class Buffers {
        private FloatBuffer in = allocate(0);
        private FloatBuffer out = allocate(0);
        private FloatBuffer in2 = allocate(0);
        private FloatBuffer out2 = allocate(0);

        /** A second output buffer, {@code floats} long, positioned at 0. */
        FloatBuffer secondOutput(int floats) {
            if (out2.capacity() < floats) out2 = allocate(Math.max(floats, out2.capacity() * 2));
            return out2.clear().limit(floats);
        }
        private float[] frames = new float[0];

        private float[] melPart = new float[0];

        float[] melPart(int floats) {
            if (melPart.length < floats) melPart = new float[floats];
            return melPart;
        }

        /** A scratch array of at least {@code floats}. */
        float[] frames(int floats) {
            if (frames.length < floats) frames = new float[Math.max(floats, frames.length * 2)];
            return frames;
        }

        /** The input buffer, {@code floats} long, positioned at 0. */
        FloatBuffer input(int floats) {
            if (in.capacity() < floats) in = allocate(Math.max(floats, in.capacity() * 2));
            return in.clear().limit(floats);
        }

        /** A second input buffer, {@code floats} long, positioned at 0. */
        FloatBuffer secondInput(int floats) {
            if (in2.capacity() < floats) in2 = allocate(Math.max(floats, in2.capacity() * 2));
            return in2.clear().limit(floats);
        }

        /** The output buffer, {@code floats} long, positioned at 0. */
        FloatBuffer output(int floats) {
            if (out.capacity() < floats) out = allocate(Math.max(floats, out.capacity() * 2));
            return out.clear().limit(floats);
        }

        private static FloatBuffer allocate(int floats) {
            return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }

    @Override
    public void close() {
        closeQuietly(melspectrogram);
        closeQuietly(embedding);
        closeQuietly(head);
        if (incremental != null) incremental.close();
        if (batchedMel != null) batchedMel.close();
        closeQuietly(batchedHead);
    }

    private static void closeQuietly(OrtSession s) {
        if (s == null) return;
        try {
            s.close();
        } catch (OrtException ignored) {
            // Closing after a failed load: nothing more to report.
        }
    }

    /** The scores' columns as configured (for logs). */
    List<Integer> scoreColumns() {
        return Arrays.stream(scoreColumns).boxed().toList();
    }
}
