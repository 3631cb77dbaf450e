package io.wakestream.pipeline.kafka;

import static io.wakestream.pipeline.kafka.KafkaJobScenario.assertNoDuplicates;
import static io.wakestream.pipeline.kafka.KafkaJobScenario.assertSameAs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.kafka.local.LocalKafkaExtension;
import io.wakestream.pipeline.kafka.CommittedOutput.Snapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Nothing lost, nothing doubled" when the job dies mid-stream: 8 devices speak "Jarvis" and a command (the
 * repository's samples) to a real broker; the real job (jarvis model, Vosk, exactly-once Kafka sinks, 300 ms
 * checkpoints, parallelism 2 on two TaskManagers) is killed while the devices are mid-stream, after a checkpoint
 * has completed and some output is committed and before the input ends. What a read_committed consumer sees must
 * be exactly what a run without the fault gives: every wake event and every transcript once.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ExactlyOnceAcrossFailuresTest {
    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceAcrossFailuresTest.class);
    private static final int DEVICES = 8;
    private static final long LEAD_STEP_MS = 300;
    /** Where on the devices' timeline the first part of the input ends: several devices are mid-command there. */
    private static final long CUT_MS = 4_500;

    @RegisterExtension
    static final LocalKafkaExtension KAFKA = new LocalKafkaExtension();

    @TempDir
    static Path dir;

    private static Snapshot reference;

    @BeforeAll
    static void runWithoutFaults() throws Exception {
        try (KafkaJobCluster cluster = new KafkaJobCluster(2, 1, dir.resolve("reference-checkpoints"));
                KafkaJobScenario run = new KafkaJobScenario(KAFKA.broker(), "reference", DEVICES, LEAD_STEP_MS)) {
            reference = run.runWithoutFaults(cluster, 2, dir.resolve("reference-savepoints"));
        }
        LOG.info("Reference run: {} wake events, transcripts {}", reference.wakes().size(), reference.transcripts());
        // The reference must be worth comparing with: every device woke once and said its command.
        assertNoDuplicates(reference);
        assertEquals(DEVICES, reference.wakes().size(), "one wake event per device: " + reference.wakes());
        assertEquals(DEVICES, reference.devicesWithWake().size(), reference.wakes().toString());
        assertEquals(DEVICES, reference.transcripts().size(), "one transcript per device: " + reference.transcripts());
        for (var t : reference.transcripts()) {
            String word = t.device().startsWith("kitchen") ? "kitchen" : "weather";
            assertTrue(t.text().contains(word), t.device() + " said its command: " + t.text());
        }
        assertFalse(KafkaJobScenario.devicesMidCommandAt(reference, CUT_MS).isEmpty(),
                "some devices are in their command at the cut: " + reference);
    }

    @Test
    void aTaskManagerDiesMidStreamAndTheRestartedJobCommitsEachEventOnce() throws Exception {
        try (KafkaJobCluster cluster = new KafkaJobCluster(2, 1, dir.resolve("tm-checkpoints"));
                KafkaJobScenario run = new KafkaJobScenario(KAFKA.broker(), "tm-loss", DEVICES, LEAD_STEP_MS)) {
            JobID job = cluster.submit(run.graph(cluster, 2, null));
            cluster.awaitAllTasksRunning(job);
            run.devices.feedUpTo(CUT_MS);
            // Output committed means a checkpoint has completed after it.
            Snapshot before = run.awaitCommitted("some wake events committed", s -> s.wakes().size() >= 2);
            run.devices.feedRest();
            cluster.replaceTaskManager(0); // one of the two parallel pipelines dies with it; the job fails over
            LOG.info("TaskManager 0 terminated with {} wake events and {} transcripts committed", before.wakes().size(),
                    before.transcripts().size());
            cluster.awaitAllTasksRunning(job);
            assertTrue(cluster.restarts(job) >= 1, "the job restarted after the TaskManager died");
            Snapshot after = run.finishTranscribed(cluster, job, dir.resolve("tm-savepoints"));
            logAborted(run, after);
            assertSameAs(reference, after);
        }
    }

    @Test
    void aCancelledJobResumedFromItsLatestRetainedCheckpointCommitsEachEventOnce() throws Exception {
        try (KafkaJobCluster cluster = new KafkaJobCluster(2, 1, dir.resolve("cancel-checkpoints"));
                KafkaJobScenario run = new KafkaJobScenario(KAFKA.broker(), "cancel", DEVICES, LEAD_STEP_MS)) {
            JobID first = cluster.submit(run.graph(cluster, 2, null));
            cluster.awaitAllTasksRunning(first);
            run.devices.feedUpTo(CUT_MS);
            Snapshot before = run.awaitCommitted("some wake events committed", s -> s.wakes().size() >= 2);
            run.devices.feedRest();
            cluster.cancel(first);
            String checkpoint = cluster.latestCheckpoint(first);
            LOG.info("Job cancelled with {} wake events and {} transcripts committed; resuming from {}",
                    before.wakes().size(), before.transcripts().size(), checkpoint);
            JobID second = cluster.submit(run.graph(cluster, 2, checkpoint));
            Snapshot after = run.finishTranscribed(cluster, second, dir.resolve("cancel-savepoints"));
            logAborted(run, after);
            assertSameAs(reference, after);
        }
    }

    /** What the aborted attempts wrote (visible to read_uncommitted only), for the log: shows the fault bit. */
    private static void logAborted(KafkaJobScenario run, Snapshot committed) {
        Snapshot all = run.output.read(false);
        Set<String> devices = all.wakes().stream().map(CommittedOutput.Wake::device).collect(Collectors.toSet());
        LOG.info("{}: read_uncommitted sees {} wake events and {} transcripts (of {} devices), read_committed {} and {}",
                run.name, all.wakes().size(), all.transcripts().size(), devices.size(), committed.wakes().size(),
                committed.transcripts().size());
    }
}
