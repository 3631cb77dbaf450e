package io.wakestream.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code soak} end to end, short (3 devices live for a minute, sessions of 20-30 s, idle timeout 10 s; real broker,
 * mini cluster, real models): devices come and go (every one of the 3 places gets a new device id at least once),
 * the job expires silent devices during the run and all of them after it, samples are written, and the CSV and PNG
 * exist. No timing thresholds.
 */
class SoakCommandTest {
    @TempDir
    Path dir;

    @Test
    void devicesComeAndGoAndTheJobExpiresThem() throws Exception {
        Path csv = dir.resolve("soak.csv"), png = dir.resolve("soak.png");
        String[] args = {"soak", "--devices", "3", "--minutes", "1", "--session-s", "20..30", "--idle-timeout-s", "10",
                "--sample-s", "10", "--wake-every", "8", "--model", ProjectFiles.model().toString(),
                "--vosk-model", ProjectFiles.voskModel().toString(), "--samples", ProjectFiles.root().resolve("samples").toString(),
                "--csv-out", csv.toString(), "--plot-out", png.toString()};
        CliRun soak = CliRun.of(args);
        int exit = soak.exit();
        String stderr = soak.err(), stdout = soak.out();
        assertEquals(0, exit, "stdout:\n" + stdout + "\nstderr:\n" + stderr);

        List<String> lines = Files.readAllLines(csv);
        assertEquals(SoakSample.csvHeader(), lines.get(0));
        String[] header = lines.get(0).split(",");
        List<Map<String, String>> rows = lines.stream().skip(1).map(l -> row(header, l)).toList();
        List<Map<String, String>> run = rows.stream().filter(r -> r.get("phase").equals("run")).toList();
        List<Map<String, String>> after = rows.stream().filter(r -> r.get("phase").equals("after")).toList();
        assertTrue(run.size() >= 3, "samples while devices played: " + lines);
        assertEquals(1, after.size(), "one sample after the devices stopped: " + lines);
        assertEquals("after", rows.get(rows.size() - 1).get("phase"), "the last sample is the one after: " + lines);

        for (Map<String, String> r : run) {
            assertTrue(num(r, "live_devices") <= 3, "never more than --devices live: " + r);
            assertTrue(num(r, "heap_after_gc_mb") > 0 && num(r, "rss_mb") > 0, "memory read: " + r);
            assertEquals("RUNNING", r.get("job_status"), r.toString());
        }
        Map<String, String> lastRun = run.get(run.size() - 1), end = after.get(0);
        // Each of the 3 places plays sessions of at most 30 s and is refilled within 5 s: over a minute every place
        // has had a second device, so at least 6 ids.
        assertTrue(num(end, "devices_seen") >= 6, "devices came and went: " + end);
        assertTrue(num(lastRun, "sessions_ended") >= 3, "sessions ended during the run: " + lastRun);
        assertTrue(run.stream().anyMatch(r -> num(r, "expired_devices") > 0), "the job expired silent devices during the run: " + lines);
        // After the run: every device went silent, and the job cleared the state of every one of them.
        assertEquals(0, num(end, "live_devices"), end.toString());
        assertEquals(num(end, "devices_seen"), num(end, "sessions_ended"), end.toString());
        assertEquals(num(end, "devices_seen"), num(end, "expired_devices"), "all devices expired: " + end);
        assertEquals(0, num(end, "devices_with_state"), end.toString());
        // Valid audio only: nothing is a dead letter. Planted phrases were played; none is detected twice.
        assertEquals(0, num(end, "dead_letters"), end.toString());
        assertTrue(num(end, "planted") > 0, "phrases planted and played: " + end);
        assertTrue(num(end, "detected") <= num(end, "planted"), end.toString());
        assertTrue(num(end, "detected") + num(end, "false_accepts") <= num(end, "wake_events"), end.toString());

        assertTrue(stdout.contains("heap after GC:") && stdout.contains("heap trend over the second half:")
                && stdout.contains("devices: " + (long) num(end, "devices_seen") + " distinct ids"), stdout);
        assertTrue(stderr.lines().anyMatch(l -> l.startsWith("[soak] ") && l.contains("/1:00 | devices:")), "progress lines:\n" + stderr);
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, "a PNG");
    }

    private static Map<String, String> row(String[] header, String line) {
        String[] v = line.split(",", -1);
        assertEquals(header.length, v.length, line);
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < header.length; i++) m.put(header[i], v[i]);
        return m;
    }

    private static double num(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }
}
