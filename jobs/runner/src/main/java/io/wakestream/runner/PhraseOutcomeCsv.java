package io.wakestream.runner;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Every planted phrase of one or more bench runs as CSV, one row each: which run (numbered from 1, with its device
 * count, checkpoint interval and parallelism), device and clip, when its end was
 * captured (seconds after the run's first device started) and its wake, detection and transcript latencies (empty
 * when there was none). Percentiles say how long the tail is; these rows say when it happened, so it can be laid
 * beside what else the machine was doing then.
 */
final class PhraseOutcomeCsv {
    static final String HEADER = "run,devices,checkpoint_ms,parallelism,device,clip,phrase_end_s,detected,wake_latency_ms,"
            + "detection_delay_ms,transcript_latency_ms";

    private PhraseOutcomeCsv() {}

    static void write(Path csv, List<BenchResult> results) throws IOException {
        Path parent = csv.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write(HEADER + "\n");
            for (int run = 0; run < results.size(); run++) {
                BenchResult r = results.get(run);
                BenchSettings s = r.settings();
                List<PhraseMatcher.PhraseOutcome> phrases = r.outcome().phrases();
                long start = runStartMs(phrases);
                for (PhraseMatcher.PhraseOutcome p : phrases) {
                    w.write(String.join(",", Integer.toString(run + 1), Integer.toString(s.devices()),
                            Long.toString(s.checkpointMs()), Integer.toString(s.parallelism()), quoted(p.device()), quoted(p.phrase().clip()),
                            p.phraseEndWallMs() == null ? ""
                                    : String.format(Locale.ROOT, "%.3f", (p.phraseEndWallMs() - start) / 1000.0),
                            Boolean.toString(p.detected()), orEmpty(p.wakeLatencyMs()), orEmpty(p.detectionDelayMs()),
                            orEmpty(p.transcriptLatencyMs())) + "\n");
                }
            }
        }
    }

    /** The run's start (epoch ms): the earliest stream anchor among the devices with a planted phrase. */
    static long runStartMs(List<PhraseMatcher.PhraseOutcome> phrases) {
        return phrases.stream().filter(p -> p.phraseEndWallMs() != null)
                .mapToLong(p -> p.phraseEndWallMs() - p.phrase().phraseEndMs()).min().orElse(0);
    }

    private static String orEmpty(Long v) {
        return v == null ? "" : v.toString();
    }

    private static String quoted(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
