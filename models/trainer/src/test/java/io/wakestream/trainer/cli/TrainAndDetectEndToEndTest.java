package io.wakestream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wakestream.engine.audio.Pcm;
import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.audio.Resampler;
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
        trainExit = WakestreamCli.run(trainArgs(model, SEED));
    }

    /** The tiny model's training command, to {@code out} with {@code seed}, and more options. */
    static String[] trainArgs(Path out, long seed, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--phrase", "jarvis", "--no-tts",
                "--recordings", FIXTURES.resolve("positives").toString(),
                "--negative-recordings", FIXTURES.resolve("negatives").toString(),
                "--epochs", "15", "--patience", "15", "--copies", "8", "--negatives-per-second", "4",
                "--eval-hours", "0.02", "--hard-negatives", "4", "--hard-negative-epochs", "2", "--hard-negative-rounds", "2",
                "--seed", Long.toString(seed), "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    /**
     * A second run on the same corpus (another batch size, so another network) averaged with the first: one ONNX
     * model, whose merge the trainer proved against the members' own scores, calibrated, evaluated and served as one.
     */
    @Test
    void aRunAveragedWithAModelOfTheSameCorpusWritesOneModelOfBoth() throws Exception {
        assertEquals(0, trainExit);
        Path ensemble = tmp.resolve("jarvis-ensemble");
        // This run's network also takes the window's mean away first, the member's does not: two different graphs.
        assertEquals(0, WakestreamCli.run(trainArgs(ensemble, SEED, "--batch-size", "32", "--ensemble-with", model.toString(),
                "--remove-window-mean")));
        ModelManifest m = WakeWordModel.loadFresh(ensemble).manifest();
        assertTrue(String.valueOf(m.training().get("ensembleWith")).contains(model.toString()), m.training().toString());
        assertEquals(Boolean.TRUE, m.training().get("windowMeanRemoved"), m.training().toString());
        assertTrue(Files.readString(ensemble.resolve("MODEL_CARD.md")).contains("`--remove-window-mean`"));
        assertTrue(((Number) m.training().get("exportParityMaxAbsDiff")).doubleValue() <= 1e-4, m.training().toString());
        assertTrue(Files.size(ensemble.resolve("model.onnx")) > 1.8 * Files.size(model.resolve("model.onnx")),
                "both networks' weights are in the file");
        String card = Files.readString(ensemble.resolve("MODEL_CARD.md"));
        assertTrue(card.contains("An ensemble") && card.contains(model.toString()), card);
        // The two networks are kept beside their mean, this run's first, and the engine loaded them (it checks at
        // load that their mean is model.onnx's output).
        assertEquals(java.util.List.of("member-1.onnx", "member-2.onnx"), m.ensemble().members());
        assertArrayEquals(Files.readAllBytes(model.resolve("model.onnx")), Files.readAllBytes(ensemble.resolve("member-2.onnx")));
        assertTrue(card.contains("`member-1.onnx`, `member-2.onnx`"), card);
        try (WakeWordModel b = WakeWordModel.loadFresh(ensemble)) {
            assertEquals(2, b.scorer().networks());
        }
        // The engine scores it, and not as the member alone.
        float[][] windows = new float[4][m.windowFrames() * m.features().coefficients()];
        java.util.Random random = new java.util.Random(3);
        for (float[] w : windows) for (int i = 0; i < w.length; i++) w[i] = (float) random.nextGaussian();
        float[] single;
        float[] both;
        try (WakeWordModel a = WakeWordModel.loadFresh(model); WakeWordModel b = WakeWordModel.loadFresh(ensemble)) {
            single = io.wakestream.trainer.pipeline.TestScores.of(a, windows);
            both = io.wakestream.trainer.pipeline.TestScores.of(b, windows);
        }
        assertFalse(java.util.Arrays.equals(single, both), java.util.Arrays.toString(single) + " " + java.util.Arrays.toString(both));
    }

    /** Members that cannot be averaged with the run are refused by name: before any work, or once the features are known. */
    @Test
    void ensembleMembersOfAnotherCorpusOrPhraseOrNoModelAreRefusedByName() throws Exception {
        assertEquals(0, trainExit);
        Path otherPhrase = tmp.resolve("other-phrase");
        Files.createDirectories(otherPhrase);
        Files.copy(model.resolve("model.onnx"), otherPhrase.resolve("model.onnx"));
        Files.writeString(otherPhrase.resolve("manifest.json"), Files.readString(model.resolve("manifest.json"))
                .replace("\"wakePhrase\" : \"jarvis\"", "\"wakePhrase\" : \"computer\""));
        // {member, seed, what the message must say}
        Object[][] cases = {
                {tmp.resolve("nowhere"), SEED, "nowhere"},
                {otherPhrase, SEED, "\"computer\""},
                {model, SEED + 1, "normalisation"},
        };
        for (Object[] c : cases) {
            Path out = tmp.resolve("never-ensemble");
            PrintStream originalErr = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit;
            try {
                exit = WakestreamCli.run(trainArgs(out, (Long) c[1], "--ensemble-with", c[0].toString()));
            } finally {
                System.setErr(originalErr);
            }
            String message = err.toString(StandardCharsets.UTF_8);
            assertTrue(exit != 0, c[0] + ": exit " + exit);
            assertTrue(message.contains("--ensemble-with " + c[0]) && message.contains((String) c[2]), c[0] + ": " + message);
            assertFalse(Files.exists(out.resolve("model.onnx")), "a refused run wrote a model");
        }
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
        assertTrue(card.contains("./wakestream train --phrase jarvis --no-tts --recordings "), "card says how to reproduce: " + card);
        // Two hard-negative rounds: each the 4 hardest training negatives, each clean and with noise, then more epochs.
        assertEquals(16, ((Number) m.training().get("hardNegativeWindows")).intValue(), m.training().toString());
        assertTrue(card.contains("3 passes") && card.contains("2 times") && card.contains("the 4 it scored highest"), card);
        assertTrue(card.contains("each ending 20-400 ms after the phrase"), "card names the positive tail (the default): " + card);
        assertTrue(((Number) m.training().get("epochs")).intValue() > 15 || card.contains("stopped early"), m.training().toString());
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
            // It can only decide once it has heard the phrase's end, and within a window of it.
            long firedAt = d.get("detectedAtMs").asLong();
            assertTrue(firedAt >= end && firedAt - end <= 1_100, "detected at " + firedAt + " for a phrase ending at " + end);
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

    /** Good and bad files together: every good file is processed, each bad one named with its problem, exit 1 at the end. */
    @Test
    void detectReportsBadFilesAndStillProcessesTheGoodOnes() throws Exception {
        assertEquals(0, trainExit);
        Path good = FIXTURES.resolve("positives/en-us-m3/jarvis_140.wav");
        Path notAudio = tmp.resolve("notes.wav");
        Files.writeString(notAudio, "these are not samples");
        Path empty = tmp.resolve("empty.wav");
        Files.write(empty, new byte[0]);
        Path truncated = tmp.resolve("truncated.wav");
        byte[] whole = Files.readAllBytes(good);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path missing = tmp.resolve("missing.wav");
        // The same good clip as 44.1 kHz stereo and as 8 kHz mono: read, resampled, and scanned like the original.
        short[] silence = new short[16_000 * 3 / 2];
        short[] clip = concat(List.of(silence, WavReader.read(good).samples(), silence));
        Path padded = tmp.resolve("padded.wav");
        WavWriter.write(padded, clip, 16_000);
        Path stereo44 = tmp.resolve("stereo44.wav");
        Files.write(stereo44, stereoWav(Pcm.toPcm16(Resampler.resample(Pcm.toFloat(clip), 16_000, 44_100)), 44_100));
        Path mono8 = tmp.resolve("mono8.wav");
        WavWriter.write(mono8, Pcm.toPcm16(Resampler.resample(Pcm.toFloat(clip), 16_000, 8_000)), 8_000);

        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = WakestreamCli.run("detect", "--model", model.toString(), "--threshold", "0.5", notAudio.toString(),
                    good.toString(), empty.toString(), truncated.toString(), missing.toString(), padded.toString(),
                    stereo44.toString(), mono8.toString());
        } finally {
            System.setErr(originalErr);
        }
        String messages = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, exit, messages);
        assertTrue(messages.contains(good + ": "), "the good file was processed: " + messages);
        for (Path bad : List.of(notAudio, empty, truncated, missing)) {
            assertTrue(messages.contains(bad.toString()), bad + " named: " + messages);
        }
        assertTrue(messages.contains("not a WAV"), messages);
        assertTrue(messages.contains("empty"), messages);
        assertTrue(messages.contains("truncated"), messages);
        assertTrue(messages.contains("4 of 8 files could not be read"), messages);
        assertTrue(messages.contains(padded + ": 1 detection\n"), "the trained model finds its phrase in the clip: " + messages);
        assertTrue(messages.contains(stereo44 + ": 1 detection\n"), "the same at 44.1 kHz stereo: " + messages);
        // 8 kHz keeps nothing above 4 kHz: it is read and scanned, whatever the model then makes of it.
        assertTrue(messages.contains(mono8 + ": "), "8 kHz mono was scanned: " + messages);
        assertTrue(!messages.contains(mono8 + ": not") && !messages.contains(stereo44 + ": not"), messages);
    }

    @Test
    void evalWritesTableDetPlotAndReport() throws Exception {
        assertEquals(0, trainExit);
        List<short[]> pieces = new ArrayList<>();
        short[] gap = new short[16_000];
        for (String speaker : speakers()) {
            for (Path clip : wavs(FIXTURES.resolve("negatives").resolve(speaker))) {
                pieces.add(gap);
                pieces.add(WavReader.read(clip).samples());
            }
        }
        Path negatives = tmp.resolve("negative-stream.wav");
        WavWriter.write(negatives, concat(pieces), 16_000);
        Path out = tmp.resolve("eval");
        String table = runCapturingStdout("eval", "--model", model.toString(), "--positives", FIXTURES.resolve("positives").toString(),
                "--negatives", negatives.toString(), "--out", out.toString());
        assertTrue(table.contains("jarvis"), table);
        byte[] png = Files.readAllBytes(out.resolve("det.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get(0);
        assertEquals(16, report.get("positives").asInt());
        assertTrue(report.get("points").size() > 20);
        double previousFrr = -1;
        for (JsonNode p : report.get("points")) {
            // A higher threshold can only miss more clips and accept fewer negatives.
            assertTrue(p.get("falseRejectRate").asDouble() >= previousFrr);
            previousFrr = p.get("falseRejectRate").asDouble();
        }
        // By speaker (the positives' sub-folders), fewest caught first, adding up to the default threshold's recall.
        JsonNode bySpeaker = report.get("bySpeaker");
        assertEquals(speakers().size(), bySpeaker.size(), bySpeaker.toString());
        int caught = 0;
        int clips = 0;
        double previous = -1;
        for (JsonNode s : bySpeaker) {
            assertTrue(speakers().contains(s.get("speaker").asText()), s.toString());
            assertTrue(s.get("caught").asInt() * 1.0 / s.get("clips").asInt() >= previous, bySpeaker.toString());
            previous = s.get("caught").asInt() * 1.0 / s.get("clips").asInt();
            caught += s.get("caught").asInt();
            clips += s.get("clips").asInt();
        }
        assertEquals(16, clips);
        assertEquals(1 - report.get("atDefault").get("falseRejectRate").asDouble(), caught / 16.0, 1e-9);
        assertTrue(table.contains("caught by speaker at the default threshold") && table.contains(speakers().get(0)), table);
    }

    /** A positives folder with phrase-ends.csv: eval also reports how soon after the phrase's end the model fires. */
    @Test
    void evalReportsDetectionDelayWherePhraseEndsAreKnown() throws Exception {
        assertEquals(0, trainExit);
        Path labelled = Files.createDirectories(tmp.resolve("labelled"));
        StringBuilder csv = new StringBuilder("file,phraseEndMs\n");
        short[] lead = new short[16_000], tail = new short[16_000];
        int n = 0;
        for (String speaker : speakers()) {
            for (Path clip : wavs(FIXTURES.resolve("positives").resolve(speaker))) {
                short[] phrase = WavReader.read(clip).samples();
                String name = "clip" + n++ + ".wav";
                WavWriter.write(labelled.resolve(name), concat(List.of(lead, phrase, tail)), 16_000);
                csv.append(name).append(',').append(1000 + phrase.length * 1000L / 16_000).append('\n');
            }
        }
        Files.writeString(labelled.resolve("phrase-ends.csv"), csv);
        short[] quiet = new short[16_000 * 60];
        Path negatives = tmp.resolve("quiet-minute.wav");
        WavWriter.write(negatives, quiet, 16_000);
        Path out = tmp.resolve("eval-delay");
        String table = runCapturingStdout("eval", "--model", model.toString(), "--positives", labelled.toString(),
                "--negatives", negatives.toString(), "--out", out.toString());
        assertTrue(table.contains("delay p50/p95 ms"), table);
        JsonNode delay = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get(0).get("delay");
        assertTrue(delay != null && delay.get("caught").asInt() >= 1, "some clips caught and measured: " + delay);
        // The fixtures are trimmed to the phrase, so it ends where the clip does; the model fires after it has heard
        // the phrase, and within its window.
        assertTrue(delay.get("p50Ms").asDouble() > -200 && delay.get("maxMs").asDouble() < 1000, delay.toString());

        Files.writeString(labelled.resolve("phrase-ends.csv"), "file,phraseEndMs\nclip0.wav;1200\n");
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = WakestreamCli.run("eval", "--model", model.toString(), "--positives", labelled.toString(),
                    "--negatives", negatives.toString(), "--out", out.toString());
        } finally {
            System.setErr(originalErr);
        }
        assertTrue(exit != 0, "a malformed phrase-ends.csv is an error");
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("phrase-ends.csv line 2") && message.contains("clip0.wav;1200"), message);
    }

    /** A positive tail that is not MIN-MAX, or one given to a frontend that does not use it, stops before any work. */
    @Test
    void badPositiveTailsAndFeatureMasksAreRefusedByName() {
        // {option, value, what the message must name, more arguments...}
        String[][] cases = {
                {"--positive-tail-ms", "300-100", "300-100"},
                {"--positive-tail-ms", "200", "200"},
                {"--positive-tail-ms", "20-200", "mfcc", "--frontend", "openwakeword"},
                {"--feature-masks", "2,10", "T,F,C,W"},
                {"--feature-masks", "2,0,1,1", "width of at least 1"},
                {"--feature-masks", "2,10,2,2", "mfcc", "--frontend", "openwakeword"},
                {"--test-set-only", null, "--write-test-set"},
                {"--held-out-engine", "espeak", "'espeak' (engines: espeak-ng, flite, festival, mbrola, rhvoice, pico)"},
        };
        for (String[] c : cases) {
            List<String> extra = new java.util.ArrayList<>(c[1] == null ? List.of(c[0]) : List.of(c[0], c[1]));
            extra.addAll(java.util.Arrays.asList(c).subList(3, c.length));
            List<String> args = new java.util.ArrayList<>(List.of("train", "--phrase", "jarvis", "--no-tts",
                    "--recordings", FIXTURES.resolve("positives").toString(), "--epochs", "1",
                    "--out", tmp.resolve("never-tail").toString()));
            args.addAll(extra);
            PrintStream originalErr = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit;
            try {
                exit = WakestreamCli.run(args.toArray(new String[0]));
            } finally {
                System.setErr(originalErr);
            }
            String message = err.toString(StandardCharsets.UTF_8);
            assertTrue(exit != 0, String.join(" ", extra) + ": exit " + exit);
            assertTrue(message.contains(c[0]) && message.contains(c[2]), String.join(" ", extra) + ": " + message);
            assertFalse(Files.exists(tmp.resolve("never-tail")), "a refused run wrote its model folder");
        }
    }

    /**
     * {@code --test-set-only} writes the test voices' audio as a full run with the same options would, and nothing
     * else: no model folder. The recordings' speakers are split by voice as in training, so the files name only the
     * test speakers.
     */
    @Test
    void aTestSetOnlyRunWritesTheTestVoicesAndNoModel() throws Exception {
        Path testSet = tmp.resolve("only-test-set");
        Path model = tmp.resolve("only-test-set-model");
        String out = runCapturingStdout("train", "--phrase", "jarvis", "--no-tts",
                "--recordings", FIXTURES.resolve("positives").toString(),
                "--negative-recordings", FIXTURES.resolve("negatives").toString(), "--eval-hours", "0.01",
                "--write-test-set", testSet.toString(), "--test-set-only", "--out", model.toString());
        assertFalse(Files.exists(model), "a test-set-only run wrote a model folder");
        List<Path> positives;
        try (var files = Files.list(testSet.resolve("positives"))) {
            positives = files.filter(f -> f.toString().endsWith(".wav")).sorted().toList();
        }
        assertFalse(positives.isEmpty(), "no positives written");
        assertTrue(Files.size(testSet.resolve("negatives").resolve("stream.wav")) > 16_000 * 2 * 30, "negative stream too short");
        try (var files = Files.list(testSet.resolve("positives-10db"))) {
            assertEquals(positives.size(), files.filter(f -> f.toString().endsWith(".wav")).count());
        }
        // Every file's speaker is one the run named as a test voice, and not every speaker is one.
        assertTrue(out.contains("Test set of "), out);
        String named = out.substring(out.indexOf('[') + 1, out.lastIndexOf(']'));
        java.util.Set<String> testVoices = new java.util.HashSet<>();
        for (String v : named.split(", ")) testVoices.add(v.replaceAll("[^A-Za-z0-9_.+-]", "_"));
        for (Path p : positives) {
            String speaker = p.getFileName().toString().replaceAll("^\\d+_|\\.wav$", "");
            assertTrue(testVoices.contains(speaker), p + " is not by a test voice " + testVoices);
        }
        long speakers;
        try (var dirs = Files.list(FIXTURES.resolve("positives"))) {
            speakers = dirs.filter(Files::isDirectory).count();
        }
        assertTrue(testVoices.size() < speakers, "all " + speakers + " speakers were test voices");
    }

    @Test
    void everyCommandHasHelp() {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            for (String command : List.of("detect", "train", "eval")) {
                String out = runCapturingStdout(command, "--help");
                assertTrue(out.startsWith("Usage: wakestream " + command), out);
            }
            assertTrue(runCapturingStdout("--help").contains("Commands:"));
        } finally {
            System.setErr(originalErr);
        }
        // A lone % in an option's description makes picocli give up formatting it and warn on standard error.
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("picocli WARN"), err.toString(StandardCharsets.UTF_8));
    }

    /** A 16-bit PCM WAV with the samples on both channels. */
    private static byte[] stereoWav(short[] samples, int rate) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + samples.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length * 4).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2).putInt(rate)
                .putInt(rate * 4).putShort((short) 4).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length * 4);
        for (short v : samples) b.putShort(v).putShort(v);
        return b.array();
    }
}
