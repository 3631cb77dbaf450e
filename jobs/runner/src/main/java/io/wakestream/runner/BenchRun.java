package io.wakestream.runner;

import io.wakestream.agent.AgentResult;
import io.wakestream.pipeline.kafka.KafkaJobOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bench run: a Kafka broker and the job (mini cluster) as {@link LocalPipeline} starts them, N simulated devices
 * playing their {@link DeviceAudioPlan} in real time through capture agents, a read_committed reader of the output,
 * and the measurements: thread CPU ({@link ThreadCpuMeter}) over a window after a warm-up, the source's lag
 * ({@link SourceLag}), latencies ({@link PhraseMatcher}), the audio topic's size and the latest checkpoint's size.
 * Prints a progress line per second.
 */
final class BenchRun {
    private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);
    /** The first seconds (JIT compilation, the first checkpoints, connections) are left out of the CPU window. */
    private static final long MAX_WARM_UP_MS = 5_000;
    private static final long TASKS_TIMEOUT_MS = 180_000;

    private final BenchSettings settings;
    private final PrintStream progress;

    BenchRun(BenchSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    BenchResult run() throws Exception {
        BenchClips clips = BenchClips.load(settings.samples());
        LocalPipeline.Settings pipeline = settings.pipeline();
        pipeline.check();
        say("clips: " + clips.describe());
        ThreadCpuMeter meter = new ThreadCpuMeter(Thread.currentThread());
        int partitions = settings.partitions();
        say("starting a Kafka broker (audio topic with " + partitions + " partitions)");
        java.nio.file.Path checkpoints = java.nio.file.Files.createTempDirectory("wakestream-bench-checkpoints");
        try (LocalPipeline local = LocalPipeline.start(partitions)) {
            BenchAgents agents = BenchAgents.plan(local.bootstrapServers(), local.topics().audio(), settings.devices(),
                    settings.chunkMs(), settings.samples().resolve("office.wav"), true);
            List<BenchAgents.Device> devices = devices(agents.deviceIds(), clips, settings);
            Map<String, List<DeviceAudioPlan.PlantedPhrase>> planted = new HashMap<>();
            for (BenchAgents.Device d : devices) planted.put(d.id(), d.plan().planted());
            if (settings.saveAudio() != null) saveAudio(devices);
            say(String.format(Locale.ROOT, "%d devices, %d wake phrases planted (one every ~%d s per device)",
                    devices.size(), planted.values().stream().mapToInt(List::size).sum(), settings.wakeEverySeconds()));

            Configuration conf = new Configuration();
            conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
            // Checkpoints to files, as on a cluster: the mini cluster's default (JobManagerCheckpointStorage, in
            // memory) refuses a subtask's state over 5 MB, about 600 devices at ~9 KB each.
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
            say("starting the Flink job (" + settings.mode() + ", parallelism " + settings.parallelism() + ")");
            LocalPipeline.RestJob started = local.startJobWithRest(pipeline, false, conf, pipeline.pipelineConfig());
            JobClient job = started.job();
            FlinkRest rest = new FlinkRest(started.restPort(), job.getJobID().toString());
            rest.awaitRunning(job, TASKS_TIMEOUT_MS, this::say);

            List<PhraseMatcher.Received> received = Collections.synchronizedList(new ArrayList<>());
            SourceLag lag = new SourceLag(local.topics().audio(), KafkaJobOptions.DEFAULT_GROUP_ID + "-audio");
            Measured measured;
            try (OutputReader reader = new OutputReader(local.bootstrapServers(), Map.of(), local.topics().wakeEvents(),
                    local.topics().transcripts(), e -> received.add(new PhraseMatcher.Received(e, System.currentTimeMillis())));
                    StreamAnchors anchors = new StreamAnchors(local.bootstrapServers(), local.topics().audio(), planted.keySet());
                    BenchAgents running = agents) {
                measured = play(running, devices, anchors, received, planted, meter, lag, rest);
            }
            long bytes = audioTopicBytes(local.bootstrapServers(), local.topics().audio());
            FlinkRest.Checkpoint checkpoint = settings.checkpointMs() > 0 ? rest.latestCheckpoint() : null;
            if (LOG.isDebugEnabled()) meter.byThreadName().forEach((k, v) -> LOG.debug("thread CPU {} ms: {}", v / 1_000_000, k));
            say("stopping the job and the broker");
            PhraseMatcher.Outcome outcome = PhraseMatcher.match(planted, measured.anchors, received);
            return new BenchResult(settings, measured.cpu, outcome, bytes, checkpoint, measured.lag, measured.chunks,
                    measured.chunksLost);
        } finally {
            deleteTree(checkpoints);
        }
    }

    static void deleteTree(java.nio.file.Path dir) {
        try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    private record Measured(BenchResult.Cpu cpu, BenchResult.Lag lag, Map<String, Long> anchors, long chunks, long chunksLost) {}

    /** Every device's audio plan: a function of the seed and the device's index only. */
    static List<BenchAgents.Device> devices(List<String> ids, BenchClips clips, BenchSettings settings) {
        List<BenchAgents.Device> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            // One generator per device, so a device's audio depends on the seed and its index only. SplittableRandom
            // mixes its seed; java.util.Random's first values from neighbouring seeds are nearly the same.
            java.util.SplittableRandom random = new java.util.SplittableRandom(settings.seed() * 1_000_003L + i);
            out.add(new BenchAgents.Device(ids.get(i), DeviceAudioPlan.generate(clips, settings.seconds() * 1000L,
                    settings.wakeEverySeconds() * 1000L, random)));
        }
        return out;
    }

    private void saveAudio(List<BenchAgents.Device> devices) throws IOException {
        java.nio.file.Path dir = settings.saveAudio();
        java.nio.file.Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("device,clip,phraseStartMs,phraseEndMs,commandEndMs\n");
        for (BenchAgents.Device d : devices) {
            io.wakestream.engine.audio.WavWriter.write(dir.resolve(d.id() + ".wav"), d.plan().render(), 16_000);
            for (DeviceAudioPlan.PlantedPhrase p : d.plan().planted()) {
                csv.append(d.id()).append(',').append(p.clip()).append(',').append(p.phraseStartMs()).append(',')
                        .append(p.phraseEndMs()).append(',').append(p.commandEndMs()).append('\n');
            }
        }
        java.nio.file.Files.writeString(dir.resolve("planted.csv"), csv);
        say("wrote the devices' audio and planted.csv to " + dir);
    }

    private Measured play(BenchAgents agents, List<BenchAgents.Device> devices, StreamAnchors anchors,
            List<PhraseMatcher.Received> received, Map<String, List<DeviceAudioPlan.PlantedPhrase>> planted,
            ThreadCpuMeter meter, SourceLag lag, FlinkRest rest) throws Exception {
        int n = settings.devices();
        long audioMs = settings.seconds() * 1000L;
        long warmUpMs = Math.min(MAX_WARM_UP_MS, audioMs / 4);
        say(String.format(Locale.ROOT, "playing %d devices for %d s in real time; CPU measured from %.1f s to the end",
                n, settings.seconds(), warmUpMs / 1000.0));
        ThreadCpuMeter.Snapshot previous = meter.sample();
        agents.start(devices);
        long start = System.nanoTime();
        ThreadCpuMeter.Snapshot windowStart = null;
        long lagAtStart = 0;
        List<long[]> lagSamples = new ArrayList<>(); // {ms since start, records}
        java.util.TreeSet<Long> ticks = new java.util.TreeSet<>();
        for (long t = 1000; t < audioMs; t += 1000) ticks.add(t);
        ticks.add(warmUpMs);
        ticks.add(audioMs);
        for (long tick : ticks) {
            sleepUntil(start, tick);
            ThreadCpuMeter.Snapshot now = meter.sample();
            long lagRecords = lag.records();
            lagSamples.add(new long[] {tick, lagRecords});
            if (tick == warmUpMs) {
                windowStart = now;
                lagAtStart = Math.max(0, lagRecords);
            }
            progressLine(start, now.minus(previous), lagRecords, anchors, received, planted);
            previous = now;
        }
        ThreadCpuMeter.Snapshot windowEnd = meter.sample();
        long lagAtEnd = Math.max(0, lag.records());
        ThreadCpuMeter.Snapshot window = windowEnd.minus(windowStart);

        say("all audio captured; waiting for the agents to deliver the rest and for the last events");
        List<AgentResult> results = agents.await();
        long chunks = 0, lost = 0;
        for (AgentResult r : results) {
            chunks += r.captured();
            lost += r.captured() - r.acknowledged();
        }
        waitForQuiet(start, received, anchors, planted, meter, lag);

        double windowSeconds = window.wallNanos() / 1e9;
        double chunkSeconds = settings.chunkMs() / 1000.0;
        double audioSeconds = Math.max(chunkSeconds, n * windowSeconds - (lagAtEnd - lagAtStart) * chunkSeconds);
        Map<String, Double> byGroup = new java.util.TreeMap<>();
        window.byTask().forEach((k, v) -> byGroup.put(k, v / 1e6 / audioSeconds));
        // Vosk runs inside a task thread; its metric (wall time of decoding) tells its share. Read after the last
        // transcript, over the whole run: the metric is refreshed once a second, too coarse to cut at the window.
        double decode = decodeMillis(rest) / ((double) n * settings.seconds());
        // The job's figures per second of audio it took in; everything else per second of audio played (the same
        // unless the job fell behind).
        double played = n * windowSeconds;
        double gc = window.gcNanos() / 1e6 / audioSeconds;
        BenchResult.Cpu cpu = new BenchResult.Cpu(windowSeconds, audioSeconds, window.jobNanos() / 1e6 / audioSeconds + gc,
                part(window, ThreadCpuMeter.Part.FLINK_TASKS) / audioSeconds, part(window, ThreadCpuMeter.Part.JOB_OTHER) / audioSeconds,
                gc, window.jitNanos() / 1e6 / played,
                part(window, ThreadCpuMeter.Part.AGENTS) / played, part(window, ThreadCpuMeter.Part.BENCH) / played,
                window.processCpuNanos() / 1e6 / played, window.childCpuNanos() / 1e6 / played, byGroup,
                decode);

        double maxLag = 0, endLagSum = 0;
        int endLagCount = 0;
        for (long[] s : lagSamples) {
            if (s[1] < 0) continue;
            double sec = s[1] * chunkSeconds / n;
            maxLag = Math.max(maxLag, sec);
            if (s[0] >= audioMs * 2 / 3) {
                endLagSum += sec;
                endLagCount++;
            }
        }
        double endLag = endLagCount == 0 ? 0 : endLagSum / endLagCount;
        BenchResult.Lag lagResult = new BenchResult.Lag(maxLag, endLag, endLag > BenchResult.Lag.BEHIND_SECONDS);
        Map<String, Long> anchorMap = new HashMap<>();
        for (String id : planted.keySet()) {
            Long a = anchors.anchor(id);
            if (a != null) anchorMap.put(id, a);
        }
        if (anchorMap.size() < planted.size()) {
            LOG.warn("{} of {} devices' first chunks were not read back from the audio topic; their latencies are left out",
                    planted.size() - anchorMap.size(), planted.size());
        }
        return new Measured(cpu, lagResult, anchorMap, chunks, lost);
    }

    /**
     * After the audio: waits until no event has arrived for a quiet period (3 s plus two checkpoint intervals: an
     * exactly-once sink publishes at the next checkpoint), at most 30 s plus that.
     */
    private void waitForQuiet(long start, List<PhraseMatcher.Received> received, StreamAnchors anchors,
            Map<String, List<DeviceAudioPlan.PlantedPhrase>> planted, ThreadCpuMeter meter, SourceLag lag)
            throws InterruptedException {
        long quietMs = 3_000 + 2 * settings.checkpointMs();
        long until = System.currentTimeMillis() + 30_000 + 2 * settings.checkpointMs();
        ThreadCpuMeter.Snapshot previous = meter.sample();
        while (System.currentTimeMillis() < until) {
            Thread.sleep(1000);
            long last;
            synchronized (received) {
                last = received.isEmpty() ? 0 : received.get(received.size() - 1).readAtMs();
            }
            ThreadCpuMeter.Snapshot now = meter.sample();
            progressLine(start, now.minus(previous), lag.records(), anchors, received, planted);
            previous = now;
            if (System.currentTimeMillis() - last >= quietMs) return;
        }
    }

    private void progressLine(long start, ThreadCpuMeter.Snapshot second, long lagRecords, StreamAnchors anchors,
            List<PhraseMatcher.Received> received, Map<String, List<DeviceAudioPlan.PlantedPhrase>> planted) {
        long now = System.currentTimeMillis();
        int due = 0;
        for (Map.Entry<String, List<DeviceAudioPlan.PlantedPhrase>> e : planted.entrySet()) {
            Long anchor = anchors.anchor(e.getKey());
            if (anchor == null) continue;
            for (DeviceAudioPlan.PlantedPhrase p : e.getValue()) if (anchor + p.phraseEndMs() <= now) due++;
        }
        int wakes = 0, texts = 0;
        long latest = -1;
        synchronized (received) {
            for (PhraseMatcher.Received r : received) {
                if (r.event() instanceof PipelineOutput.Wake w) {
                    wakes++;
                    Long anchor = anchors.anchor(w.deviceId());
                    if (anchor != null) latest = r.readAtMs() - anchor - w.event().getAudioEndMs();
                } else {
                    texts++;
                }
            }
        }
        double wall = second.wallNanos() / 1e9;
        say(String.format(Locale.ROOT,
                "%5.1f/%d s | wake events %d (%d phrases due) | transcripts %d | job %.2f cores, agents %.2f, broker %.2f"
                        + " | source lag %s | latest wake %s",
                seconds(start), settings.seconds(), wakes, due, texts, (second.jobNanos() + second.gcNanos()) / 1e9 / wall,
                second.byPart().getOrDefault(ThreadCpuMeter.Part.AGENTS, 0L) / 1e9 / wall, second.childCpuNanos() / 1e9 / wall,
                lagRecords < 0 ? "-" : String.format(Locale.ROOT, "%d records (%.2f s)", lagRecords,
                        lagRecords * settings.chunkMs() / 1000.0 / settings.devices()),
                latest < 0 ? "-" : "~" + latest + " ms after the audio"));
    }

    private double decodeMillis(FlinkRest rest) {
        try {
            // The REST API answers from a cache it refreshes after a request (at most once a second here): ask,
            // let it refresh, ask again.
            rest.sumMetric("decodeMillis");
            Thread.sleep(1_500);
            return rest.sumMetric("decodeMillis");
        } catch (IOException | InterruptedException e) {
            LOG.debug("reading decodeMillis: {}", e.toString());
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private static double part(ThreadCpuMeter.Snapshot s, ThreadCpuMeter.Part p) {
        return s.byPart().getOrDefault(p, 0L) / 1e6;
    }

    /** Bytes in the audio topic's log, all partitions, on the (one) broker. */
    static long audioTopicBytes(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "bench-admin");
        try (Admin admin = Admin.create(p)) {
            List<Integer> brokers = new ArrayList<>();
            for (Node node : admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)) brokers.add(node.id());
            long bytes = 0;
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()) {
                for (LogDirDescription d : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> e : d.replicaInfos().entrySet()) {
                        if (e.getKey().topic().equals(topic)) bytes += e.getValue().size();
                    }
                }
            }
            return bytes;
        }
    }

    private static void sleepUntil(long startNanos, long ms) throws InterruptedException {
        long wait = ms - ms(startNanos);
        if (wait > 0) Thread.sleep(wait);
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void say(String line) {
        synchronized (progress) {
            progress.println("[bench " + settings.label() + "] " + line);
            progress.flush();
        }
    }
}
