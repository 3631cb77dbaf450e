package io.wakestream.trainer.cli;

import static io.wakestream.trainer.cli.TrainAndDetectEndToEndTest.FIXTURES;
import static io.wakestream.trainer.cli.TrainAndDetectEndToEndTest.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.audio.WavReader;
import io.wakestream.engine.audio.WavWriter;
import io.wakestream.engine.model.ModelManifest;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.trainer.dataset.SpeakerSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --frontend openwakeword} on the committed fixture clips: a head over openWakeWord's speech embeddings,
 * written as a complete openWakeWord model folder (head, both feature models, manifest, card) that the engine loads
 * like openWakeWord's own, and that {@code detect} uses to find the phrase where it was said.
 */
class TrainOpenWakeWordHeadEndToEndTest {
    @TempDir
    static Path tmp;
    static Path model;
    static int trainExit;

    static Path featureModels() {
        Path dir = Path.of(System.getProperty("openwakeword.dir", "../openwakeword")).resolve("hey_jarvis").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(dir.resolve("embedding_model.onnx")),
                "openWakeWord models are not in " + dir + ": `mvn -B verify` fetches them (it needs npm)");
        return dir;
    }

    @BeforeAll
    static void train() {
        model = tmp.resolve("jarvis-head");
        trainExit = WakestreamCli.run("train", "--phrase", "jarvis", "--no-tts", "--frontend", "openwakeword",
                "--feature-models", featureModels().toString(),
                "--recordings", FIXTURES.resolve("positives").toString(),
                "--negative-recordings", FIXTURES.resolve("negatives").toString(),
                "--epochs", "20", "--patience", "20", "--copies", "6", "--negatives-per-second", "4",
                "--eval-hours", "0.02", "--seed", Long.toString(SEED), "--out", model.toString());
    }

    @Test
    void trainWritesACompleteOpenWakeWordModelFolder() throws Exception {
        assertEquals(0, trainExit);
        for (String f : List.of("model.onnx", "manifest.json", "MODEL_CARD.md", "det.png", "melspectrogram.onnx", "embedding_model.onnx")) {
            assertTrue(Files.size(model.resolve(f)) > 0, f + " written");
        }
        // The feature models are openWakeWord's own, byte for byte.
        assertEquals(-1, Files.mismatch(model.resolve("embedding_model.onnx"), featureModels().resolve("embedding_model.onnx")));
        try (WakeWordModel loaded = WakeWordModel.loadFresh(model)) {
            ModelManifest m = loaded.manifest();
            assertTrue(m.usesOpenWakeWord(), "frontend " + m.frontend());
            assertEquals(16, m.windowFrames());
            assertEquals("jarvis", m.wakePhrase());
            assertNotNull(loaded.openWakeWord());
            assertTrue(((Number) m.training().get("exportParityMaxAbsDiff")).doubleValue() <= 1e-4);
            assertTrue(m.license().contains("Apache-2.0"), m.license());
        }
        assertTrue(Files.size(model.resolve("model.onnx")) < 5_000_000);
        String card = Files.readString(model.resolve("MODEL_CARD.md"));
        assertTrue(card.contains("openWakeWord's 96-dim speech embeddings"), card);
        assertTrue(card.contains("--frontend openwakeword"), "card says how to reproduce: " + card);
    }

    /** The training speakers' clips in one long file: the head finds the phrases and nothing in the silences. */
    @Test
    void detectFindsThePhraseWhereItWasSaid() throws Exception {
        assertEquals(0, trainExit);
        Map<String, SpeakerSplit.Part> parts = new SpeakerSplit(0.15, 0.15, SEED)
                .assign(TrainAndDetectEndToEndTest.speakers(), s -> s, s -> true);
        List<short[]> pieces = new ArrayList<>();
        List<long[]> positiveSpans = new ArrayList<>(), negativeSpans = new ArrayList<>();
        long at = 0;
        short[] gap = new short[16_000 * 2];
        for (String speaker : TrainAndDetectEndToEndTest.speakers()) {
            if (parts.get(speaker) != SpeakerSplit.Part.TRAIN) continue;
            for (Path clip : TrainAndDetectEndToEndTest.wavs(FIXTURES.resolve("positives").resolve(speaker))) {
                at = TrainAndDetectEndToEndTest.append(pieces, positiveSpans, WavReader.read(clip), gap, at);
            }
            for (Path clip : TrainAndDetectEndToEndTest.wavs(FIXTURES.resolve("negatives").resolve(speaker))) {
                at = TrainAndDetectEndToEndTest.append(pieces, negativeSpans, WavReader.read(clip), gap, at);
            }
        }
        Path stream = tmp.resolve("stream.wav");
        WavWriter.write(stream, TrainAndDetectEndToEndTest.concat(pieces), PcmAudio.ENGINE_SAMPLE_RATE);

        String out = TrainAndDetectEndToEndTest.runCapturingStdout("detect", "--model", model.toString(), "--json",
                "--threshold", "0.5", stream.toString());
        int onPositives = 0, inSilence = 0;
        List<JsonNode> detections = new ArrayList<>();
        for (String line : out.split("\n")) if (!line.isBlank()) detections.add(new ObjectMapper().readTree(line));
        for (JsonNode d : detections) {
            long start = d.get("audioStartMs").asLong(), end = d.get("audioEndMs").asLong();
            if (TrainAndDetectEndToEndTest.overlaps(positiveSpans, start, end)) onPositives++;
            else if (!TrainAndDetectEndToEndTest.overlaps(negativeSpans, start, end)) inSilence++;
        }
        assertTrue(onPositives >= positiveSpans.size() * 3 / 4, "found " + onPositives + " of " + positiveSpans.size() + " positives: " + detections);
        assertEquals(0, inSilence, "detections in the silent gaps: " + detections);
    }

    @Test
    void missingFeatureModelsAreNamed() {
        Path empty = tmp.resolve("no-feature-models");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        int exit;
        try {
            exit = WakestreamCli.run("train", "--phrase", "jarvis", "--no-tts", "--frontend", "openwakeword",
                    "--feature-models", empty.toString(), "--recordings", FIXTURES.resolve("positives").toString(),
                    "--epochs", "1", "--out", tmp.resolve("never").toString());
        } finally {
            System.setErr(original);
        }
        String messages = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(exit != 0, "exit " + exit);
        assertTrue(messages.contains("melspectrogram.onnx") && messages.contains(empty.toString()), messages);
    }
}
