package io.wakestream.engine.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded model folder: its manifest and one ONNX Runtime session. {@link #load(Path)} keeps one instance per
 * folder per JVM, shared by every stream and thread (ONNX Runtime sessions are safe to run concurrently), so a
 * TaskManager with many devices holds each model once.
 */
public final class WakeWordModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WakeWordModel.class);
    public static final String ONNX_FILE = "model.onnx";
    private static final Map<Path, WakeWordModel> SHARED = new ConcurrentHashMap<>();

    private final Path dir;
    private final ModelManifest manifest;
    private final OrtSession session;
    private final WakeWordScorer scorer;
    private final OpenWakeWordModels openWakeWord;
    /** An ensemble's members, when the manifest keeps them beside model.onnx; otherwise empty. */
    private final List<OrtSession> members;

    private WakeWordModel(Path dir, ModelManifest manifest, OrtSession session, OpenWakeWordModels openWakeWord,
            List<OrtSession> members) {
        this.dir = dir;
        this.manifest = manifest;
        this.session = session;
        this.openWakeWord = openWakeWord;
        this.members = List.copyOf(members);
        this.scorer = openWakeWord == null ? new WakeWordScorer(session, members, manifest) : null;
    }

    /** The JVM-wide instance for {@code dir}, loading and checking it on first use. */
    public static WakeWordModel load(Path dir) throws ModelLoadException {
        Path key = canonical(dir);
        WakeWordModel existing = SHARED.get(key);
        if (existing != null) return existing;
        synchronized (SHARED) {
            existing = SHARED.get(key);
            if (existing != null) return existing;
            WakeWordModel model = loadUncached(key);
            SHARED.put(key, model);
            return model;
        }
    }

    /**
     * A new, unshared instance (the trainer reloads a folder it just rewrote; the shared cache would hand back
     * the old model). Close it when done.
     */
    public static WakeWordModel loadFresh(Path dir) throws ModelLoadException {
        return loadUncached(canonical(dir));
    }

    private static WakeWordModel loadUncached(Path dir) throws ModelLoadException {
        if (!Files.isDirectory(dir)) throw new ModelLoadException(dir + ": model folder does not exist");
        ModelManifest manifest = ModelManifest.read(dir);
        Path onnx = dir.resolve(ONNX_FILE);
        if (!Files.isRegularFile(onnx)) throw new ModelLoadException(dir + ": no " + ONNX_FILE + " in the model folder");
        OrtSession session;
        try {
            session = createSession(onnx);
        } catch (OrtException e) {
            throw new ModelLoadException(onnx + ": ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
        if (manifest.usesOpenWakeWord()) {
            // model.onnx is the head; the shared feature models come from the manifest's openWakeWord section.
            OpenWakeWordModels oww;
            try {
                oww = OpenWakeWordModels.load(dir, manifest, session);
            } catch (ModelLoadException e) {
                closeQuietly(session);
                throw e;
            }
            LOG.info("Loaded openWakeWord model '{}' v{} (phrase \"{}\") from {}: head over {} embeddings, score = max of columns {}; "
                            + "incremental embedding {}, batched melspectrogram {}, batched head {}",
                    manifest.name(), manifest.version(), manifest.wakePhrase(), dir, manifest.windowFrames(), oww.scoreColumns(),
                    oww.incremental() != null ? "on" : "off (whole model per window: about 3.5x the CPU)",
                    oww.batchesMelspectrogram() ? "on" : "off (one call per step)",
                    oww.batchesHead() ? "on" : "off (one call per window)");
            return new WakeWordModel(dir, manifest, session, oww, List.of());
        }
        List<OrtSession> members = new ArrayList<>();
        try {
            checkAgainstManifest(dir, manifest, session, ONNX_FILE);
            if (manifest.ensemble() != null) loadMembers(dir, manifest, session, members);
        } catch (ModelLoadException e) {
            members.forEach(WakeWordModel::closeQuietly);
            closeQuietly(session);
            throw e;
        }
        LOG.info("Loaded wake-word model '{}' v{} (phrase \"{}\") from {}: window {} frames x {} coefficients, scored every {} frames{}",
                manifest.name(), manifest.version(), manifest.wakePhrase(), dir, manifest.windowFrames(),
                manifest.features().coefficients(), manifest.scoreEveryFrames(),
                members.isEmpty() ? "" : "; the mean of " + manifest.ensemble().members()
                        + ", later members run only where a detection can come of them");
        return new WakeWordModel(dir, manifest, session, null, members);
    }

    /** Windows the load-time check of an ensemble's members scores, and how far their mean may be from model.onnx. */
    private static final int MEMBER_CHECK_WINDOWS = 64;
    static final double MEMBER_TOLERANCE = 1e-5;

    /**
     * Opens an ensemble's members into {@code opened} (so the caller can close them on failure), each checked
     * against the manifest like model.onnx, and refuses them unless their mean is model.onnx's output: members that
     * are not what model.onnx averages would make the engine's scores depend on which path a window took.
     */
    private static void loadMembers(Path dir, ModelManifest manifest, OrtSession whole, List<OrtSession> opened)
            throws ModelLoadException {
        for (String name : manifest.ensemble().members()) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new ModelLoadException(dir + ": the manifest's ensemble member " + name + " is not in the model folder");
            }
            OrtSession member;
            try {
                member = createSession(file);
            } catch (OrtException e) {
                throw new ModelLoadException(file + ": ONNX Runtime cannot load the ensemble member: " + e.getMessage(), e);
            }
            opened.add(member);
            checkAgainstManifest(dir, manifest, member, name);
        }
        WakeWordScorer wholeScorer = new WakeWordScorer(whole, manifest);
        WakeWordScorer memberScorer = new WakeWordScorer(whole, opened, manifest);
        int n = MEMBER_CHECK_WINDOWS;
        float[] windows = new float[n * wholeScorer.windowSize()];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < windows.length; i++) windows[i] = (float) random.nextGaussian();
        float[] expected = new float[n], mean = new float[n];
        // Skipping rests on every member's score being at most 1: a member that is not a probability is refused.
        for (int k = 0; k < opened.size(); k++) {
            new WakeWordScorer(opened.get(k), manifest).score(windows, n, mean);
            for (float v : mean) {
                if (!(v >= 0f && v <= 1f)) {
                    throw new ModelLoadException(dir + ": ensemble member " + manifest.ensemble().members().get(k)
                            + " gives a score of " + v + " on a test window: not a probability, so the engine could not"
                            + " tell where the other members may be skipped");
                }
            }
        }
        wholeScorer.score(windows, n, expected);
        memberScorer.score(windows, n, mean, Float.MIN_VALUE); // every window through every member
        double worst = 0;
        for (int i = 0; i < n; i++) worst = Math.max(worst, Math.abs(expected[i] - mean[i]));
        if (!(worst <= MEMBER_TOLERANCE)) {
            throw new ModelLoadException(dir + ": " + ONNX_FILE + " is not the mean of its ensemble members "
                    + manifest.ensemble().members() + ": they differ by up to " + worst + " on " + n + " test windows");
        }
    }

    /**
     * A session as the engine runs every model: one thread per call, all graph optimisations. Public so the
     * engine's other models (the Silero VAD) run with the same options.
     */
    public static OrtSession createSession(Path onnx) throws OrtException {
        return OrtEnvironment.getEnvironment().createSession(onnx.toString(), sessionOptions());
    }

    static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        // One thread per session run: parallelism comes from streams and Flink subtasks, not from inside a call.
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return options;
    }

    /** Refuses a model whose ONNX inputs and outputs disagree with what the manifest promises. */
    static void checkAgainstManifest(Path dir, ModelManifest m, OrtSession session) throws ModelLoadException {
        checkAgainstManifest(dir, m, session, ONNX_FILE);
    }

    private static void checkAgainstManifest(Path dir, ModelManifest m, OrtSession session, String file) throws ModelLoadException {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            String where = dir + ": manifest and " + file + " disagree: ";
            NodeInfo in = inputs.get(m.input().name());
            if (in == null) throw new ModelLoadException(where + "manifest input '" + m.input().name() + "' is not an input of the ONNX model (its inputs: " + inputs.keySet() + ")");
            if (inputs.size() != 1) throw new ModelLoadException(where + "the ONNX model has " + inputs.size() + " inputs " + inputs.keySet() + "; the engine feeds exactly one");
            NodeInfo out = outputs.get(m.output().name());
            if (out == null) throw new ModelLoadException(where + "manifest output '" + m.output().name() + "' is not an output of the ONNX model (its outputs: " + outputs.keySet() + ")");
            long[] expected = m.input().layout().shape(-1, m.windowFrames(), m.features().coefficients());
            checkTensor(where + "input '" + m.input().name() + "'", in, expected);
            checkTensor(where + "output '" + m.output().name() + "'", out, new long[] {-1, 1});
        } catch (OrtException e) {
            throw new ModelLoadException(dir + ": cannot read the inputs and outputs of " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkTensor(String what, NodeInfo node, long[] expected) throws ModelLoadException {
        if (!(node.getInfo() instanceof TensorInfo t)) throw new ModelLoadException(what + " is not a tensor");
        if (t.type != OnnxJavaType.FLOAT) throw new ModelLoadException(what + " has element type " + t.type + ", expected FLOAT");
        long[] actual = t.getShape();
        if (actual.length != expected.length) {
            throw new ModelLoadException(what + " has shape " + Arrays.toString(actual) + " but the manifest implies " + Arrays.toString(expected).replace("-1", "N"));
        }
        if (actual[0] > 0) {
            throw new ModelLoadException(what + " has a fixed batch size " + actual[0] + "; the engine batches windows across streams, so the first dimension must be dynamic");
        }
        for (int i = 1; i < expected.length; i++) {
            if (actual[i] > 0 && actual[i] != expected[i]) {
                throw new ModelLoadException(what + " has shape " + Arrays.toString(actual) + " but the manifest implies " + Arrays.toString(expected).replace("-1", "N") + " (dimension " + i + " differs)");
            }
        }
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public Path dir() {
        return dir;
    }

    /** The MFCC model's scorer; an openWakeWord model has {@link #openWakeWord()} instead. */
    public WakeWordScorer scorer() {
        if (scorer == null) throw new IllegalStateException(dir + " is an openWakeWord model: it is scored through WakeWordEngine");
        return scorer;
    }

    /** The openWakeWord feature models and head, or null for an MFCC model. */
    public OpenWakeWordModels openWakeWord() {
        return openWakeWord;
    }

    /** Releases the session of an instance from {@link #loadFresh}; shared instances live as long as the JVM. */
    @Override
    public void close() {
        if (SHARED.get(dir) == this) return;
        if (openWakeWord != null) openWakeWord.close();
        else {
            members.forEach(WakeWordModel::closeQuietly);
            closeQuietly(session);
        }
    }

    private static Path canonical(Path dir) {
        try {
            return dir.toRealPath();
        } catch (Exception e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException ignored) {
            // Nothing useful to do: the session was never handed out.
        }
    }
}
