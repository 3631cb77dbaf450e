package io.wakestream.runner;

import io.wakestream.pipeline.PipelineConfig;
import io.wakestream.pipeline.kafka.KafkaJobOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One soak run: a Kafka broker and the job (mini cluster, a short idle timeout) as {@link LocalPipeline} starts them,
 * devices coming and going ({@link SoakFleet}) for the run's length, and every {@code sampleMs} a {@link SoakSample}:
 * memory after a full collection ({@link MemoryProbe}), the devices, the job's expired-device counter and checkpoint
 * size (REST), wake events against planted phrases ({@link WakeTally}), dead letters, the source's lag
 * ({@link SourceLag}). When the time is up the devices stop, and the run waits for the job to expire every one of
 * them (at most two idle timeouts and half a minute), then takes a last sample: the job with no devices.
 */
final class SoakRun {
    private static final Logger LOG = LoggerFactory.getLogger(SoakRun.class);
    private static final long PROGRESS_EVERY_MS = 10_000;
    private static final long TASKS_TIMEOUT_MS = 180_000;
    /** The REST API answers metrics from a cache refreshed (at most once a second here) after a request. */
    private static final long METRIC_REFRESH_MS = 1_500;

    /** The samples in order, the summary, and whether the job failed. */
    record Result(List<SoakSample> samples, SoakSummary summary) {}

    private final SoakSettings settings;
    private final PrintStream progress;
    private final Path csvOut;
    private final MemoryProbe memory = new MemoryProbe();
    private final List<SoakSample> samples = new ArrayList<>();

    /** @param csvOut rewritten after every sample (so a run cut short leaves its samples), or null */
    SoakRun(SoakSettings settings, PrintStream progress, Path csvOut) {
        this.settings = settings;
        this.progress = progress;
        this.csvOut = csvOut;
    }

    Result run() throws Exception {
        BenchClips clips = BenchClips.load(settings.samples());
        LocalPipeline.Settings pipeline = new LocalPipeline.Settings(settings.model(), settings.voskModel(),
                settings.parallelism(), settings.checkpointMs());
        pipeline.check();
        int partitions = Math.max(settings.parallelism(), Math.min(4, settings.devices()));
        say("starting a Kafka broker (audio topic with " + partitions + " partitions)");
        Path checkpoints = Files.createTempDirectory("wakestream-soak-checkpoints");
        try (LocalPipeline local = LocalPipeline.start(partitions)) {
            Configuration conf = new Configuration();
            conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
            // Checkpoints to files, as on a cluster (the in-memory default caps a subtask's state at 5 MB).
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
            PipelineConfig jobConfig = PipelineConfig.defaults(settings.model().toString()).withIdleTimeout(settings.idleTimeoutMs());
            say("starting the Flink job (exactly-once, checkpoints every " + settings.checkpointMs() + " ms, parallelism "
                    + settings.parallelism() + ", idle timeout " + settings.idleTimeoutMs() / 1000 + " s)");
            LocalPipeline.RestJob started = local.startJobWithRest(pipeline, false, conf, jobConfig);
            JobClient job = started.job();
            FlinkRest rest = new FlinkRest(started.restPort(), job.getJobID().toString());
            rest.awaitRunning(job, TASKS_TIMEOUT_MS, this::say);

            WakeTally tally = new WakeTally();
            SourceLag lag = new SourceLag(local.topics().audio(), KafkaJobOptions.DEFAULT_GROUP_ID + "-audio");
            try (OutputReader reader = new OutputReader(local.bootstrapServers(), Map.of(), local.topics().wakeEvents(),
                    local.topics().transcripts(), tally::accept);
                    RecordCounter deadLetters = new RecordCounter(local.bootstrapServers(), local.topics().deadLetters());
                    SoakFleet fleet = new SoakFleet(settings, local.bootstrapServers(), local.topics().audio(),
                            settings.samples().resolve("office.wav"), clips, tally)) {
                Probes probes = new Probes(job, rest, lag, tally, deadLetters, fleet);
                long[] chunks = soak(probes);
                boolean failed = probes.failed;
                if (!failed) drain(probes);
                failed |= probes.failed;
                say("stopping the job and the broker");
                return new Result(List.copyOf(samples), SoakSummary.of(settings, samples, chunks[0], chunks[1], failed));
            }
        } finally {
            BenchRun.deleteTree(checkpoints);
        }
    }

    /** What a sample reads, and whether the job has failed so far. */
    private static final class Probes {
        final JobClient job;
        final FlinkRest rest;
        final SourceLag lag;
        final WakeTally tally;
        final RecordCounter deadLetters;
        final SoakFleet fleet;
        long start;
        boolean failed;
        long lastRestarts;

        Probes(JobClient job, FlinkRest rest, SourceLag lag, WakeTally tally, RecordCounter deadLetters, SoakFleet fleet) {
            this.job = job;
            this.rest = rest;
            this.lag = lag;
            this.tally = tally;
            this.deadLetters = deadLetters;
            this.fleet = fleet;
        }
    }

    /** Devices come and go until the time is up; samples and progress meanwhile. Returns {chunks, lost}. */
    private long[] soak(Probes p) throws Exception {
        say(String.format(Locale.ROOT, "%s: devices come and go until %s; a sample every %d s (full GC, metrics)",
                settings.describe(), SoakSample.clock(settings.durationMs()), settings.sampleMs() / 1000));
        p.start = System.nanoTime();
        p.fleet.topUp();
        say(p.fleet.live() + " devices started");
        long nextJoin = SoakFleet.JOIN_EVERY_MS, nextProgress = PROGRESS_EVERY_MS, nextSample = settings.sampleMs();
        long joinedSinceProgress = 0;
        while (true) {
            long next = Math.min(Math.min(nextJoin, nextProgress), Math.min(nextSample, settings.durationMs()));
            sleepUntil(p.start, next);
            long now = ms(p.start);
            if (jobEnded(p)) break;
            if (now >= settings.durationMs()) break;
            if (now >= nextJoin) {
                joinedSinceProgress += p.fleet.topUp();
                nextJoin = after(nextJoin, SoakFleet.JOIN_EVERY_MS, now);
            }
            if (now >= nextSample) {
                sample(p, SoakSample.RUN);
                nextSample = after(nextSample, settings.sampleMs(), now);
            }
            if (now >= nextProgress) {
                progressLine(p, joinedSinceProgress);
                joinedSinceProgress = 0;
                nextProgress = after(nextProgress, PROGRESS_EVERY_MS, ms(p.start));
            }
        }
        sample(p, SoakSample.RUN); // also when the job failed: the summary needs a sample
        say(String.format(Locale.ROOT, "time is up: stopping the %d live devices (%d distinct so far)", p.fleet.live(), p.fleet.started()));
        long[] chunks = p.fleet.stopAll();
        if (chunks[1] > 0) LOG.warn("{} of {} chunks were not acknowledged by Kafka", chunks[1], chunks[0]);
        return chunks;
    }

    /**
     * After the devices stopped: waits for the job to expire every device (the idle timer fires between one and two
     * idle timeouts after a device's last chunk), at most two idle timeouts and 30 s, then takes the last sample.
     */
    private void drain(Probes p) throws Exception {
        long stoppedAt = ms(p.start);
        long deadline = stoppedAt + 2 * settings.idleTimeoutMs() + 30_000;
        say(String.format(Locale.ROOT, "all devices silent; waiting for the job to expire all %d (idle timeout %d s, at most %d s)",
                p.fleet.started(), settings.idleTimeoutMs() / 1000, (deadline - stoppedAt) / 1000));
        long lastSaid = stoppedAt;
        while (ms(p.start) < deadline && !jobEnded(p)) {
            long expired = expired(p.rest, true);
            if (expired >= p.fleet.started()) {
                say(String.format(Locale.ROOT, "the job expired all %d devices %.0f s after they went silent", expired,
                        (ms(p.start) - stoppedAt) / 1000.0));
                break;
            }
            if (ms(p.start) - lastSaid >= PROGRESS_EVERY_MS) {
                lastSaid = ms(p.start);
                say(String.format(Locale.ROOT, "%s | devices silent for %.0f s | the job expired %s of %d",
                        SoakSample.clock(ms(p.start)), (ms(p.start) - stoppedAt) / 1000.0, expired < 0 ? "?" : expired,
                        p.fleet.started()));
            }
            Thread.sleep(2_000);
        }
        if (!p.failed) {
            SoakSample last = sample(p, SoakSample.AFTER);
            if (last.devicesWithState() != 0) {
                LOG.warn("{} devices still have state in the job {} s after the last went silent", last.devicesWithState(),
                        (ms(p.start) - stoppedAt) / 1000);
            }
        }
    }

    private SoakSample sample(Probes p, String phase) throws InterruptedException {
        long elapsed = ms(p.start);
        MemoryProbe.Reading m = memory.read();
        long expired = expired(p.rest, true);
        long checkpoint = -1, restarts = -1;
        try {
            FlinkRest.Checkpoint c = p.rest.latestCheckpoint();
            if (c != null) checkpoint = c.stateSizeBytes();
            double r = p.rest.jobMetric("numRestarts");
            if (!Double.isNaN(r)) restarts = (long) r;
        } catch (IOException e) {
            LOG.warn("reading the job's checkpoints and restarts: {}", e.getMessage());
        }
        if (restarts > p.lastRestarts) {
            LOG.error("the job restarted after a failure ({} restarts so far); see the log above (--verbose for Flink's)", restarts);
            p.failed = true;
            p.lastRestarts = restarts;
        }
        long lagRecords = p.lag.records();
        int live = p.fleet.live();
        double lagSeconds = lagRecords <= 0 ? 0 : lagRecords * BenchAgents.DEFAULT_CHUNK_MS / 1000.0 / Math.max(1, live);
        SoakSample s = new SoakSample(elapsed, phase, m, live, p.fleet.started(), p.fleet.ended(), p.fleet.agents(), expired,
                checkpoint, p.tally.counts(), p.deadLetters.count(), lagRecords, lagSeconds, restarts, String.valueOf(status(p.job)));
        samples.add(s);
        say(s.describe());
        if (csvOut != null) {
            try {
                SoakSummary.writeCsv(csvOut, samples);
            } catch (IOException e) {
                LOG.warn("writing {}: {}", csvOut, e.toString());
            }
        }
        return s;
    }

    /** The job's expiredDevices counter, all subtasks; with {@code fresh}, after letting the REST cache refresh. */
    private static long expired(FlinkRest rest, boolean fresh) throws InterruptedException {
        try {
            double v = rest.sumMetric("expiredDevices");
            if (fresh) {
                Thread.sleep(METRIC_REFRESH_MS);
                v = rest.sumMetric("expiredDevices");
            }
            return Double.isNaN(v) ? -1 : (long) v;
        } catch (IOException e) {
            LOG.debug("reading expiredDevices: {}", e.getMessage());
            return -1;
        }
    }

    private boolean jobEnded(Probes p) {
        JobStatus status = status(p.job);
        if (status == null || !status.isTerminalState()) return false;
        if (!p.failed) LOG.error("the job is {}: stopping the soak", status);
        p.failed = true;
        return true;
    }

    /** The job's status, or null if it could not be asked. */
    private static JobStatus status(JobClient job) {
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("asking the job's status: {}", e.toString());
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return null;
        }
    }

    private void progressLine(Probes p, long joined) throws InterruptedException {
        long now = ms(p.start);
        WakeTally.Counts c = p.tally.counts();
        long lagRecords = p.lag.records();
        int live = p.fleet.live();
        long expired = expired(p.rest, false);
        long rss = MemoryProbe.rssBytes(ProcessHandle.current().pid());
        say(String.format(Locale.ROOT, "%s/%s | devices: %d live, %d seen, %d joined in the last %d s, %d agents | the job expired %s |"
                        + " heap %.0f MB (no GC), RSS %s MB | wake events %d (%d of %d planted detected), transcripts %d,"
                        + " dead letters %d | source lag %s",
                SoakSample.clock(now), SoakSample.clock(settings.durationMs()), live, p.fleet.started(), joined,
                PROGRESS_EVERY_MS / 1000, p.fleet.agents(), expired < 0 ? "?" : String.valueOf(expired),
                SoakSample.mb(memory.heapUsedNow()), rss < 0 ? "-" : String.format(Locale.ROOT, "%.0f", SoakSample.mb(rss)),
                c.wakeEvents(), c.detected(), c.planted(), c.transcripts(), p.deadLetters.count(),
                lagRecords < 0 ? "-" : String.format(Locale.ROOT, "%d records (%.2f s)", lagRecords,
                        lagRecords * BenchAgents.DEFAULT_CHUNK_MS / 1000.0 / Math.max(1, live))));
    }

    /** The next multiple of {@code step} after {@code due} that is past {@code now} (no bursts after a slow step). */
    private static long after(long due, long step, long now) {
        long next = due + step;
        while (next <= now) next += step;
        return next;
    }

    private static void sleepUntil(long startNanos, long ms) throws InterruptedException {
        long wait = ms - ms(startNanos);
        if (wait > 0) Thread.sleep(wait);
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void say(String line) {
        synchronized (progress) {
            progress.println("[soak] " + line);
            progress.flush();
        }
    }
}
