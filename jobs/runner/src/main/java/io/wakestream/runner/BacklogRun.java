package io.wakestream.runner;

import io.wakestream.agent.AgentResult;
import io.wakestream.pipeline.kafka.KafkaJobOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.core.execution.JobClient;

/**
 * A backlog run of the bench ({@code --backlog}): every device's whole audio goes into the audio topic first, as
 * fast as the agents can write it, and only then does the job start, bounded to what is there, reading as fast as
 * it can. What it measures is the job's throughput alone: while the job drains the topic no load generator shares
 * the machine (in a real-time run the simulated agents and the broker take a core of this 2-core machine's two), so
 * parallelism 1 against 2 compares the job with itself.
 *
 * <p>Throughput is read off the source's lag ({@link SourceLag}) between 90% and 10% of the backlog left: start-up
 * (the job's deployment, model loading, JIT) and the ragged end are outside that span. With back pressure the source
 * reads no faster than the slowest operator (transcription included), so that rate is the whole job's.
 */
final class BacklogRun {
    private static final long SAMPLE_MS = 250;
    /** A drain that takes longer than this is stopped (the figures of what was drained are still given). */
    private static final long MAX_DRAIN_MS = 30 * 60_000;
    static final double SPAN_FROM = 0.9;
    static final double SPAN_TO = 0.1;

    private final BenchSettings settings;
    private final PrintStream progress;

    BacklogRun(BenchSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** One lag sample: when (ns, the meter's clock), records behind, and the CPU so far. */
    record Sample(long nanos, long lagRecords, ThreadCpuMeter.Snapshot cpu) {}

    BacklogResult run() throws Exception {
        BenchClips clips = BenchClips.load(settings.samples());
        LocalPipeline.Settings pipeline = settings.pipeline();
        pipeline.check();
        ThreadCpuMeter meter = new ThreadCpuMeter(Thread.currentThread());
        int partitions = settings.partitions();
        say("starting a Kafka broker (audio topic with " + partitions + " partitions)");
        try (LocalPipeline local = LocalPipeline.start(partitions)) {
            BenchAgents agents = BenchAgents.plan(local.bootstrapServers(), local.topics().audio(), settings.devices(),
                    settings.chunkMs(), settings.samples().resolve("office.wav"), false);
            List<BenchAgents.Device> devices = BenchRun.devices(agents.deviceIds(), clips, settings);
            Map<String, List<DeviceAudioPlan.PlantedPhrase>> planted = new HashMap<>();
            for (BenchAgents.Device d : devices) planted.put(d.id(), d.plan().planted());
            say(String.format(Locale.ROOT, "writing %d devices x %d s of audio (%d wake phrases planted) to Kafka as fast"
                    + " as the agents can", devices.size(), settings.seconds(), planted.values().stream().mapToInt(List::size).sum()));
            long chunks = 0, lost = 0;
            long writeStart = System.nanoTime();
            try (BenchAgents running = agents) {
                running.start(devices);
                for (AgentResult r : running.await()) {
                    chunks += r.captured();
                    lost += r.captured() - r.acknowledged();
                }
            }
            say(String.format(Locale.ROOT, "backlog written: %d chunks (%.0f audio seconds) in %.1f s, %d not delivered",
                    chunks, chunks * settings.chunkMs() / 1000.0, (System.nanoTime() - writeStart) / 1e9, lost));

            Configuration conf = new Configuration();
            conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
            say("starting the Flink job (bounded to the backlog, parallelism " + settings.parallelism() + ")");
            long jobStart = System.nanoTime();
            LocalPipeline.RestJob started = local.startJobWithRest(pipeline, true, conf, pipeline.pipelineConfig());
            JobClient job = started.job();
            // No waiting for the tasks to report running: the source starts reading as soon as its own task is up,
            // and on a fast machine a small backlog would be half gone before the first sample.

            List<PhraseMatcher.Received> received = Collections.synchronizedList(new ArrayList<>());
            SourceLag lag = new SourceLag(local.topics().audio(), KafkaJobOptions.DEFAULT_GROUP_ID + "-audio");
            List<Sample> samples = new ArrayList<>();
            boolean finished;
            try (OutputReader reader = new OutputReader(local.bootstrapServers(), Map.of(), local.topics().wakeEvents(),
                    local.topics().transcripts(), e -> received.add(new PhraseMatcher.Received(e, System.currentTimeMillis())))) {
                finished = drain(job, lag, meter, samples, chunks, received);
                long drainNanos = System.nanoTime() - jobStart;
                awaitLastEvents(received);
                PhraseMatcher.Outcome outcome = PhraseMatcher.match(planted, Map.of(), received);
                return BacklogResult.of(settings, chunks, lost, drainNanos / 1e9, finished, samples, outcome);
            } finally {
                say("stopping the job and the broker");
            }
        }
    }

    /** Samples the lag and CPU until the bounded job finishes (true) or the drain takes too long (false). */
    private boolean drain(JobClient job, SourceLag lag, ThreadCpuMeter meter, List<Sample> samples, long chunks,
            List<PhraseMatcher.Received> received) throws InterruptedException {
        long start = System.nanoTime();
        long lastLine = 0;
        ThreadCpuMeter.Snapshot previous = meter.sample();
        java.util.concurrent.CompletableFuture<org.apache.flink.api.common.JobExecutionResult> result = job.getJobExecutionResult();
        while (!result.isDone()) {
            if (System.nanoTime() - start > MAX_DRAIN_MS * 1_000_000L) {
                say("the drain took over " + MAX_DRAIN_MS / 60_000 + " minutes; stopping it");
                return false;
            }
            Thread.sleep(SAMPLE_MS);
            ThreadCpuMeter.Snapshot now = meter.sample();
            long behind = lag.records();
            samples.add(new Sample(now.wallNanos(), behind, now));
            if (now.wallNanos() - lastLine >= 1_000_000_000L) {
                ThreadCpuMeter.Snapshot second = now.minus(previous);
                double wall = second.wallNanos() / 1e9;
                say(String.format(Locale.ROOT, "%5.1f s | %s left | events %d | job %.2f cores, broker %.2f",
                        (now.wallNanos() - start) / 1e9,
                        behind < 0 ? "-" : String.format(Locale.ROOT, "%d records (%.0f%%)", behind, 100.0 * behind / Math.max(1, chunks)),
                        received.size(), (second.jobNanos() + second.gcNanos()) / 1e9 / wall, second.childCpuNanos() / 1e9 / wall));
                previous = now;
                lastLine = now.wallNanos();
            }
        }
        try {
            result.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the bounded job failed: " + e.getCause(), e.getCause());
        }
        return true;
    }

    /** The job has finished; its last events may still be on their way to the reader. */
    private void awaitLastEvents(List<PhraseMatcher.Received> received) throws InterruptedException {
        int seen = -1;
        for (int i = 0; i < 10 && received.size() != seen; i++) {
            seen = received.size();
            Thread.sleep(1_000);
        }
    }

    private void say(String line) {
        synchronized (progress) {
            progress.println("[bench backlog N=" + settings.devices() + ", P=" + settings.parallelism() + "] " + line);
            progress.flush();
        }
    }
}
