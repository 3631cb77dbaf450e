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
    /**
     * Where the devices stop sending (their audio timeline): kitchen-0 and kitchen-2 are 900 and 300 ms into their
     * command's speech; kitchen-4 and hallway-1 have said "Jarvis" but not yet a word of their command; the other
     * hallway devices are before or in their "Jarvis".
     */
    private static final long CUT_MS = 3_900;
    /** kitchen.wav: "Jarvis" at 1.20-1.80 s, the command's speech at 3.00-4.35 s (50 ms frames above -40 dBFS). */
    private static final long KITCHEN_COMMAND_SPEECH_FROM_MS = 3_000, KITCHEN_COMMAND_SPEECH_TO_MS = 4_350;
    /** Twice the energy VAD's 100 ms of speech that makes a command worth transcribing: clear of that edge. */
    private static final long SPEECH_HEARD_MS = 200;

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
                long speechFrom = d.leadMs + KITCHEN_COMMAND_SPEECH_FROM_MS, speechTo = d.leadMs + KITCHEN_COMMAND_SPEECH_TO_MS;
                if (d.sample.equals("kitchen.wav") && speechFrom + SPEECH_HEARD_MS <= CUT_MS && speechTo > CUT_MS) talking.add(d.id);
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
