package io.wakestream.pipeline.transcribe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

/**
 * One loaded {@link Model} per model folder per JVM. A model is ~70 MB on disk and a few hundred MB in memory and
 * takes seconds to load, while Vosk lets any number of recognisers on any threads share one, so every operator
 * instance in a TaskManager gets the same instance. Models live as long as the JVM (they are never closed).
 *
 * <p>Before Vosk sees a folder it is checked for the files Vosk needs, so a wrong path fails at start-up with a
 * message naming the folder and the missing files instead of Vosk's bare "Failed to create a model".
 */
public final class VoskModels {
    private static final Logger LOG = LoggerFactory.getLogger(VoskModels.class);
    private static final Map<Path, Model> SHARED = new ConcurrentHashMap<>();
    private static volatile boolean nativeReady;

    private VoskModels() {}

    /** The JVM-wide model for {@code dir}, checked and loaded on first use. */
    public static Model get(Path dir) throws VoskModelException {
        Path key = dir.toAbsolutePath().normalize();
        Model existing = SHARED.get(key);
        if (existing != null) return existing;
        // One lock for all folders: loads are rare (once per folder per JVM) and two subtasks opening at the same
        // time must not load the same folder twice.
        synchronized (SHARED) {
            existing = SHARED.get(key);
            if (existing != null) return existing;
            Model model = load(key);
            SHARED.put(key, model);
            return model;
        }
    }

    /** Throws unless {@code dir} looks like a Vosk model folder; the message lists every missing file. */
    public static void check(Path dir) throws VoskModelException {
        if (!Files.exists(dir)) throw new VoskModelException(dir + ": Vosk model folder does not exist");
        if (!Files.isDirectory(dir)) throw new VoskModelException(dir + ": is not a folder (a Vosk model is a folder)");
        List<String> missing = new ArrayList<>();
        for (String f : List.of("am/final.mdl", "conf/model.conf", "conf/mfcc.conf")) {
            if (!Files.isRegularFile(dir.resolve(f))) missing.add(f);
        }
        // The decoding graph is either one static HCLG.fst or the two halves Vosk composes on the fly.
        boolean staticGraph = Files.isRegularFile(dir.resolve("graph/HCLG.fst"));
        boolean lookaheadGraph = Files.isRegularFile(dir.resolve("graph/HCLr.fst")) && Files.isRegularFile(dir.resolve("graph/Gr.fst"));
        if (!staticGraph && !lookaheadGraph) missing.add("graph/HCLG.fst (or graph/HCLr.fst and graph/Gr.fst)");
        if (!missing.isEmpty()) {
            throw new VoskModelException(dir + ": not a Vosk model folder, missing " + String.join(", ", missing)
                    + " (the build unpacks the English model to <repo>/models/vosk-model-en)");
        }
    }

    private static Model load(Path dir) throws VoskModelException {
        check(dir);
        initNative();
        long start = System.nanoTime();
        Model model;
        try {
            model = new Model(dir.toString());
        } catch (IOException e) {
            throw new VoskModelException(dir + ": Vosk cannot load the model (a damaged or incompatible file; Vosk's"
                    + " own log on stderr names it): " + e.getMessage(), e);
        }
        LOG.info("Loaded Vosk model {} in {} ms", dir, (System.nanoTime() - start) / 1_000_000);
        return model;
    }

    /**
     * Loads libvosk (JNA extracts it from the vosk jar) and lowers its log level: at INFO, Kaldi writes several
     * lines per model load and recogniser to stderr, which Flink cannot route. Warnings and errors still go there.
     */
    private static void initNative() throws VoskModelException {
        if (nativeReady) return;
        try {
            LibVosk.setLogLevel(LogLevel.WARNINGS);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new VoskModelException("cannot load the Vosk native library (libvosk, shipped for linux-x86-64, "
                    + "darwin and win32-x86-64 in com.alphacephei:vosk) on " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch") + ": " + e, e);
        }
        nativeReady = true;
    }
}
