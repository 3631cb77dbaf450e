package io.wakestream.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.detect.SmoothingConfig;
import io.wakestream.engine.features.FeatureNormalization;
import io.wakestream.engine.features.MfccConfig;
import io.wakestream.engine.features.WindowFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static ModelManifest sample() {
        float[] mean = new float[13], std = new float[13];
        for (int i = 0; i < 13; i++) {
            mean[i] = -12.5f + i * 0.37f;
            std[i] = 0.1f + i * 1.3f;
        }
        MfccConfig features = new MfccConfig(16_000, 25, 10, 512, 40, 20, 7600, 13, 0.97, WindowFunction.HAMMING, 1e-10,
                new FeatureNormalization(mean, std));
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", 30);
        training.put("valAuc", 0.987);
        training.put("data", List.of("positives/", "negatives/"));
        training.put("augment", Map.of("noiseDb", List.of(5, 20)));
        return new ModelManifest(1, "jarvis", "1.2.0", "hey jarvis", "mfcc", features, 150,
                new ModelManifest.InputSpec("features", InputLayout.N1TC),
                new ModelManifest.OutputSpec("score", ModelManifest.OutputMeaning.LOGIT), 4,
                new DetectionConfig(0.62f, new SmoothingConfig(3, 2, 4), 1500), "CC-BY-4.0", training);
    }

    @Test
    void jsonRoundTrip() throws Exception {
        ModelManifest m = sample();
        m.write(tmp);
        ModelManifest back = ModelManifest.read(tmp);
        assertEquals(m, back);
        assertEquals(m.features(), back.features());
        assertEquals(m.features().normalization(), back.features().normalization());
        assertEquals(m.detection(), back.detection());
        assertEquals(m.training(), back.training());
        assertEquals(m.toJson(), back.toJson());
        // without normalisation and without training facts
        ModelManifest plain = new ModelManifest(1, "a", "1", "hey a", "mfcc", MfccConfig.defaults(), 100,
                m.input(), m.output(), 1, m.detection(), null, null);
        Path dir = tmp.resolve("plain");
        plain.write(dir);
        assertEquals(plain, ModelManifest.read(dir));
    }

    @Test
    void jsonIsReadable() throws Exception {
        String json = sample().toJson();
        assertTrue(json.contains("\"frontend\" : \"mfcc\""), json);
        assertTrue(json.contains("\"layout\" : \"N1TC\""), json);
        assertTrue(json.contains("\"window\" : \"HAMMING\""), json);
        // derived values are not stored (they would be a second source of truth)
        assertTrue(!json.contains("frameLengthSamples") && !json.contains("hopSamples") && !json.contains("history"), json);
    }

    @Test
    void trainingFactsKeepOrderAndMayHoldNulls() throws Exception {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("zeta", 1);
        t.put("alpha", 2);
        t.put("seed", null); // e.g. an unseeded run
        t.put("mid", "x");
        ModelManifest m = sample().withTraining(t);
        assertEquals(List.of("zeta", "alpha", "seed", "mid"), List.copyOf(m.training().keySet()));
        m.write(tmp);
        ModelManifest back = ModelManifest.read(tmp);
        assertEquals(m, back);
        assertEquals(List.of("zeta", "alpha", "seed", "mid"), List.copyOf(back.training().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> back.training().put("x", 1));
        t.put("later", 3);
        assertEquals(4, m.training().size(), "the manifest keeps its own copy");
    }

    private ModelLoadException readEdited(Consumer<ObjectNode> edit) throws Exception {
        return readEdited(sample(), edit);
    }

    /** Writes {@code base} as JSON, edited, and expects reading it to fail. */
    private ModelLoadException readEdited(ModelManifest base, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(base.toJson());
        edit.accept(node);
        Files.writeString(tmp.resolve(ModelManifest.FILE_NAME), JSON.writeValueAsString(node));
        return assertThrows(ModelLoadException.class, () -> ModelManifest.read(tmp));
    }

    private void assertNames(ModelLoadException e, String... parts) {
        String msg = e.getMessage();
        assertTrue(msg.contains(tmp.resolve(ModelManifest.FILE_NAME).toString()), "message should name the file: " + msg);
        for (String p : parts) assertTrue(msg.contains(p), "message should mention '" + p + "': " + msg);
        assertTrue(!msg.contains("\n"), "one line: " + msg);
    }

    @Test
    void missingFieldsAreNamed() throws Exception {
        assertNames(readEdited(n -> n.remove("name")), "name is missing");
        assertNames(readEdited(n -> n.remove("wakePhrase")), "wakePhrase");
        assertNames(readEdited(n -> n.remove("features")), "features is missing");
        assertNames(readEdited(n -> n.remove("detection")), "detection is missing");
        assertNames(readEdited(n -> n.remove("input")), "input");
        assertNames(readEdited(n -> ((ObjectNode) n.get("output")).remove("meaning")), "output");
        assertNames(readEdited(n -> ((ObjectNode) n.get("features")).remove("window")), "window");
        assertNames(readEdited(n -> ((ObjectNode) n.get("features")).remove("sampleRate")), "sampleRate");
        assertNames(readEdited(n -> ((ObjectNode) n.get("detection")).remove("smoothing")), "smoothing");
        assertNames(readEdited(n -> n.remove("windowFrames")), "windowFrames");
    }

    @Test
    void wrongFrontendIsNamed() throws Exception {
        assertNames(readEdited(n -> n.put("frontend", "logmel")), "frontend", "\"logmel\"");
        assertNames(readEdited(n -> n.remove("frontend")), "frontend", "missing");
    }

    @Test
    void badWindowFramesIsNamed() throws Exception {
        assertNames(readEdited(n -> n.put("windowFrames", 0)), "windowFrames", "0");
        assertNames(readEdited(n -> n.put("windowFrames", 20_000)), "windowFrames", "20000");
        assertNames(readEdited(n -> n.put("windowFrames", 3)), "scoreEveryFrames"); // scored every 4 > 3
    }

    @Test
    void otherProblemsAreNamed() throws Exception {
        assertNames(readEdited(n -> n.put("formatVersion", 2)), "formatVersion");
        assertNames(readEdited(n -> ((ObjectNode) n.get("input")).put("layout", "NHWC")), "NHWC");
        assertNames(readEdited(n -> ((ObjectNode) n.get("features")).put("coefficients", 41)), "coefficients");
        assertNames(readEdited(n -> ((ObjectNode) n.get("detection")).put("threshold", 1.5)), "threshold");
        Files.writeString(tmp.resolve(ModelManifest.FILE_NAME), "{ \"name\": ");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelManifest.read(tmp));
        assertNames(e, "invalid manifest");
    }

    /** {@link #sample()} as an ensemble of two members (whose outputs must then be probabilities). */
    private static ModelManifest ensembleSample() {
        ModelManifest s = sample();
        return new ModelManifest(s.formatVersion(), s.name(), s.version(), s.wakePhrase(), s.frontend(), s.features(),
                s.windowFrames(), s.input(), new ModelManifest.OutputSpec("score", ModelManifest.OutputMeaning.PROBABILITY),
                s.scoreEveryFrames(), s.detection(), s.license(), s.training(), null,
                new ModelManifest.EnsembleSpec(List.of("member-1.onnx", "member-2.onnx")));
    }

    @Test
    void ensembleMembersRoundTripAndBadOnesAreNamed() throws Exception {
        ModelManifest m = ensembleSample();
        m.write(tmp);
        assertEquals(m, ModelManifest.read(tmp));
        assertEquals(List.of("member-1.onnx", "member-2.onnx"), ModelManifest.read(tmp).ensemble().members());
        assertTrue(!sample().toJson().contains("ensemble"), "a model without members writes no ensemble section");
        assertEquals(m.ensemble(), m.withDetection(m.detection().withThreshold(0.9f)).withScoreEveryFrames(2)
                .withTraining(Map.of()).ensemble(), "withers keep the members");

        assertNames(readEdited(m, n -> ((ObjectNode) n.get("ensemble")).putArray("members").add("member-1.onnx")), "at least two");
        assertNames(readEdited(m, n -> ((ObjectNode) n.get("ensemble")).putArray("members").add("a.onnx").add("../b.onnx")), "../b.onnx");
        assertNames(readEdited(m, n -> ((ObjectNode) n.get("ensemble")).putArray("members").add("a.onnx").add("b.txt")), "b.txt");
        assertNames(readEdited(m, n -> ((ObjectNode) n.get("ensemble")).putArray("members").add("a.onnx").add("a.onnx")), "twice");
        assertNames(readEdited(m, n -> ((ObjectNode) n.get("ensemble")).putArray("members").add("a.onnx").add("model.onnx")), "model.onnx");
        assertNames(readEdited(m, n -> ((ObjectNode) n.get("output")).put("meaning", "LOGIT")), "PROBABILITY");
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(sample().toJson());
        node.put("addedInAFutureVersion", true);
        Files.writeString(tmp.resolve(ModelManifest.FILE_NAME), JSON.writeValueAsString(node));
        assertEquals(sample(), ModelManifest.read(tmp));
    }

    @Test
    void missingManifestIsNamed() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelManifest.read(tmp));
        assertTrue(e.getMessage().contains(tmp.toString()) && e.getMessage().contains("manifest.json"), e.getMessage());
    }

    @Test
    void withersValidate() {
        ModelManifest m = sample();
        assertEquals(8, m.withScoreEveryFrames(8).scoreEveryFrames());
        assertThrows(IllegalArgumentException.class, () -> m.withScoreEveryFrames(151));
        assertEquals(0.3f, m.withDetection(m.detection().withThreshold(0.3f)).detection().threshold());
    }
}
