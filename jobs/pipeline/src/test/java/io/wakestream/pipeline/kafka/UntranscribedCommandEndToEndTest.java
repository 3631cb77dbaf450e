package io.wakestream.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.kafka.local.LocalKafkaExtension;
import io.wakestream.pipeline.TranscriberConfig;
import io.wakestream.pipeline.job.DeadLetterCause;
import io.wakestream.pipeline.job.RejectedChunkDeadLetters;
import io.wakestream.pipeline.job.VoskTranscriptionStage;
import io.wakestream.pipeline.kafka.CommittedOutput.Snapshot;
import io.wakestream.pipeline.transcribe.Speech;
import io.wakestream.schemas.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands the transcription stage will not take, in the real job (real broker, real jarvis model, Vosk, exactly-once
 * sinks): with segments limited to 1 s every command of the demo samples (2-3 s each) is rejected, and each must reach
 * the dead-letter topic once, naming its device and wake event, while the wake events still arrive and no transcript
 * is made up.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class UntranscribedCommandEndToEndTest {
    private static final int DEVICES = 4;
    private static final int MAX_SEGMENT_MS = 1_000;

    @RegisterExtension
    static final LocalKafkaExtension KAFKA = new LocalKafkaExtension();

    @TempDir
    static Path dir;

    @Test
    void everyCommandTooLongToTranscribeIsADeadLetterOfItsWakeEvent() throws Exception {
        try (KafkaJobCluster cluster = new KafkaJobCluster(1, 2, dir.resolve("checkpoints"));
                KafkaJobScenario run = new KafkaJobScenario(KAFKA.broker(), "untranscribed", DEVICES, 400)) {
            var stage = VoskTranscriptionStage.of(new TranscriberConfig(Speech.voskModelDir().toString(), MAX_SEGMENT_MS));
            JobID job = cluster.submit(run.graph(cluster, 2, null, run.config(), stage));
            run.devices.feedRest();
            Snapshot end = run.finish(cluster, job, dir.resolve("savepoints"));
            List<DeadLetter> letters = run.output.deadLetters();

            assertEquals(DEVICES, end.wakes().size(), "one wake event per device: " + end.wakes());
            assertEquals(List.of(), end.transcripts(), "no command was short enough to transcribe");
            Map<String, DeadLetter> byWakeEvent = new HashMap<>();
            for (DeadLetter d : letters) {
                assertEquals(DeadLetterCause.UNTRANSCRIBED_COMMAND, DeadLetterCause.of(d.getReason()), d.getReason());
                assertEquals(RejectedChunkDeadLetters.UNKNOWN_TOPIC, d.getTopic());
                assertEquals(d.getDeviceId(), StandardCharsets.UTF_8.decode(d.getKey()).toString(), "keyed by its device");
                assertTrue(d.getReason().contains("ms of audio, over the " + MAX_SEGMENT_MS + " ms limit"), d.getReason());
                for (var w : end.wakes()) {
                    if (d.getReason().contains("wake event \"" + w.eventId() + "\" of device \"" + w.device() + "\"")) {
                        assertEquals(null, byWakeEvent.put(w.eventId(), d), "a second letter for " + w);
                    }
                }
            }
            assertEquals(DEVICES, letters.size(), "one dead letter per rejected command: " + letters);
            assertEquals(DEVICES, byWakeEvent.size(), "each names its own wake event: " + letters);
        }
    }
}
