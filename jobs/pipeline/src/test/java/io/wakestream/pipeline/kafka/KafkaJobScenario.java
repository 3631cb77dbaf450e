package io.wakestream.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.kafka.local.LocalKafkaBroker;
import io.wakestream.pipeline.PipelineConfig;
import io.wakestream.pipeline.TranscriberConfig;
import io.wakestream.pipeline.job.TranscriptionStage;
import io.wakestream.pipeline.job.VoskTranscriptionStage;
import io.wakestream.pipeline.kafka.CommittedOutput.Snapshot;
import io.wakestream.pipeline.transcribe.Speech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.jobgraph.JobGraph;

/**
 * One run of the real job against a real broker: its own four topics ({@code <name>-audio}, ...), consumer group and
 * transactional id prefix; {@link SampleDevices} feeding the audio topic; {@link CommittedOutput} reading what a
 * read_committed consumer sees. The job uses the real jarvis model and Vosk, exactly-once sinks, 300 ms checkpoints,
 * reads from the earliest offset and runs unbounded: the test decides when input arrives and when the job stops.
 */
final class KafkaJobScenario implements AutoCloseable {
    static final long CHECKPOINT_MS = 300;
    static final Duration WAIT = Duration.ofMinutes(2);

    final String name;
    final Topics topics;
    final String group;
    final SampleDevices devices;
    final CommittedOutput output;
    private final String bootstrapServers;

    KafkaJobScenario(LocalKafkaBroker broker, String name, int deviceCount, long leadStepMs) {
        this.name = name;
        this.bootstrapServers = broker.bootstrapServers();
        topics = new Topics(name + "-audio", name + "-wakes", name + "-transcripts", name + "-dead");
        group = name + "-group";
        broker.createTopics(Map.of(topics.audio(), 2, topics.wakeEvents(), 1, topics.transcripts(), 1, topics.deadLetters(), 1));
        devices = new SampleDevices(bootstrapServers, topics.audio(), jarvisModel(), deviceCount, leadStepMs);
        output = new CommittedOutput(bootstrapServers, topics);
    }

    static Path jarvisModel() {
        Path dir = Path.of("../../models/jarvis-v23").toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("model.onnx"))) throw new IllegalStateException("no jarvis model in " + dir);
        return dir;
    }

    KafkaJobOptions options(int parallelism) {
        return KafkaJobOptions.defaults(bootstrapServers, jarvisModel().toString())
                .withTopics(topics)
                .withGroup(group, name + "-tx")
                .withStart(StartingOffsets.EARLIEST, false)
                .withCheckpointing(CHECKPOINT_MS)
                .withParallelism(parallelism)
                .withVoskModelDir(Speech.voskModelDir().toString());
    }

    PipelineConfig config() {
        return PipelineConfig.defaults(jarvisModel().toString());
    }

    /**
     * Vosk decoding commands while they are spoken (not the default), so the fault tests show that a restore, which
     * loses the recognisers' progress, still gives whole transcripts; the runner's end-to-end tests use the default.
     */
    TranscriptionStage transcription() {
        return VoskTranscriptionStage.of(TranscriberConfig.defaults(Speech.voskModelDir().toString()).withStreamingRecognizers(8));
    }

    /** The job graph at {@code parallelism}, restoring from {@code restoreFrom} unless null. */
    JobGraph graph(KafkaJobCluster cluster, int parallelism, String restoreFrom) {
        return graph(cluster, parallelism, restoreFrom, config());
    }

    /** The same with the wake-word operator's settings given. */
    JobGraph graph(KafkaJobCluster cluster, int parallelism, String restoreFrom, PipelineConfig config) {
        return graph(cluster, parallelism, restoreFrom, config, transcription());
    }

    /** The same with the transcription stage given too. */
    JobGraph graph(KafkaJobCluster cluster, int parallelism, String restoreFrom, PipelineConfig config,
            TranscriptionStage transcription) {
        return cluster.graph(options(parallelism), config, transcription, restoreFrom);
    }

    /**
     * Waits until a checkpoint that covers every record now in the audio topic has completed (the source commits
     * its offsets to the group then): everything the job made of the input is in that checkpoint's transactions.
     */
    void awaitInputCheckpointed() throws Exception {
        Conditions.await(name + ": the source's offsets at the end of the audio topic", WAIT,
                () -> output.sourceCommittedEverything(group));
    }

    /** Waits until what a read_committed consumer sees satisfies {@code condition}; returns that. */
    Snapshot awaitCommitted(String what, Predicate<Snapshot> condition) throws Exception {
        Snapshot[] last = new Snapshot[1];
        try {
            Conditions.await(name + ": " + what, WAIT, () -> condition.test(last[0] = output.read()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; committed by then: " + last[0], e);
        }
        return last[0];
    }

    /**
     * The reference: all input up front, the job at {@code parallelism} without any fault until the input is
     * checkpointed and every wake event's transcript committed, then stopped with a savepoint (which commits the last
     * transactions).
     */
    Snapshot runWithoutFaults(KafkaJobCluster cluster, int parallelism, Path savepoints) throws Exception {
        devices.feedRest();
        JobID job = cluster.submit(graph(cluster, parallelism, null));
        return finishTranscribed(cluster, job, savepoints);
    }

    /** Stops the job once all input is checkpointed, then reads the committed output. */
    Snapshot finish(KafkaJobCluster cluster, JobID job, Path savepoints) throws Exception {
        awaitInputCheckpointed();
        cluster.stopWithSavepoint(job, savepoints);
        return output.read();
    }

    /**
     * {@link #finish}, for scenarios in which every device says a command: first also waits until each committed wake
     * event's transcript is committed. The input being checkpointed does not mean that: a command whose audio is all
     * in may still be decoding on the transcription thread (on a loaded machine, seconds later), and its transcript is
     * then in the savepoint's state, not in the output.
     */
    Snapshot finishTranscribed(KafkaJobCluster cluster, JobID job, Path savepoints) throws Exception {
        awaitInputCheckpointed();
        awaitCommitted("a transcript for every wake event", KafkaJobScenario::everyWakeTranscribed);
        cluster.stopWithSavepoint(job, savepoints);
        return output.read();
    }

    /** True when there are wake events and each has a transcript. */
    static boolean everyWakeTranscribed(Snapshot s) {
        Set<String> transcribed = new HashSet<>();
        for (var t : s.transcripts()) transcribed.add(t.wakeEventId());
        return !s.wakes().isEmpty() && s.wakes().stream().allMatch(w -> transcribed.contains(w.eventId()));
    }

    /** Each wake event and each transcript once (by event id), and each transcript following a wake event. */
    static void assertNoDuplicates(Snapshot s) {
        Set<String> wakeIds = new HashSet<>();
        for (var w : s.wakes()) assertTrue(wakeIds.add(w.eventId()), "wake event twice: " + w + " in " + s.wakes());
        Set<String> textIds = new HashSet<>();
        for (var t : s.transcripts()) {
            assertTrue(textIds.add(t.eventId()), "transcript twice: " + t + " in " + s.transcripts());
            assertTrue(wakeIds.contains(t.wakeEventId()), "transcript without its wake event: " + t);
        }
    }

    /** The same wake events and transcripts as the reference run, each once. */
    static void assertSameAs(Snapshot reference, Snapshot actual) {
        assertNoDuplicates(actual);
        assertEquals(reference.wakes(), actual.wakes(), "wake events differ from the run without faults");
        assertEquals(reference.transcripts(), actual.transcripts(), "transcripts differ from the run without faults");
    }

    /** Devices, in the reference run, whose command is open at {@code ms}: wake event out, command not ended. */
    static List<String> devicesMidCommandAt(Snapshot reference, long ms) {
        return reference.transcripts().stream()
                .filter(t -> {
                    var wake = reference.wakes().stream().filter(w -> w.eventId().equals(t.wakeEventId())).findFirst().orElseThrow();
                    return wake.audioEndMs() + 400 < ms && t.audioEndMs() > ms;
                })
                .map(CommittedOutput.Transcript::device).toList();
    }

    @Override
    public void close() {
        devices.close();
    }
}
