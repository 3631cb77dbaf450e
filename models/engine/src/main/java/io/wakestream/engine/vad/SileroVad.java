package io.wakestream.engine.vad;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.wakestream.engine.model.ModelLoadException;
import io.wakestream.engine.model.WakeWordModel;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Silero VAD v4 model ({@code silero_vad.onnx}, MIT, https://github.com/snakers4/silero-vad): the probability
 * that a 512-sample (32 ms) frame of 16 kHz audio is speech, carried through an LSTM state per stream
 * ({@link SileroVadState}). {@link #load(Path)} keeps one session per file per JVM, shared by every stream and
 * thread (ONNX Runtime sessions are safe to run concurrently); all per-stream memory is in the state.
 *
 * <p>The v4 interface, checked at load: inputs {@code input} float [N, samples], {@code sr} int64 scalar,
 * {@code h} and {@code c} float [2, N, 64]; outputs {@code output} float [N, 1], {@code hn} and {@code cn} float
 * [2, N, 64]. Silero VAD v5 ({@code input}, {@code state} [2, N, 128], {@code sr}; 64 context samples before each
 * frame) is refused with a message saying so.
 */
public final class SileroVad {
    private static final Logger LOG = LoggerFactory.getLogger(SileroVad.class);
    public static final int SAMPLE_RATE = 16_000;
    /** Samples per frame at 16 kHz, the frame the model was trained on (v4 also accepts 1024 and 1536). */
    public static final int FRAME_SAMPLES = 512;
    static final int LAYERS = 2;
    static final int HIDDEN = 64;
    /** Values of {@code h} (and of {@code c}) for one stream: [2, 1, 64]. */
    public static final int STATE_SIZE = LAYERS * HIDDEN;
    private static final Map<Path, SileroVad> SHARED = new ConcurrentHashMap<>();
    /**
     * The same instances by the path as given: a command restored from state looks its model up by path (on RocksDB
     * after every read of the state), and resolving the real path each time would be a file-system call per chunk.
     */
    private static final Map<Path, SileroVad> BY_GIVEN_PATH = new ConcurrentHashMap<>();
    private static final long[] FRAME_SHAPE = {1, FRAME_SAMPLES};
    private static final long[] STATE_SHAPE = {LAYERS, 1, HIDDEN};

    private final Path file;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    private SileroVad(Path file, OrtSession session) {
        this.file = file;
        this.session = session;
    }

    /** Receives each frame's speech probability as {@link #accept} completes it. */
    @FunctionalInterface
    public interface FrameListener {
        /** @return true to stop after this frame (the samples after it are not consumed) */
        boolean onFrame(float probability);
    }

    /** The JVM-wide instance for {@code file}, loading and checking it on first use. */
    public static SileroVad load(Path file) throws ModelLoadException {
        SileroVad known = BY_GIVEN_PATH.get(file);
        if (known != null) return known;
        SileroVad vad = loadShared(file);
        BY_GIVEN_PATH.put(file, vad);
        return vad;
    }

    private static SileroVad loadShared(Path file) throws ModelLoadException {
        Path key = canonical(file);
        SileroVad existing = SHARED.get(key);
        if (existing != null) return existing;
        synchronized (SHARED) {
            existing = SHARED.get(key);
            if (existing != null) return existing;
            SileroVad vad = loadUncached(key);
            SHARED.put(key, vad);
            return vad;
        }
    }

    private static SileroVad loadUncached(Path file) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file + ": Silero VAD model not found (`./wakestream models fetch openwakeword` "
                    + "puts it in models/openwakeword/silero_vad/silero_vad.onnx)");
        }
        OrtSession session;
        try {
            session = WakeWordModel.createSession(file);
        } catch (OrtException e) {
            throw new ModelLoadException(file + ": ONNX Runtime cannot load the Silero VAD model: " + e.getMessage(), e);
        }
        try {
            checkInterface(file, session);
            SileroVad vad = new SileroVad(file, session);
            // One frame of silence: a model that passes the check but cannot run fails here, not mid-command.
            float p = vad.frame(new SileroVadState(), new float[FRAME_SAMPLES]);
            if (!(p >= 0 && p <= 1)) throw new ModelLoadException(file + ": Silero VAD gave probability " + p + " for silence; expected 0 to 1");
            LOG.info("Loaded Silero VAD v4 from {}: {}-sample frames at {} Hz", file, FRAME_SAMPLES, SAMPLE_RATE);
            return vad;
        } catch (ModelLoadException | RuntimeException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // The session was never handed out.
            }
            throw e;
        } catch (OrtException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // The session was never handed out.
            }
            throw new ModelLoadException(file + ": the Silero VAD model fails on a frame of silence: " + e.getMessage(), e);
        }
    }

    /** Refuses a model whose inputs and outputs are not Silero VAD v4's, naming the file and what differs. */
    static void checkInterface(Path file, OrtSession session) throws ModelLoadException {
        Map<String, NodeInfo> inputs;
        Map<String, NodeInfo> outputs;
        try {
            inputs = session.getInputInfo();
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new ModelLoadException(file + ": cannot read the model's inputs and outputs: " + e.getMessage(), e);
        }
        String where = file + ": not the Silero VAD v4 interface (inputs input [N, samples], sr, h and c [2, N, 64]; "
                + "outputs output [N, 1], hn and cn [2, N, 64]): ";
        if (!inputs.keySet().equals(Set.of("input", "sr", "h", "c"))) {
            String hint = inputs.containsKey("state") ? " (an input 'state' is Silero VAD v5, which this engine does not run)" : "";
            throw new ModelLoadException(where + "its inputs are " + inputs.keySet() + hint);
        }
        if (!outputs.keySet().equals(Set.of("output", "hn", "cn"))) {
            throw new ModelLoadException(where + "its outputs are " + outputs.keySet());
        }
        checkTensor(where, "input 'input'", inputs.get("input"), OnnxJavaType.FLOAT, new long[] {-1, FRAME_SAMPLES});
        checkTensor(where, "input 'sr'", inputs.get("sr"), OnnxJavaType.INT64, new long[] {});
        checkTensor(where, "input 'h'", inputs.get("h"), OnnxJavaType.FLOAT, new long[] {LAYERS, -1, HIDDEN});
        checkTensor(where, "input 'c'", inputs.get("c"), OnnxJavaType.FLOAT, new long[] {LAYERS, -1, HIDDEN});
        checkTensor(where, "output 'output'", outputs.get("output"), OnnxJavaType.FLOAT, new long[] {-1, 1});
        checkTensor(where, "output 'hn'", outputs.get("hn"), OnnxJavaType.FLOAT, new long[] {LAYERS, -1, HIDDEN});
        checkTensor(where, "output 'cn'", outputs.get("cn"), OnnxJavaType.FLOAT, new long[] {LAYERS, -1, HIDDEN});
    }

    /** A dimension of -1 in {@code expected} is the batch; the model's may be dynamic or 1 there. */
    private static void checkTensor(String where, String what, NodeInfo node, OnnxJavaType type, long[] expected) throws ModelLoadException {
        if (!(node.getInfo() instanceof TensorInfo t)) throw new ModelLoadException(where + what + " is not a tensor");
        if (t.type != type) throw new ModelLoadException(where + what + " has element type " + t.type + ", expected " + type);
        long[] actual = t.getShape();
        String want = Arrays.toString(expected).replace("-1", "N");
        if (actual.length != expected.length) {
            throw new ModelLoadException(where + what + " has shape " + Arrays.toString(actual) + ", expected " + want);
        }
        for (int i = 0; i < expected.length; i++) {
            boolean ok = actual[i] <= 0 || (expected[i] == -1 ? actual[i] == 1 : actual[i] == expected[i]);
            if (!ok) throw new ModelLoadException(where + what + " has shape " + Arrays.toString(actual) + ", expected " + want + " (dimension " + i + " differs)");
        }
    }

    /** A new stream's state. */
    public SileroVadState newState() {
        return new SileroVadState();
    }

    /**
     * Feeds 16 kHz samples: each completed 512-sample frame is scored and its probability handed to
     * {@code listener}; the samples of a partial frame wait in the state for the next call, so any split of the
     * audio gives the same probabilities.
     *
     * @return samples consumed: {@code len}, or fewer when the listener asked to stop (after the frame that ended
     *     at the last consumed sample)
     */
    public int accept(SileroVadState s, short[] pcm, int off, int len, FrameListener listener) {
        short[] pending = s.pendingLive();
        float[] frame = null;
        int i = 0;
        while (i < len) {
            int n = Math.min(len - i, FRAME_SAMPLES - s.fill());
            System.arraycopy(pcm, off + i, pending, s.fill(), n);
            s.fill(s.fill() + n);
            i += n;
            if (s.fill() < FRAME_SAMPLES) break;
            if (frame == null) frame = new float[FRAME_SAMPLES];
            // The scaling of Silero's own wrapper: 16-bit samples as floats in [-1, 1).
            for (int k = 0; k < FRAME_SAMPLES; k++) frame[k] = pending[k] / 32768f;
            float p;
            try {
                p = frame(s, frame);
            } catch (OrtException e) {
                throw new IllegalStateException(file + ": Silero VAD failed on a frame: " + e.getMessage(), e);
            }
            if (listener.onFrame(p)) return i;
        }
        return len;
    }

    /** Scores one whole frame (floats in [-1, 1)) and advances the state past it. */
    float frame(SileroVadState s, float[] frame) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(frame), FRAME_SHAPE);
                OnnxTensor sr = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {SAMPLE_RATE}), new long[0]);
                OnnxTensor h = OnnxTensor.createTensor(env, FloatBuffer.wrap(s.hLive()), STATE_SHAPE);
                OnnxTensor c = OnnxTensor.createTensor(env, FloatBuffer.wrap(s.cLive()), STATE_SHAPE);
                OrtSession.Result r = session.run(Map.of("input", input, "sr", sr, "h", h, "c", c))) {
            float p = ((OnnxTensor) r.get("output").orElseThrow()).getFloatBuffer().get(0);
            ((OnnxTensor) r.get("hn").orElseThrow()).getFloatBuffer().get(s.hLive());
            ((OnnxTensor) r.get("cn").orElseThrow()).getFloatBuffer().get(s.cLive());
            s.frameDone();
            return p;
        }
    }

    public Path file() {
        return file;
    }

    private static Path canonical(Path file) {
        try {
            return file.toRealPath();
        } catch (Exception e) {
            return file.toAbsolutePath().normalize();
        }
    }
}
