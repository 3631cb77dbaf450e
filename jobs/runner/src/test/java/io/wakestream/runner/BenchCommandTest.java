package io.wakestream.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --json} end to end, small (2 devices, 12 s; real broker, mini cluster, real models): one JSON object
 * with the promised keys and consistent counts, a progress line per second on standard error, and the PNG and
 * Markdown table of --plot-out. No timing thresholds: the figures depend on the machine.
 */
class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void smallRunPrintsOneJsonObjectWithConsistentFigures() throws Exception {
        Path png = dir.resolve("bench.png"), csv = dir.resolve("phrases.csv");
        String[] args = {"bench", "--json", "--devices", "2", "--seconds", "12", "--wake-every", "4",
                "--checkpoint-ms", "200", "--chunk-ms", "50", "--model", ProjectFiles.model().toString(),
                "--vosk-model", ProjectFiles.voskModel().toString(), "--samples", ProjectFiles.root().resolve("samples").toString(),
                "--plot-out", png.toString(), "--events-out", csv.toString()};
        CliRun run = CliRun.of(args);
        int exit = run.exit();
        String stderr = run.err();
        assertEquals(0, exit, "stderr:\n" + stderr);
        List<String> lines = Arrays.stream(run.out().split("\n")).filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one JSON object: " + lines);
        JsonNode r = JSON.readTree(lines.get(0));
        for (String key : List.of("cpuMsPerAudioSecond", "streamsPerCore", "wakeLatencyP50Ms", "wakeLatencyP95Ms",
                "wakeLatencyP99Ms", "transcriptLatencyP50Ms", "planted", "detected", "falseAccepts", "devices", "seconds",
                "kafkaBytesPerDeviceSecond", "stateBytesPerDevice", "behindRealTime")) {
            assertTrue(r.has(key), "key " + key + " in " + r);
        }
        assertEquals(2, r.get("devices").asInt());
        assertEquals(12, r.get("seconds").asInt());
        assertEquals(200, r.get("checkpointMs").asInt());
        // 50 ms chunks: 20 a second from each device, all of them delivered.
        assertEquals(50, r.get("chunkMs").asInt());
        assertEquals(2 * 12 * 20, r.get("agentChunks").asInt(), 2 * 2, r.toString());
        assertEquals(0, r.get("agentChunksLost").asInt(), r.toString());
        int planted = r.get("planted").asInt(), detected = r.get("detected").asInt(), falseAccepts = r.get("falseAccepts").asInt();
        assertTrue(planted > 0, "phrases planted: " + r);
        assertTrue(detected >= 0 && falseAccepts >= 0 && detected <= planted + falseAccepts, r.toString());
        assertTrue(detected <= planted, "a planted phrase is detected at most once: " + r);
        assertEquals(detected, r.get("wakeLatencySamples").asInt(), "a latency per detection: " + r);
        for (String key : List.of("wakeLatencyP50Ms", "wakeLatencyP95Ms", "wakeLatencyP99Ms", "transcriptLatencyP50Ms",
                "transcriptLatencyP95Ms", "transcriptLatencyP99Ms", "detectionDelayP50Ms")) {
            JsonNode v = r.get(key);
            assertTrue(v.isNull() || v.asLong() >= 0, key + " >= 0: " + r);
        }
        if (detected > 0) {
            assertTrue(r.get("wakeLatencyP50Ms").asLong() <= r.get("wakeLatencyP95Ms").asLong()
                    && r.get("wakeLatencyP95Ms").asLong() <= r.get("wakeLatencyP99Ms").asLong(), r.toString());
        }
        assertTrue(r.get("cpuMsPerAudioSecond").asDouble() > 0, r.toString());
        assertEquals(1000 / r.get("cpuMsPerAudioSecond").asDouble(), r.get("streamsPerCore").asDouble(), 0.1, r.toString());
        // 16 kHz 16-bit audio is 32,000 bytes a second before lz4; the noise floor compresses a little.
        double bytes = r.get("kafkaBytesPerDeviceSecond").asDouble();
        assertTrue(bytes > 10_000 && bytes < 40_000, "Kafka bytes per device-second: " + bytes);
        assertTrue(r.get("stateBytesPerDevice").asLong() > 0, "checkpoints ran, so state was measured: " + r);

        long progress = stderr.lines().filter(l -> l.contains("/12 s | wake events")).count();
        assertTrue(progress >= 10, "a progress line per second while playing:\n" + stderr);

        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, "a PNG");
        String md = Files.readString(dir.resolve("bench.md"));
        assertTrue(md.contains("| 2 | exactly-once C=200 ms, 50 ms chunks |"), md);
        assertTrue(md.contains("![CPU and wake latency against devices](bench.png)"), md);

        // --events-out: a row per planted phrase, agreeing with the JSON's counts and percentiles.
        List<String> rows = Files.readAllLines(csv);
        assertEquals(PhraseOutcomeCsv.HEADER, rows.get(0));
        List<String[]> phrases = rows.subList(1, rows.size()).stream().map(l -> l.split(",", -1)).toList();
        assertEquals(planted, phrases.size(), rows.toString());
        assertEquals(detected, phrases.stream().filter(f -> f[7].equals("true")).count(), rows.toString());
        List<Long> wake = phrases.stream().filter(f -> !f[8].isEmpty()).map(f -> Long.parseLong(f[8])).toList();
        assertEquals(detected, wake.size(), rows.toString());
        if (detected > 0) {
            assertEquals(r.get("wakeLatencyP50Ms").asLong(), PhraseMatcher.percentile(wake, 50), rows.toString());
            assertEquals(r.get("wakeLatencyP99Ms").asLong(), PhraseMatcher.percentile(wake, 99), rows.toString());
        }
        for (String[] f : phrases) {
            assertEquals(List.of("1", "2", "200", "1"), List.of(f).subList(0, 4), "the run and its settings");
            double at = Double.parseDouble(f[6]);
            assertTrue(at > 0 && at <= 12 + 1, "the phrase's end lies within the run: " + String.join(",", f));
            assertFalse(f[4].isEmpty() || f[5].isEmpty(), "device and clip named: " + String.join(",", f));
        }
        // ... and beside it the same latencies against time, as a PNG.
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                Arrays.copyOf(Files.readAllBytes(dir.resolve("phrases.png")), 8), "the events plot is a PNG");
    }

    /**
     * {@code bench --backlog --parallelism 1,2}: 20 devices x 60 s written to Kafka first, then drained by the bounded
     * job at each parallelism. Both drains see the same audio, so they detect the same phrases (scores depend neither
     * on batching nor on the subtask); the throughput figures are only checked for being there and consistent.
     */
    @Test
    void backlogRunsDrainTheSameAudioAtEachParallelismAndCompareThroughput() throws Exception {
        String[] args = {"bench", "--backlog", "--json", "--devices", "20", "--seconds", "60", "--wake-every", "10",
                "--checkpoint-ms", "0", "--parallelism", "1,2", "--model", ProjectFiles.model().toString(),
                "--vosk-model", ProjectFiles.voskModel().toString(), "--samples", ProjectFiles.root().resolve("samples").toString()};
        CliRun run = CliRun.of(args);
        String stderr = run.err();
        assertEquals(0, run.exit(), "stderr:\n" + stderr);
        List<String> lines = Arrays.stream(run.out().split("\n")).filter(l -> !l.isBlank()).toList();
        assertEquals(2, lines.size(), "one JSON object per parallelism: " + lines);
        JsonNode p1 = JSON.readTree(lines.get(0)), p2 = JSON.readTree(lines.get(1));
        assertEquals(1, p1.get("parallelism").asInt());
        assertEquals(2, p2.get("parallelism").asInt());
        for (JsonNode r : List.of(p1, p2)) {
            assertEquals("backlog", r.get("mode").asText());
            assertTrue(r.get("finished").asBoolean(), r.toString());
            assertEquals(0, r.get("agentChunksLost").asInt(), r.toString());
            assertEquals(20 * 60, r.get("backlogAudioSeconds").asDouble(), 20 * 0.1, r.toString());
            assertTrue(r.get("planted").asInt() > 20, r.toString());
            assertTrue(r.get("detected").asInt() <= r.get("planted").asInt(), r.toString());
            assertTrue(r.get("transcripts").asInt() <= r.get("detected").asInt(), r.toString());
            if (!r.get("realTimeStreamsSustained").isNull()) {
                double streams = r.get("realTimeStreamsSustained").asDouble(), cores = r.get("jobCores").asDouble();
                assertTrue(streams > 0 && cores > 0, r.toString());
                assertEquals(cores * 1000 / streams, r.get("cpuMsPerAudioSecond").asDouble(), 0.01 * cores * 1000 / streams, r.toString());
            }
        }
        assertEquals(p1.get("planted").asInt(), p2.get("planted").asInt(), "the same backlog");
        assertEquals(p1.get("detected").asInt(), p2.get("detected").asInt(), "the same detections at both parallelisms");
        assertEquals(p1.get("falseAccepts").asInt(), p2.get("falseAccepts").asInt());
        assertTrue(stderr.contains("backlog written: "), stderr);
        assertTrue(stderr.lines().anyMatch(l -> l.contains("%) left | events")), "progress lines while draining:\n" + stderr);
        // Parallelism 1 drains 1,200 audio seconds at a few hundred a second: long enough for a span of samples.
        assertFalse(p1.get("realTimeStreamsSustained").isNull(), p1.toString());
        if (!p2.get("realTimeStreamsSustained").isNull()) {
            assertTrue(stderr.contains("throughput at parallelism 2 is "), stderr);
        }
    }
}
