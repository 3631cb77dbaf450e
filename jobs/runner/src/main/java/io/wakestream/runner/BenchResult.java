package io.wakestream.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one bench run, as JSON ({@link #json()}) and as lines for a person ({@link #human()}).
 *
 * @param settings what ran
 * @param cpu CPU time in the measurement window
 * @param outcome planted phrases matched with the events read back, and latencies
 * @param audioTopicBytes size of the audio topic's log at the end (all partitions)
 * @param state the latest completed checkpoint, or null (none: checkpointing off, or none completed)
 * @param lag how far the job's Kafka source was behind
 * @param agentChunks chunks the agents captured; {@code agentChunksLost} of them were dropped or not delivered
 */
record BenchResult(BenchSettings settings, Cpu cpu, PhraseMatcher.Outcome outcome, long audioTopicBytes,
        FlinkRest.Checkpoint state, Lag lag, long agentChunks, long agentChunksLost) {

    /**
     * CPU in the window, in ms of CPU per second of audio per stream (one device's second): the job's figures per
     * second of audio the job took in, the others (agents, bench, JIT, whole JVM, broker) per second of audio played;
     * the two differ only when the job fell behind.
     *
     * @param windowSeconds wall time measured (after the warm-up, to the end of the audio)
     * @param audioSeconds audio the job took in over the window, all devices together
     * @param jobMs the job: {@code tasksMs + jobOtherMs + gcMs}
     * @param tasksMs the Flink task threads
     * @param jobOtherMs the job's other threads (Kafka clients, checkpointing, timers, the mini cluster's RPC)
     * @param gcMs the JVM's garbage collection, all of it (the agents' and readers' garbage too: an overstatement)
     * @param jitMs the JIT compilers (warm-up; not in jobMs)
     * @param agentsMs the simulated devices' agents (same JVM, not in jobMs)
     * @param benchMs the bench's readers and bookkeeping (not in jobMs)
     * @param processMs the whole bench JVM
     * @param brokerMs the Kafka broker's JVM (not in jobMs)
     * @param byThreadGroup the job's threads by kind ({@link ThreadCpuMeter#group}): task threads per operator
     *     chain, other threads by name
     * @param transcribeMs Vosk decode time over the whole run per audio second (the transcription operator's
     *     {@code decodeMillis} metric, wall time; NaN when not read): part of the task it is chained into
     */
    record Cpu(double windowSeconds, double audioSeconds, double jobMs, double tasksMs, double jobOtherMs, double gcMs,
            double jitMs, double agentsMs, double benchMs, double processMs, double brokerMs,
            Map<String, Double> byThreadGroup, double transcribeMs) {
        /** Real-time streams one core keeps up with, at this cost. */
        double streamsPerCore() {
            return jobMs > 0 ? 1000.0 / jobMs : Double.NaN;
        }

        /** Cores the job used on average over the window. */
        double jobCores() {
            return jobMs * audioSeconds / 1000.0 / windowSeconds;
        }
    }

    /**
     * @param maxSeconds the most the source was behind, in seconds of audio per device (records x chunk / devices)
     * @param endSeconds the mean over the last third of the audio
     * @param behindRealTime the job did not keep up: more than {@link #BEHIND_SECONDS} behind at the end
     */
    record Lag(double maxSeconds, double endSeconds, boolean behindRealTime) {
        static final double BEHIND_SECONDS = 1.0;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        settings.putJson(m);
        m.put("cpuMsPerAudioSecond", round(cpu.jobMs(), 4));
        m.put("streamsPerCore", round(cpu.streamsPerCore(), 1));
        m.put("jobCores", round(cpu.jobCores(), 3));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("flinkTasks", round(cpu.tasksMs(), 4));
        c.put("jobOtherThreads", round(cpu.jobOtherMs(), 4));
        c.put("garbageCollection", round(cpu.gcMs(), 4));
        c.put("jitCompiler", round(cpu.jitMs(), 4));
        c.put("transcribeDecodeWholeRun", round(cpu.transcribeMs(), 4));
        c.put("agents", round(cpu.agentsMs(), 4));
        c.put("bench", round(cpu.benchMs(), 4));
        c.put("wholeBenchJvm", round(cpu.processMs(), 4));
        c.put("kafkaBroker", round(cpu.brokerMs(), 4));
        Map<String, Object> t = new LinkedHashMap<>();
        cpu.byThreadGroup().forEach((k, v) -> {
            if (v >= 0.001) t.put(k, round(v, 4));
        });
        c.put("jobByThreadGroup", t);
        m.put("cpuMsPerAudioSecondBreakdown", c);
        m.put("measuredWindowSeconds", round(cpu.windowSeconds(), 2));
        m.put("audioSecondsInWindow", round(cpu.audioSeconds(), 1));
        m.put("planted", outcome.planted());
        m.put("detected", outcome.detected());
        m.put("falseAccepts", outcome.falseAccepts());
        m.put("duplicates", outcome.duplicates());
        m.put("transcripts", outcome.transcripts());
        putPercentiles(m, "wakeLatency", outcome.wakeLatenciesMs());
        putPercentiles(m, "detectionDelay", outcome.detectionDelaysMs());
        putPercentiles(m, "transcriptLatency", outcome.transcriptLatenciesMs());
        m.put("kafkaAudioBytes", audioTopicBytes);
        m.put("kafkaBytesPerDeviceSecond", round(audioTopicBytes / (double) settings.devices() / settings.seconds(), 1));
        m.put("stateBytesPerDevice", state == null ? null : state.stateSizeBytes() / settings.devices());
        m.put("checkpointsCompleted", state == null ? 0 : state.completed());
        m.put("sourceLagMaxSeconds", round(lag.maxSeconds(), 3));
        m.put("sourceLagEndSeconds", round(lag.endSeconds(), 3));
        m.put("behindRealTime", lag.behindRealTime());
        m.put("agentChunks", agentChunks);
        m.put("agentChunksLost", agentChunksLost);
        m.put("falseAcceptEvents", outcome.falseAcceptEvents());
        return m;
    }

    List<String> human() {
        List<String> l = new ArrayList<>();
        l.add(String.format(Locale.ROOT, "%d devices x %d s, parallelism %d, %s (%d cores)", settings.devices(),
                settings.seconds(), settings.parallelism(), settings.mode(), Runtime.getRuntime().availableProcessors()));
        l.add(String.format(Locale.ROOT, "job CPU per audio second per stream: %.3f ms  ->  %.0f real-time streams per core",
                cpu.jobMs(), cpu.streamsPerCore()));
        l.add(String.format(Locale.ROOT, "  = Flink task threads %.3f + other job threads %.3f + the JVM's garbage collection"
                + " %.3f (all of it, the agents' too)", cpu.tasksMs(), cpu.jobOtherMs(), cpu.gcMs()));
        l.add("  the job's biggest thread groups: " + describeGroups(5));
        l.add(Double.isNaN(cpu.transcribeMs()) ? "  Vosk decoding: not read"
                : String.format(Locale.ROOT, "  Vosk decoding (inside the wake-word task, over the whole run): %.3f ms", cpu.transcribeMs()));
        l.add(String.format(Locale.ROOT, "  not in the job figure: agents %.3f, bench readers %.3f, JIT %.3f, Kafka broker JVM %.3f;"
                        + " the whole bench JVM %.3f", cpu.agentsMs(), cpu.benchMs(), cpu.jitMs(), cpu.brokerMs(), cpu.processMs()));
        l.add(String.format(Locale.ROOT, "  measured over %.1f s of wall time, %.0f s of audio; the job used %.2f cores",
                cpu.windowSeconds(), cpu.audioSeconds(), cpu.jobCores()));
        l.add(String.format(Locale.ROOT, "wake phrases: %d detected of %d planted, %d false accepts, %d duplicates; %d transcripts",
                outcome.detected(), outcome.planted(), outcome.falseAccepts(), outcome.duplicates(), outcome.transcripts()));
        l.add("wake latency (end of phrase captured -> event read, read_committed): " + percentiles(outcome.wakeLatenciesMs()));
        l.add("  of which detection (end of phrase -> the job's detectedAtMs):     " + percentiles(outcome.detectionDelaysMs()));
        l.add("transcript latency (end of command captured -> transcript read):   " + percentiles(outcome.transcriptLatenciesMs()));
        l.add(String.format(Locale.ROOT, "Kafka: %.0f bytes per device-second in the audio topic (%d bytes)",
                audioTopicBytes / (double) settings.devices() / settings.seconds(), audioTopicBytes));
        l.add(state == null ? "state per device: not measured (no completed checkpoint)"
                : String.format(Locale.ROOT, "state per device: %d bytes (latest checkpoint %d bytes / %d devices; %d checkpoints)",
                        state.stateSizeBytes() / settings.devices(), state.stateSizeBytes(), settings.devices(), state.completed()));
        l.add(String.format(Locale.ROOT, "source lag: at most %.2f s of audio per device, %.2f s at the end%s",
                lag.maxSeconds(), lag.endSeconds(), lag.behindRealTime() ? "  -> BEHIND REAL TIME" : " (kept up)"));
        if (agentChunksLost > 0) l.add("agents: " + agentChunksLost + " of " + agentChunks + " chunks dropped or undelivered");
        for (String f : outcome.falseAcceptEvents()) l.add("false accept: " + f);
        return l;
    }

    /** The {@code top} thread groups by CPU, with operator chains cut to their first operator. */
    String describeGroups(int top) {
        List<String> parts = new ArrayList<>();
        cpu.byThreadGroup().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
                .forEach(e -> parts.add(String.format(Locale.ROOT, "%s %.3f", shorten(e.getKey()), e.getValue())));
        return String.join("; ", parts);
    }

    /** An operator chain's name by its first operator. */
    static String shorten(String chain) {
        int arrow = chain.indexOf(" -> ");
        return arrow < 0 ? chain : chain.substring(0, arrow) + " -> ...";
    }

    private static void putPercentiles(Map<String, Object> m, String key, List<Long> values) {
        m.put(key + "P50Ms", PhraseMatcher.percentile(values, 50));
        m.put(key + "P95Ms", PhraseMatcher.percentile(values, 95));
        m.put(key + "P99Ms", PhraseMatcher.percentile(values, 99));
        m.put(key + "Samples", values.size());
    }

    private static String percentiles(List<Long> values) {
        if (values.isEmpty()) return "no samples";
        return String.format(Locale.ROOT, "p50 %d ms, p95 %d ms, p99 %d ms (%d samples)", PhraseMatcher.percentile(values, 50),
                PhraseMatcher.percentile(values, 95), PhraseMatcher.percentile(values, 99), values.size());
    }

    /** NaN and infinities as null (JSON has neither). */
    static Double round(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return null;
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
