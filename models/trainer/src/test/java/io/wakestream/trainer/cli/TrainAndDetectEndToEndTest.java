package io.wakestream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.audio.WavReader;
import io.wakestream.engine.audio.WavWriter;
import io.wakestream.engine.model.ModelManifest;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.trainer.dataset.SpeakerSplit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole offline loop on the committed fixture clips: {@code train} makes a model folder from recordings
 * (no TTS), then {@code detect} finds the phrase with it in a long file made of those clips, at the right places.
 */
class TrainAndDetectEndToEndTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/jarvis");
    static final long SEED = 7;

    @TempDir
    static Path tmp;
    static Path model;
    static int trainExit;

    @BeforeAll
    static void train() {
        model = tmp.resolve("jarvis-tiny");
        trainExit = WakestreamCli.run("train", "--phrase", "jarvis", "--no-tts",
                "--recordings", FIXTURES.resolve("positives").toString(),
                "--negative-recordings", FIXTURES.resolve("negatives").toString(),
                "--epochs", "15", "--patience", "15", "--copies", "8", "--negatives-per-second", "4",
                "--eval-hours", "0.02", "--seed", Long.toString(SEED), "--out", model.toString());
    }

    @Test
    void trainWritesACompleteModelFolderThatTheEngineAccepts() throws Exception {
        assertEquals(0, trainExit);
        for (String f : List.of("model.onnx", "manifest.json", "MODEL_CARD.md", "det.png")) {
            assertTrue(Files.size(model.resolve(f)) > 0, f + " written");
        }
        assertTrue(Files.size(model.resolve("model.onnx")) < 5_000_000, "model under 5 MB");
        ModelManifest m = WakeWordModel.loadFresh(model).manifest();
        assertEquals("jarvis", m.wakePhrase());
        assertTrue(m.features().normalization() != null, "normalisation statistics stored");
        assertTrue(((Number) m.training().get("exportParityMaxAbsDiff")).doubleValue() <= 1e-4);
        String card = Files.readString(model.resolve("MODEL_CARD.md"));
        assertTrue(card.contains("./wakestream train --phrase \"jarvis\""), "card says how to reproduce");
    }

    /**
     * A long file alternating training speakers' "jarvis" clips with their negative clips, 1.5 s of digital
     * silence between clips: detections must catch the positives and fall where speech is, never in the silence.
     * (A model trained on 12 clips cannot tell "jarvis" from "jar" or "travis"; rejecting sound-alikes is
     * measured on the real model by its evaluation, not here.)
     */
    @Test
    void detectFindsThePhraseWhereItWasSaid() throws Exception {
        assertEquals(0, trainExit);
        Map<String, SpeakerSplit.Part> parts = new SpeakerSplit(0.15, 0.15, SEED).assign(speakers(), s -> s, s -> true);
        List<short[]> pieces = new ArrayList<>();
        List<long[]> positiveSpans = new ArrayList<>(), negativeSpans = new ArrayList<>();
        long at = 0;
        short[] gap = new short[16_000 * 3 / 2];
        for (String speaker : speakers()) {
            if (parts.get(speaker) != SpeakerSplit.Part.TRAIN) continue;
            for (Path clip : wavs(FIXTURES.resolve("positives").resolve(speaker))) at = append(pieces, positiveSpans, WavReader.read(clip), gap, at);
            for (Path clip : wavs(FIXTURES.resolve("negatives").resolve(speaker))) at = append(pieces, negativeSpans, WavReader.read(clip), gap, at);
        }
        Path stream = tmp.resolve("stream.wav");
        WavWriter.write(stream, concat(pieces), 16_000);

        String out = runCapturingStdout("detect", "--model", model.toString(), "--json", "--threshold", "0.5", stream.toString());
        List<JsonNode> detections = new ArrayList<>();
        for (String line : out.split("\n")) if (!line.isBlank()) detections.add(new ObjectMapper().readTree(line));
        int onPositives = 0, onNegatives = 0, inSilence = 0;
        for (JsonNode d : detections) {
            assertEquals(stream.toString(), d.get("file").asText());
            assertEquals("jarvis", d.get("wakeWord").asText());
            long start = d.get("audioStartMs").asLong(), end = d.get("audioEndMs").asLong();
            assertTrue(start <= end);
            if (overlaps(positiveSpans, start, end)) onPositives++;
            else if (overlaps(negativeSpans, start, end)) onNegatives++;
            else inSilence++;
        }
        assertTrue(onPositives >= positiveSpans.size() * 3 / 4,
                "found " + onPositives + " of " + positiveSpans.size() + " positives: " + detections);
        assertEquals(0, inSilence, "detections in the silent gaps: " + detections);
    }

    static List<String> speakers() throws Exception {
        try (Stream<Path> s = Files.list(FIXTURES.resolve("positives"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static List<Path> wavs(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
    }

    static long append(List<short[]> pieces, List<long[]> spans, PcmAudio clip, short[] gap, long atSamples) {
        pieces.add(gap);
        long start = atSamples + gap.length;
        pieces.add(clip.samples());
        spans.add(new long[] {start * 1000 / 16_000, (start + clip.samples().length) * 1000 / 16_000});
        return start + clip.samples().length;
    }

    static short[] concat(List<short[]> pieces) {
        short[] all = new short[pieces.stream().mapToInt(p -> p.length).sum()];
        int n = 0;
        for (short[] p : pieces) {
            System.arraycopy(p, 0, all, n, p.length);
            n += p.length;
        }
        return all;
    }

    /** A detection counts for a clip when its span overlaps the clip's span widened by 300 ms each side. */
    static boolean overlaps(List<long[]> spans, long start, long end) {
        for (long[] s : spans) if (start <= s[1] + 300 && end >= s[0] - 300) return true;
        return false;
    }

    static String runCapturingStdout(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int exit = WakestreamCli.run(args);
            assertEquals(0, exit, "exit code of " + String.join(" ", args));
        } finally {
            System.setOut(original);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
