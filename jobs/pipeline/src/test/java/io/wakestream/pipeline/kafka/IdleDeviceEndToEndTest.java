package io.wakestream.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.kafka.local.LocalKafkaExtension;
import io.wakestream.pipeline.PipelineConfig;
import io.wakestream.pipeline.kafka.CommittedOutput.Snapshot;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices that go silent forever in the middle of their command, in the real job: after the idle timeout (2 s
 * here) the open command is closed as it is and transcribed, once, and nothing else is invented for devices that
 * had not said the wake word yet.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class IdleDeviceEndToEndTest {
    private static final int DEVICES = 6;
    private static final long LEAD_STEP_MS = 300;
    /** Where the devices stop sending: kitchen-0/2/4 are in their command, the hallway devices before it. */
    private static final long CUT_MS = 3_700;

    @RegisterExtension
    static final LocalKafkaExtension KAFKA = new LocalKafkaExtension();

    @TempDir
    static Path dir;

    @Test
    void aDeviceSilentForeverMidCommandHasItsCommandClosedAndTranscribedOnceAfterTheIdleTimeout() throws Exception {
        try (KafkaJobCluster cluster = new KafkaJobCluster(1, 2, dir.resolve("checkpoints"));
                KafkaJobScenario run = new KafkaJobScenario(KAFKA.broker(), "idle", DEVICES, LEAD_STEP_MS)) {
            PipelineConfig config = run.config().withIdleTimeout(2_000);
            JobID job = cluster.submit(run.graph(cluster, 2, null, config));
            run.devices.feedUpTo(CUT_MS); // and nothing more, ever
            Set<String> talking = new HashSet<>();
            for (var d : run.devices.devices()) {
                // kitchen.wav: "Jarvis" at 1.2-1.8 s, the command from about 2.3 s to 4.4 s (after the device's lead).
                if (d.sample.equals("kitchen.wav") && d.leadMs + 2_600 < CUT_MS && d.leadMs + 4_000 > CUT_MS) talking.add(d.id);
            }
            assertFalse(talking.isEmpty(), "some devices stop in their command");
            run.awaitCommitted("transcripts of the devices cut off mid-command",
                    x -> x.devicesWithTranscript().containsAll(talking));
            Snapshot end = run.finish(cluster, job, dir.resolve("savepoints"));
            KafkaJobScenario.assertNoDuplicates(end);
            assertEquals(talking, end.devicesWithTranscript(), "one transcript per device cut off mid-command: " + end);
            for (var t : end.transcripts()) {
                assertTrue(t.audioEndMs() <= CUT_MS, "the command ends where the audio stopped: " + t);
                assertTrue(t.audioEndMs() > t.audioStartMs(), t.toString());
            }
        }
    }
}
