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
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

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

    private OpenWakeWordModels(OrtSession melspectrogram, OrtSession embedding, OrtSession head, ModelManifest m,
            Path dir) throws ModelLoadException, OrtException {
        this.melspectrogram = melspectrogram;
        this.embedding = embedding;
        this.head = head;
        this.windowFrames = m.windowFrames();
        String where = dir + ": ";
        this.melInput = only(melspectrogram.getInputInfo(), where + m.openWakeWord().melspectrogramModel() + " input");
        this.melOutput = only(melspectrogram.getOutputInfo(), where + m.openWakeWord().melspectrogramModel() + " output");
        this.embeddingInput = only(embedding.getInputInfo(), where + m.openWakeWord().embeddingModel() + " input");
        this.embeddingOutput = only(embedding.getOutputInfo(), where + m.openWakeWord().embeddingModel() + " output");
        checkShape(where + m.openWakeWord().melspectrogramModel() + " input", melspectrogram.getInputInfo().get(melInput), new long[] {-1, -1});
        checkShape(where + m.openWakeWord().embeddingModel() + " input", embedding.getInputInfo().get(embeddingInput),
                new long[] {-1, EMBEDDING_WINDOW_FRAMES, MEL_BANDS, 1});
        checkShape(where + m.openWakeWord().embeddingModel() + " output", embedding.getOutputInfo().get(embeddingOutput),
                new long[] {-1, 1, 1, EMBEDDING_SIZE});

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
        this.warmUpEmbeddings = computeWarmUpEmbeddings();
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
        String where = dir + ": ";
        this.melInput = only(melspectrogram.getInputInfo(), where + OpenWakeWordFetcher.MELSPECTROGRAM + " input");
        this.melOutput = only(melspectrogram.getOutputInfo(), where + OpenWakeWordFetcher.MELSPECTROGRAM + " output");
        this.embeddingInput = only(embedding.getInputInfo(), where + OpenWakeWordFetcher.EMBEDDING + " input");
        this.embeddingOutput = only(embedding.getOutputInfo(), where + OpenWakeWordFetcher.EMBEDDING + " output");
        checkShape(where + OpenWakeWordFetcher.MELSPECTROGRAM + " input", melspectrogram.getInputInfo().get(melInput), new long[] {-1, -1});
        checkShape(where + OpenWakeWordFetcher.EMBEDDING + " input", embedding.getInputInfo().get(embeddingInput),
                new long[] {-1, EMBEDDING_WINDOW_FRAMES, MEL_BANDS, 1});
        checkShape(where + OpenWakeWordFetcher.EMBEDDING + " output", embedding.getOutputInfo().get(embeddingOutput),
                new long[] {-1, 1, 1, EMBEDDING_SIZE});
        this.headInputName = null;
        this.headOutputName = null;
        this.headBatchFixed = false;
        this.headOutputColumns = 1;
        this.scoreColumns = new int[] {0};
        this.warmUpEmbeddings = computeWarmUpEmbeddings();
    }

    /** Loads the feature models named by the manifest (relative to {@code dir}) and the head {@code head}. */
    static OpenWakeWordModels load(Path dir, ModelManifest m, OrtSession head) throws ModelLoadException {
        OrtSession mel = null;
        OrtSession emb = null;
        try {
            mel = open(dir, m.openWakeWord().melspectrogramModel());
            emb = open(dir, m.openWakeWord().embeddingModel());
            return new OpenWakeWordModels(mel, emb, head, m, dir);
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
        int frames = melFrames(samples);
        float[] out = new float[frames * MEL_BANDS];
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(audio, offset, samples), new long[] {1, samples});
                OrtSession.Result r = melspectrogram.run(Map.of(melInput, t))) {
            FloatBuffer b = ((OnnxTensor) r.get(melOutput).orElseThrow()).getFloatBuffer();
            if (b.remaining() != out.length) throw new IllegalStateException("melspectrogram model gave " + b.remaining() + " values for " + frames + "x" + MEL_BANDS);
            b.get(out);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the melspectrogram model (" + samples + " samples): " + e.getMessage(), e);
        }
        // openWakeWord's transform: brings the ONNX port's output close to Google's original speech_embedding input.
        for (int i = 0; i < out.length; i++) out[i] = out[i] / 10f + 2f;
        return out;
    }

    /** Embeddings of {@code count} windows of 76 x 32 mel frames, back to back: count x 96. */
    public float[] embed(float[] windows, int count) {
        float[] out = new float[count * EMBEDDING_SIZE];
        if (count == 0) return out;
        int window = EMBEDDING_WINDOW_FRAMES * MEL_BANDS;
        // ONNX Runtime takes another (matrix-vector) path for a batch of one, whose last bits differ from a
        // window's in a larger batch; a lone window is run beside a copy so every window gets the same arithmetic
        // whatever the batch, and scores do not depend on how chunks and streams happened to share it.
        int rows = Math.max(count, 2);
        float[] input = windows;
        if (count == 1) {
            input = new float[2 * window];
            System.arraycopy(windows, 0, input, 0, window);
            System.arraycopy(windows, 0, input, window, window);
        }
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input, 0, rows * window),
                        new long[] {rows, EMBEDDING_WINDOW_FRAMES, MEL_BANDS, 1});
                OrtSession.Result r = embedding.run(Map.of(embeddingInput, t))) {
            FloatBuffer b = ((OnnxTensor) r.get(embeddingOutput).orElseThrow()).getFloatBuffer();
            b.limit(count * EMBEDDING_SIZE);
            b.get(out);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the embedding model (" + count + " windows): " + e.getMessage(), e);
        }
        return out;
    }

    /** Head scores of {@code count} windows of windowFrames x 96 embeddings, back to back. */
    public void score(float[] windows, int count, float[] scores) {
        if (head == null) throw new IllegalStateException("feature models only: there is no head to score with");
        int size = windowFrames * EMBEDDING_SIZE;
        int perCall = headBatchFixed ? 1 : count;
        for (int start = 0; start < count; start += perCall) {
            int n = Math.min(perCall, count - start);
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(windows, start * size, n * size),
                            new long[] {n, windowFrames, EMBEDDING_SIZE});
                    OrtSession.Result r = head.run(Map.of(headInput(), t), java.util.Set.of(headOutput()))) {
                FloatBuffer b = ((OnnxTensor) r.get(headOutput()).orElseThrow()).getFloatBuffer();
                int columns = b.remaining() / n;
                for (int i = 0; i < n; i++) {
                    float best = Float.NEGATIVE_INFINITY;
                    for (int c : scoreColumns) best = Math.max(best, b.get(i * columns + c));
                    scores[start + i] = best;
                }
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed on the wake-word head (" + n + " windows): " + e.getMessage(), e);
            }
        }
    }

    private String headInput() {
        return headInputName;
    }

    private String headOutput() {
        return headOutputName;
    }

    private float[] computeWarmUpEmbeddings() {
        Random random = new Random(WARM_UP_SEED);
        float[] noise = new float[WARM_UP_NOISE_SAMPLES];
        for (int i = 0; i < noise.length; i++) noise[i] = random.nextInt(2000) - 1000;
        float[] mel = melspectrogram(noise, 0, noise.length);
        int frames = melFrames(noise.length);
        // openWakeWord's _get_embeddings: windows of 76 frames starting every 8 frames, short ones dropped.
        int windows = (frames - EMBEDDING_WINDOW_FRAMES) / OpenWakeWordConfig.MEL_FRAMES_PER_STEP + 1;
        float[] in = new float[windows * EMBEDDING_WINDOW_FRAMES * MEL_BANDS];
        for (int w = 0; w < windows; w++) {
            System.arraycopy(mel, w * OpenWakeWordConfig.MEL_FRAMES_PER_STEP * MEL_BANDS, in,
                    w * EMBEDDING_WINDOW_FRAMES * MEL_BANDS, EMBEDDING_WINDOW_FRAMES * MEL_BANDS);
        }
        float[] all = embed(in, windows);
        if (windows < windowFrames) throw new IllegalStateException("warm-up gives " + windows + " embeddings, head needs " + windowFrames);
        return Arrays.copyOfRange(all, (windows - windowFrames) * EMBEDDING_SIZE, windows * EMBEDDING_SIZE);
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

    @Override
    public void close() {
        closeQuietly(melspectrogram);
        closeQuietly(embedding);
        closeQuietly(head);
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
