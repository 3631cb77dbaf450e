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
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stop with a savepoint while devices are in the middle of their commands, change the parallelism, resume: the
 * per-device state (open command audio, engine state, stream placement) moves with its key to whichever subtask
 * owns it now, and a read_committed consumer sees exactly what a run without the stop gives, each event once; the
 * transcripts of the devices caught mid-command are of their whole command.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SavepointRescaleTest {
    private static final Logger LOG = LoggerFactory.getLogger(SavepointRescaleTest.class);
    private static final int DEVICES = 8;
    private static final long LEAD_STEP_MS = 300;
    private static final long CUT_MS = 4_500;

    @RegisterExtension
    static final LocalKafkaExtension KAFKA = new LocalKafkaExtension();

    @TempDir
    static Path dir;

    private static Snapshot reference;
    private static List<String> midCommand;

    @BeforeAll
    static void runWithoutFaults() throws Exception {
        try (KafkaJobCluster cluster = new KafkaJobCluster(2, 1, dir.resolve("reference-checkpoints"));
                KafkaJobScenario run = new KafkaJobScenario(KAFKA.broker(), "reference", DEVICES, LEAD_STEP_MS)) {
            reference = run.runWithoutFaults(cluster, 1, dir.resolve("reference-savepoints"));
        }
        assertNoDuplicates(reference);
        assertEquals(DEVICES, reference.devicesWithWake().size(), reference.wakes().toString());
        assertEquals(DEVICES, reference.devicesWithTranscript().size(), reference.transcripts().toString());
        midCommand = KafkaJobScenario.devicesMidCommandAt(reference, CUT_MS);
        LOG.info("Reference run: {}; in their command at {} ms: {}", reference, CUT_MS, midCommand);
        assertFalse(midCommand.isEmpty(), "some devices are in their command at the cut");
    }

    @Test
    void stopWithSavepointAtParallelism1AndResumeAt2() throws Exception {
        stopMidCommandAndResume("up", 1, 2);
    }

    @Test
    void stopWithSavepointAtParallelism2AndResumeAt1() throws Exception {
        stopMidCommandAndResume("down", 2, 1);
    }

    private void stopMidCommandAndResume(String name, int before, int after) throws Exception {
        try (KafkaJobCluster cluster = new KafkaJobCluster(2, 1, dir.resolve(name + "-checkpoints"));
                KafkaJobScenario run = new KafkaJobScenario(KAFKA.broker(), name, DEVICES, LEAD_STEP_MS)) {
            JobID first = cluster.submit(run.graph(cluster, before, null));
            run.devices.feedUpTo(CUT_MS);
            run.awaitCommitted("the wake events of the devices in their command",
                    s -> s.devicesWithWake().containsAll(midCommand));
            run.awaitInputCheckpointed();
            String savepoint = cluster.stopWithSavepoint(first, dir.resolve(name + "-savepoints"));

            Snapshot atStop = run.output.read();
            LOG.info("{}: stopped at parallelism {} into {} with {} committed", name, before, savepoint, atStop);
            for (String device : midCommand) {
                assertTrue(atStop.devicesWithWake().contains(device), device + "'s wake event is committed");
                assertFalse(atStop.devicesWithTranscript().contains(device),
                        device + "'s command was still open at the stop, so no transcript yet: " + atStop.transcripts());
            }

            JobID second = cluster.submit(run.graph(cluster, after, savepoint));
            run.devices.feedRest();
            Snapshot end = run.finishTranscribed(cluster, second, dir.resolve(name + "-savepoints"));
            assertSameAs(reference, end);
        }
    }
}
