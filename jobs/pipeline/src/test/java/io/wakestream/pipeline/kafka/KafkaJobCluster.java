package io.wakestream.pipeline.kafka;

import io.wakestream.pipeline.PipelineConfig;
import io.wakestream.pipeline.job.TranscriptionStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Kafka job ({@link WakestreamKafkaJob}) on a Flink {@link MiniCluster} of its own, with what fault tests need:
 * submit (optionally restoring from a checkpoint or savepoint), wait for the tasks to run, kill and replace a
 * TaskManager, cancel, stop with a savepoint, find the latest retained checkpoint. Checkpoints go to a folder of the
 * test's and are retained on cancellation; restarts are fixed-delay (a few attempts, 200 ms apart).
 */
final class KafkaJobCluster implements AutoCloseable {
    private static final Duration WAIT = Duration.ofMinutes(2);

    private final MiniCluster cluster;
    private final Path checkpoints;

    /** {@code taskManagers} TaskManagers of {@code slots} slots each; checkpoints under {@code checkpoints}. */
    KafkaJobCluster(int taskManagers, int slots, Path checkpoints) throws Exception {
        this.checkpoints = checkpoints;
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setNumTaskManagers(taskManagers).setNumSlotsPerTaskManager(slots)
                .setConfiguration(new Configuration()).build());
        cluster.start();
    }

    /**
     * The job graph of the Kafka job with these options, checkpointing (retained on cancellation) into this
     * cluster's folder, Kryo off, restoring from {@code restoreFrom} when not null.
     */
    JobGraph graph(KafkaJobOptions options, PipelineConfig config, TranscriptionStage transcription, String restoreFrom) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        WakestreamKafkaJob.build(env, options, config, transcription);
        JobGraph graph = env.getStreamGraph().getJobGraph();
        if (restoreFrom != null) graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restoreFrom, false));
        return graph;
    }

    JobID submit(JobGraph graph) throws Exception {
        return cluster.submitJob(graph).get(1, TimeUnit.MINUTES).getJobID();
    }

    /** Waits until every task of the job is RUNNING (after a submission or a restart). */
    void awaitAllTasksRunning(JobID job) throws Exception {
        Conditions.await("all tasks of " + job + " running", WAIT, () -> {
            var graph = cluster.getExecutionGraph(job).get(30, TimeUnit.SECONDS);
            if (graph.getState() != JobStatus.RUNNING) return false;
            for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
                if (v.getExecutionState() != ExecutionState.RUNNING) return false;
            }
            return true;
        });
    }

    /** Restarts of the job so far (failovers; 0 for a job that never failed). */
    long restarts(JobID job) throws Exception {
        var graph = cluster.getExecutionGraph(job).get(30, TimeUnit.SECONDS);
        long max = 0;
        for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
            max = Math.max(max, v.getCurrentExecutionAttempt().getAttemptNumber());
        }
        return max;
    }

    /** Terminates TaskManager {@code index} (its tasks die with it) and starts a fresh one in its place. */
    void replaceTaskManager(int index) throws Exception {
        cluster.terminateTaskManager(index).get(1, TimeUnit.MINUTES);
        cluster.startTaskManager();
    }

    /** Cancels the job and waits until it is CANCELED. */
    void cancel(JobID job) throws Exception {
        cluster.cancelJob(job).get(1, TimeUnit.MINUTES);
        JobResult r = cluster.requestJobResult(job).get(2, TimeUnit.MINUTES);
        if (r.getApplicationStatus() != org.apache.flink.runtime.clusterframework.ApplicationStatus.CANCELED) {
            throw new AssertionError("job " + job + " ended " + r.getApplicationStatus() + " instead of cancelled");
        }
    }

    /** Stops the job with a (canonical) savepoint into {@code dir}, waits until it has finished, returns the path. */
    String stopWithSavepoint(JobID job, Path dir) throws Exception {
        String path = cluster.stopWithSavepoint(job, dir.toUri().toString(), false, SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        JobResult r = cluster.requestJobResult(job).get(2, TimeUnit.MINUTES);
        if (!r.isSuccess()) throw new AssertionError("job " + job + " did not finish after stop-with-savepoint: " + r);
        return path;
    }

    JobStatus status(JobID job) throws Exception {
        return cluster.getJobStatus(job).get(30, TimeUnit.SECONDS);
    }

    /** The newest completed checkpoint (one with its {@code _metadata}) the job left in the folder. */
    String latestCheckpoint(JobID job) throws IOException {
        Path dir = checkpoints.resolve(job.toHexString());
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(4))))
                    .map(p -> p.toUri().toString())
                    .orElseThrow(() -> new AssertionError("no completed checkpoint in " + dir));
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
