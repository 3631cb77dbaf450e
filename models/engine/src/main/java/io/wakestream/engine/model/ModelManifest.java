package io.wakestream.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.features.MfccConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code manifest.json}: everything needed to use {@code model.onnx} correctly, beside it in the model folder.
 *
 * @param formatVersion manifest format, {@link #FORMAT_VERSION}
 * @param name model name (e.g. "jarvis")
 * @param version model version
 * @param wakePhrase what the model listens for
 * @param frontend feature frontend: "mfcc" (the engine's own) or "openwakeword" (openWakeWord's melspectrogram
 *     and speech-embedding models in front of a head, {@link OpenWakeWordConfig})
 * @param features exact feature configuration the model was trained on; for "openwakeword" the timing of its mel
 *     frames, {@link OpenWakeWordConfig#MEL_FRAMING} (filled in when absent)
 * @param windowFrames frames the model sees per score (for "openwakeword": embeddings per head input, e.g. 16)
 * @param input the input tensor's name and layout
 * @param output the output tensor's name and what its value means
 * @param scoreEveryFrames a window is scored every this many frames (for "openwakeword": 1, every 80 ms step)
 * @param detection default threshold, smoothing and refractory period
 * @param license licence of the weights
 * @param training free-form facts about how the model was made (data, command, metrics)
 * @param openWakeWord for the "openwakeword" frontend: the feature models and score columns (null for "mfcc")
 * @param ensemble for an MFCC model whose {@code model.onnx} is the mean of several networks: those networks as
 *     files of their own, so the engine can run the later ones only where a detection can still come of it
 *     ({@link EnsembleSpec}); null otherwise
 */
public record ModelManifest(
        int formatVersion,
        String name,
        String version,
        String wakePhrase,
        String frontend,
        MfccConfig features,
        int windowFrames,
        InputSpec input,
        OutputSpec output,
        int scoreEveryFrames,
        DetectionConfig detection,
        String license,
        Map<String, Object> training,
        // Absent from MFCC manifests, which stay as they were.
        @JsonInclude(JsonInclude.Include.NON_NULL) OpenWakeWordConfig openWakeWord,
        // Absent unless model.onnx is an ensemble whose members are kept beside it.
        @JsonInclude(JsonInclude.Include.NON_NULL) EnsembleSpec ensemble) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";
    public static final String MFCC_FRONTEND = "mfcc";
    public static final String OPENWAKEWORD_FRONTEND = "openwakeword";

    /** An MFCC model's manifest (the form every manifest had before the openWakeWord frontend). */
    public ModelManifest(int formatVersion, String name, String version, String wakePhrase, String frontend,
            MfccConfig features, int windowFrames, InputSpec input, OutputSpec output, int scoreEveryFrames,
            DetectionConfig detection, String license, Map<String, Object> training) {
        this(formatVersion, name, version, wakePhrase, frontend, features, windowFrames, input, output,
                scoreEveryFrames, detection, license, training, null, null);
    }

    /** A manifest without ensemble members (every model but an ensemble's). */
    public ModelManifest(int formatVersion, String name, String version, String wakePhrase, String frontend,
            MfccConfig features, int windowFrames, InputSpec input, OutputSpec output, int scoreEveryFrames,
            DetectionConfig detection, String license, Map<String, Object> training, OpenWakeWordConfig openWakeWord) {
        this(formatVersion, name, version, wakePhrase, frontend, features, windowFrames, input, output,
                scoreEveryFrames, detection, license, training, openWakeWord, null);
    }

    /** Name of the input tensor and how windows are laid out in it. */
    public record InputSpec(String name, InputLayout layout) {}

    /** Name of the output tensor ([N, 1]) and whether it holds a probability or a logit. */
    public record OutputSpec(String name, OutputMeaning meaning) {}

    /**
     * The members of an ensemble: {@code model.onnx} gives the mean of these files' outputs (each a file in the model
     * folder with the manifest's input and output, the first member's score first in the sum). {@code model.onnx}
     * stays the whole model, for anyone who runs the folder without this engine and for every score that must be
     * exact (evaluation). The engine checks at load that the mean of the members is {@code model.onnx}'s output.
     *
     * <p>Why keep them apart: a detection needs every score of its smoothing window near the threshold, and a mean
     * cannot be near the threshold when its first member's score is far below it; so the engine runs the first
     * member on every window and the others only on the few windows whose first score leaves a detection possible
     * (for "jarvis", about 0.05% of the windows of six hours of speech and noise), and an ensemble costs about what one
     * network costs.
     *
     * @param members file names in the model folder, at least two, in the order their scores are summed
     */
    public record EnsembleSpec(java.util.List<String> members) {
        public EnsembleSpec {
            require(members != null && members.size() >= 2, "ensemble.members needs at least two files, was " + members);
            members = java.util.List.copyOf(members);
            for (String m : members) {
                require(m != null && m.endsWith(".onnx") && !m.contains("/") && !m.contains("\\") && !m.startsWith("."),
                        "ensemble.members must be .onnx files in the model folder, was " + quoted(m));
                require(!m.equals("model.onnx"), "ensemble.members must not name model.onnx itself (it is their mean)");
            }
            require(new java.util.HashSet<>(members).size() == members.size(), "ensemble.members names a file twice: " + members);
        }
    }

    public enum OutputMeaning {
        /** Already a probability in [0, 1]. */
        PROBABILITY,
        /** A logit; the engine applies the sigmoid. */
        LOGIT
    }

    public ModelManifest {
        require(formatVersion == FORMAT_VERSION, "formatVersion must be " + FORMAT_VERSION + ", was " + formatVersion);
        require(name != null && !name.isBlank(), "name is missing");
        require(version != null && !version.isBlank(), "version is missing");
        require(wakePhrase != null && !wakePhrase.isBlank(), "wakePhrase is missing");
        require(MFCC_FRONTEND.equals(frontend) || OPENWAKEWORD_FRONTEND.equals(frontend),
                "frontend must be \"" + MFCC_FRONTEND + "\" or \"" + OPENWAKEWORD_FRONTEND + "\", was " + quoted(frontend));
        if (OPENWAKEWORD_FRONTEND.equals(frontend)) {
            require(openWakeWord != null, "frontend \"openwakeword\" needs an \"openWakeWord\" section (melspectrogramModel, embeddingModel)");
            // The mel framing is fixed by openWakeWord's melspectrogram model; a manifest may omit it or repeat it.
            require(features == null || features.equals(OpenWakeWordConfig.MEL_FRAMING),
                    "features of an openwakeword manifest must be omitted (they are fixed by melspectrogram.onnx)");
            features = OpenWakeWordConfig.MEL_FRAMING;
            require(scoreEveryFrames == 1, "scoreEveryFrames of an openwakeword model must be 1 (a score every 80 ms step), was " + scoreEveryFrames);
        } else {
            require(openWakeWord == null, "an \"openWakeWord\" section needs frontend \"openwakeword\", was " + quoted(frontend));
        }
        require(ensemble == null || MFCC_FRONTEND.equals(frontend), "an \"ensemble\" section is for MFCC models, not frontend " + quoted(frontend));
        require(ensemble == null || output == null || output.meaning() == OutputMeaning.PROBABILITY,
                "an ensemble's members must each give a probability (output.meaning PROBABILITY): the mean of logits is not the model's score");
        require(features != null, "features is missing");
        require(windowFrames >= 1 && windowFrames <= 10_000, "windowFrames must be 1 to 10000, was " + windowFrames);
        require(input != null && input.name() != null && input.layout() != null, "input needs name and layout");
        require(output != null && output.name() != null && output.meaning() != null, "output needs name and meaning");
        require(scoreEveryFrames >= 1 && scoreEveryFrames <= windowFrames,
                "scoreEveryFrames must be 1 to windowFrames, was " + scoreEveryFrames);
        require(detection != null, "detection is missing");
        // Not Map.copyOf: it rejects null values (a JSON null among the free-form facts would make the manifest
        // unreadable with a bare NullPointerException) and its iteration order is unspecified, so a manifest read
        // and written again would shuffle its keys. An unmodifiable insertion-ordered copy keeps both.
        training = training == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(training));
    }

    /** Whether this model runs behind openWakeWord's melspectrogram and embedding models. */
    public boolean usesOpenWakeWord() {
        return OPENWAKEWORD_FRONTEND.equals(frontend);
    }

    /** Values per frame of a model input window: MFCC coefficients, or openWakeWord's 96-dim embeddings. */
    public int frameWidth() {
        return usesOpenWakeWord() ? OpenWakeWordConfig.EMBEDDING_SIZE : features.coefficients();
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Reads and checks {@code dir/manifest.json}. */
    public static ModelManifest read(Path dir) throws ModelLoadException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) throw new ModelLoadException(dir + ": no " + FILE_NAME + " in the model folder");
        try {
            return JSON.readValue(file.toFile(), ModelManifest.class);
        } catch (IOException e) {
            throw new ModelLoadException(file + ": invalid manifest: " + rootMessage(e), e);
        }
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(FILE_NAME).toFile(), this);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public ModelManifest withDetection(DetectionConfig d) {
        return new ModelManifest(formatVersion, name, version, wakePhrase, frontend, features, windowFrames, input,
                output, scoreEveryFrames, d, license, training, openWakeWord, ensemble);
    }

    public ModelManifest withScoreEveryFrames(int n) {
        return new ModelManifest(formatVersion, name, version, wakePhrase, frontend, features, windowFrames, input,
                output, n, detection, license, training, openWakeWord, ensemble);
    }

    public ModelManifest withTraining(Map<String, Object> t) {
        return new ModelManifest(formatVersion, name, version, wakePhrase, frontend, features, windowFrames, input,
                output, scoreEveryFrames, detection, license, t, openWakeWord, ensemble);
    }

    public ModelManifest withEnsemble(EnsembleSpec e) {
        return new ModelManifest(formatVersion, name, version, wakePhrase, frontend, features, windowFrames, input,
                output, scoreEveryFrames, detection, license, training, openWakeWord, e);
    }

    private static void require(boolean ok, String problem) {
        if (!ok) throw new IllegalArgumentException(problem);
    }

    private static String quoted(String s) {
        return s == null ? "missing" : "\"" + s + "\"";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage();
        // Jackson appends source locations over several lines; the first line says what is wrong.
        return m == null ? t.toString() : m.lines().findFirst().orElse(m);
    }
}
