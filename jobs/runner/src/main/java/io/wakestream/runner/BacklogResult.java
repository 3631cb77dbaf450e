package io.wakestream.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one {@link BacklogRun}, as JSON ({@link #json()}) and as lines for a person ({@link #human()}).
 *
 * @param settings what ran
 * @param chunks chunks in the backlog (what the agents captured)
 * @param chunksLost of those, chunks the agents could not deliver
 * @param drainSeconds from submitting the job to its end (deployment, model loading and the drain)
 * @param finished the job drained the backlog and finished (false: stopped after too long)
 * @param span the steady part of the drain, or null when it was too short to measure
 * @param outcome planted phrases matched with the events read back (no latencies: nothing was real time)
 */
record BacklogResult(BenchSettings settings, long chunks, long chunksLost, double drainSeconds, boolean finished,
        Span span, PhraseMatcher.Outcome outcome) {

    /**
     * The drain between {@link BacklogRun#SPAN_FROM} and {@link BacklogRun#SPAN_TO} of the backlog left.
     *
     * @param seconds wall time of the span
     * @param audioSeconds audio the job's source took in over it, all devices together
     * @param jobCores the job's threads and the JVM's garbage collection, in cores
     * @param brokerCores the Kafka broker's JVM
     * @param byThreadGroup the job's threads by kind, ms of CPU per audio second
     */
    record Span(double seconds, double audioSeconds, double jobCores, double brokerCores, Map<String, Double> byThreadGroup) {
        /** Audio seconds per wall second: the real-time streams the job keeps up with on this machine. */
        double streams() {
            return audioSeconds / seconds;
        }

        /** The job's CPU per audio second, ms. */
        double cpuMsPerAudioSecond() {
            return jobCores * 1000 / streams();
        }
    }

    static BacklogResult of(BenchSettings settings, long chunks, long chunksLost, double drainSeconds, boolean finished,
            List<BacklogRun.Sample> samples, PhraseMatcher.Outcome outcome) {
        return new BacklogResult(settings, chunks, chunksLost, drainSeconds, finished, span(samples, chunks, settings.chunkMs()), outcome);
    }

    /**
     * The span from the first sample with at most {@code SPAN_FROM} of the backlog left to the last with at least
     * {@code SPAN_TO} left; null when fewer than two samples fall in it.
     */
    static Span span(List<BacklogRun.Sample> samples, long chunks, int chunkMs) {
        BacklogRun.Sample a = null, b = null;
        for (BacklogRun.Sample s : samples) {
            if (s.lagRecords() < 0) continue; // not fetching yet
            if (a == null && s.lagRecords() <= BacklogRun.SPAN_FROM * chunks) a = s;
            if (s.lagRecords() >= BacklogRun.SPAN_TO * chunks) b = s;
        }
        if (a == null || b == null || b.nanos() <= a.nanos() || b.lagRecords() >= a.lagRecords()) return null;
        ThreadCpuMeter.Snapshot cpu = b.cpu().minus(a.cpu());
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        double audio = (a.lagRecords() - b.lagRecords()) * chunkMs / 1000.0;
        Map<String, Double> groups = new TreeMap<>();
        cpu.byTask().forEach((k, v) -> groups.put(k, v / 1e6 / audio));
        return new Span(seconds, audio, (cpu.jobNanos() + cpu.gcNanos()) / 1e9 / seconds, cpu.childCpuNanos() / 1e9 / seconds, groups);
    }

    double backlogAudioSeconds() {
        return chunks * settings.chunkMs() / 1000.0;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", "backlog");
        settings.putJson(m);
        m.put("backlogAudioSeconds", BenchResult.round(backlogAudioSeconds(), 1));
        m.put("drainWallSeconds", BenchResult.round(drainSeconds, 2));
        m.put("finished", finished);
        m.put("realTimeStreamsSustained", span == null ? null : BenchResult.round(span.streams(), 1));
        m.put("jobCores", span == null ? null : BenchResult.round(span.jobCores(), 3));
        m.put("brokerCores", span == null ? null : BenchResult.round(span.brokerCores(), 3));
        m.put("cpuMsPerAudioSecond", span == null ? null : BenchResult.round(span.cpuMsPerAudioSecond(), 4));
        m.put("streamsPerCore", span == null ? null : BenchResult.round(1000 / span.cpuMsPerAudioSecond(), 1));
        m.put("measuredSpanSeconds", span == null ? null : BenchResult.round(span.seconds(), 2));
        m.put("audioSecondsInSpan", span == null ? null : BenchResult.round(span.audioSeconds(), 1));
        if (span != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            span.byThreadGroup().forEach((k, v) -> {
                if (v >= 0.001) t.put(k, BenchResult.round(v, 4));
            });
            m.put("jobByThreadGroup", t);
        }
        m.put("planted", outcome.planted());
        m.put("detected", outcome.detected());
        m.put("falseAccepts", outcome.falseAccepts());
        m.put("duplicates", outcome.duplicates());
        m.put("transcripts", outcome.transcripts());
        m.put("agentChunks", chunks);
        m.put("agentChunksLost", chunksLost);
        return m;
    }

    List<String> human() {
        List<String> l = new ArrayList<>();
        l.add(String.format(Locale.ROOT, "backlog of %d devices x %d s (%.0f audio seconds), parallelism %d, %s (%d cores)",
                settings.devices(), settings.seconds(), backlogAudioSeconds(), settings.parallelism(), settings.mode(),
                Runtime.getRuntime().availableProcessors()));
        l.add(String.format(Locale.ROOT, "drained in %.1f s from submitting the job%s", drainSeconds,
                finished ? "" : " (STOPPED before the end)"));
        if (span == null) {
            l.add("throughput: not measured (the drain was too short; give more --devices or --seconds)");
        } else {
            l.add(String.format(Locale.ROOT, "throughput: %.1f audio seconds per second = %.0f real-time streams, with the job"
                    + " using %.2f cores (the broker %.2f)", span.streams(), span.streams(), span.jobCores(), span.brokerCores()));
            l.add(String.format(Locale.ROOT, "  job CPU per audio second per stream: %.3f ms -> %.0f streams per core;"
                    + " measured over %.1f s (%.0f%% to %.0f%% of the backlog left)", span.cpuMsPerAudioSecond(),
                    1000 / span.cpuMsPerAudioSecond(), span.seconds(), 100 * BacklogRun.SPAN_FROM, 100 * BacklogRun.SPAN_TO));
            List<String> parts = new ArrayList<>();
            span.byThreadGroup().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(4)
                    .forEach(e -> parts.add(String.format(Locale.ROOT, "%s %.3f", BenchResult.shorten(e.getKey()), e.getValue())));
            l.add("  the job's biggest thread groups: " + String.join("; ", parts));
        }
        l.add(String.format(Locale.ROOT, "wake phrases: %d detected of %d planted, %d false accepts, %d duplicates; %d transcripts",
                outcome.detected(), outcome.planted(), outcome.falseAccepts(), outcome.duplicates(), outcome.transcripts()));
        if (chunksLost > 0) l.add("agents: " + chunksLost + " of " + chunks + " chunks undelivered");
        return l;
    }
}
