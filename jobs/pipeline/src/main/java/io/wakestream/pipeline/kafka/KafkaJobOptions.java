package io.wakestream.pipeline.kafka;

import io.wakestream.pipeline.TranscriberConfig;
import io.wakestream.pipeline.VadConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Everything the Kafka job needs to start ({@link WakestreamJobMain} parses it from the command line).
 *
 * @param kafka cluster and client properties (secrets stay out of {@link #toString})
 * @param topics the four topic names
 * @param groupId the audio source's consumer group
 * @param transactionalIdPrefix prefix of the sinks' Kafka transactional ids; unique per job on a cluster
 * @param startingOffsets where the source starts without a checkpoint
 * @param bounded stop at the latest offsets seen at start (replays, tests) instead of running forever
 * @param modelDir wake-word model folder (model.onnx + manifest.json), readable on every task manager
 * @param voskModelDir speech-recognition model folder, or null; for the transcription stage
 * @param checkpointIntervalMs 0 = no checkpointing (and at-least-once sinks); else exactly-once sinks
 * @param parallelism 0 = the environment's default
 * @param vad what ends a command segment (the energy VAD unless {@code --vad silero})
 * @param streamingRecognizers commands each transcription subtask decodes while they are spoken (0: each is decoded
 *     once it has ended); see {@link io.wakestream.pipeline.TranscriberConfig#streamingRecognizers()}
 * @param partialTranscripts publish what the recogniser heard so far of commands decoded while spoken
 * @param transcriptionParallelism subtasks of the transcription stage (0: {@code parallelism})
 */
public record KafkaJobOptions(KafkaConnection kafka, Topics topics, String groupId, String transactionalIdPrefix,
        StartingOffsets startingOffsets, boolean bounded, String modelDir, String voskModelDir,
        long checkpointIntervalMs, int parallelism, VadConfig vad, int streamingRecognizers,
        boolean partialTranscripts, int transcriptionParallelism) {
    public static final String DEFAULT_GROUP_ID = "wakestream-pipeline";
    public static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;

    public KafkaJobOptions {
        if (kafka == null) throw new IllegalArgumentException("kafka must be set");
        if (topics == null) throw new IllegalArgumentException("topics must be set");
        if (groupId == null || groupId.isBlank()) throw new IllegalArgumentException("groupId must be set");
        if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) transactionalIdPrefix = groupId;
        if (startingOffsets == null) throw new IllegalArgumentException("startingOffsets must be set");
        if (modelDir == null || modelDir.isBlank()) throw new IllegalArgumentException("modelDir must be set");
        if (checkpointIntervalMs < 0) {
            throw new IllegalArgumentException("checkpointIntervalMs must be 0 (off) or positive, was " + checkpointIntervalMs);
        }
        if (checkpointIntervalMs > 0 && checkpointIntervalMs < 10) {
            throw new IllegalArgumentException("checkpointIntervalMs must be at least 10 (Flink's minimum), was "
                    + checkpointIntervalMs);
        }
        if (vad == null) vad = VadConfig.defaults();
        if (parallelism < 0) throw new IllegalArgumentException("parallelism must be 0 (default) or positive, was " + parallelism);
        if (streamingRecognizers < 0) {
            throw new IllegalArgumentException("streamingRecognizers must be 0 (off) or positive, was " + streamingRecognizers);
        }
        if (transcriptionParallelism < 0) {
            throw new IllegalArgumentException("transcriptionParallelism must be 0 (the job's) or positive, was " + transcriptionParallelism);
        }
        if (partialTranscripts && (streamingRecognizers == 0 || voskModelDir == null)) {
            throw new IllegalArgumentException("partial transcripts need a Vosk model and streaming recognisers "
                    + "(--vosk-model-dir, --streaming-recognizers N)");
        }
    }

    /** Defaults for everything but the servers and the model: the default topics and group, exactly-once every 10 s. */
    public static KafkaJobOptions defaults(String bootstrapServers, String modelDir) {
        return new KafkaJobOptions(KafkaConnection.of(bootstrapServers), Topics.defaults(), DEFAULT_GROUP_ID, null,
                StartingOffsets.COMMITTED_OR_EARLIEST, false, modelDir, null, DEFAULT_CHECKPOINT_INTERVAL_MS, 0, VadConfig.defaults(),
                TranscriberConfig.DEFAULT_STREAMING_RECOGNIZERS, false, 0);
    }

    /** Exactly-once when checkpointing is on (transactions commit with checkpoints), else at-least-once. */
    public DeliveryGuarantee deliveryGuarantee() {
        return checkpointIntervalMs > 0 ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE;
    }

    public KafkaJobOptions withKafka(KafkaConnection k) {
        return new KafkaJobOptions(k, topics, groupId, transactionalIdPrefix, startingOffsets, bounded, modelDir,
                voskModelDir, checkpointIntervalMs, parallelism, vad, streamingRecognizers, partialTranscripts, transcriptionParallelism);
    }

    public KafkaJobOptions withTopics(Topics t) {
        return new KafkaJobOptions(kafka, t, groupId, transactionalIdPrefix, startingOffsets, bounded, modelDir,
                voskModelDir, checkpointIntervalMs, parallelism, vad, streamingRecognizers, partialTranscripts, transcriptionParallelism);
    }

    /** A consumer group and transactional id prefix (the prefix follows the group unless given separately). */
    public KafkaJobOptions withGroup(String group, String prefix) {
        return new KafkaJobOptions(kafka, topics, group, prefix, startingOffsets, bounded, modelDir, voskModelDir,
                checkpointIntervalMs, parallelism, vad, streamingRecognizers, partialTranscripts, transcriptionParallelism);
    }

    public KafkaJobOptions withStart(StartingOffsets start, boolean stopAtLatest) {
        return new KafkaJobOptions(kafka, topics, groupId, transactionalIdPrefix, start, stopAtLatest, modelDir,
                voskModelDir, checkpointIntervalMs, parallelism, vad, streamingRecognizers, partialTranscripts, transcriptionParallelism);
    }

    public KafkaJobOptions withCheckpointing(long intervalMs) {
        return new KafkaJobOptions(kafka, topics, groupId, transactionalIdPrefix, startingOffsets, bounded, modelDir,
                voskModelDir, intervalMs, parallelism, vad, streamingRecognizers, partialTranscripts, transcriptionParallelism);
    }

    public KafkaJobOptions withParallelism(int p) {
        return new KafkaJobOptions(kafka, topics, groupId, transactionalIdPrefix, startingOffsets, bounded, modelDir,
                voskModelDir, checkpointIntervalMs, p, vad, streamingRecognizers, partialTranscripts, transcriptionParallelism);
    }

    public KafkaJobOptions withVoskModelDir(String dir) {
        return new KafkaJobOptions(kafka, topics, groupId, transactionalIdPrefix, startingOffsets, bounded, modelDir,
                dir, checkpointIntervalMs, parallelism, vad, streamingRecognizers, partialTranscripts, transcriptionParallelism);
    }

    /** The end-of-command VAD (energy or Silero). */
    public KafkaJobOptions withVad(VadConfig v) {
        return new KafkaJobOptions(kafka, topics, groupId, transactionalIdPrefix, startingOffsets, bounded, modelDir,
                voskModelDir, checkpointIntervalMs, parallelism, v, streamingRecognizers, partialTranscripts, transcriptionParallelism);
    }

    /** Commands decoded while spoken, per transcription subtask (0: each once it has ended). */
    public KafkaJobOptions withStreamingRecognizers(int n) {
        return new KafkaJobOptions(kafka, topics, groupId, transactionalIdPrefix, startingOffsets, bounded, modelDir,
                voskModelDir, checkpointIntervalMs, parallelism, vad, n, partialTranscripts, transcriptionParallelism);
    }

    /** Publish partial transcripts (needs streaming recognisers). */
    public KafkaJobOptions withPartialTranscripts(boolean publish) {
        return new KafkaJobOptions(kafka, topics, groupId, transactionalIdPrefix, startingOffsets, bounded, modelDir,
                voskModelDir, checkpointIntervalMs, parallelism, vad, streamingRecognizers, publish, transcriptionParallelism);
    }

    /** Subtasks of the transcription stage (0: the job's parallelism). */
    public KafkaJobOptions withTranscriptionParallelism(int p) {
        return new KafkaJobOptions(kafka, topics, groupId, transactionalIdPrefix, startingOffsets, bounded, modelDir,
                voskModelDir, checkpointIntervalMs, parallelism, vad, streamingRecognizers, partialTranscripts, p);
    }

    /** The transcription stage's configuration, or null without a Vosk model. */
    public TranscriberConfig transcriberConfig() {
        return voskModelDir == null ? null : TranscriberConfig.defaults(voskModelDir)
                .withStreamingRecognizers(streamingRecognizers).withPartialTranscripts(partialTranscripts)
                .withParallelism(transcriptionParallelism);
    }

    /** One line for the log: topics, model, guarantee; client property names only. */
    public String describe() {
        return "audio topic " + topics.audio() + " (group " + groupId + ", start " + startingOffsets
                + (bounded ? ", stop at the latest offsets at start" : ", unbounded") + ") -> wake events "
                + topics.wakeEvents() + ", transcripts " + topics.transcripts() + ", dead letters "
                + topics.deadLetters() + "; Kafka " + kafka.bootstrapServers()
                + (kafka.clientProperties().isEmpty() ? "" : " with client properties [" + kafka.propertyNames()
                        + "] (values not logged)")
                + "; wake-word model " + modelDir + "; end-of-command VAD " + describeVad()
                + "; Vosk model " + (voskModelDir == null ? "none" : voskModelDir + (streamingRecognizers > 0
                        ? " (decoding up to " + streamingRecognizers + " commands per subtask while spoken"
                                + (partialTranscripts ? ", partial transcripts to " + topics.partialTranscripts() : "") + ")"
                        : " (decoding commands once ended)"))
                + "; " + deliveryGuarantee() + (checkpointIntervalMs > 0 ? " (checkpoint every " + checkpointIntervalMs
                        + " ms, transactional id prefix " + transactionalIdPrefix + ")" : " (checkpointing off)")
                + "; parallelism " + (parallelism == 0 ? "default" : String.valueOf(parallelism))
                + (transcriptionParallelism > 0 ? ", transcription " + transcriptionParallelism : "");
    }

    private String describeVad() {
        return (vad.kind() == VadConfig.Kind.SILERO
                ? "Silero (" + vad.sileroModel() + ", speech at probability >= " + vad.sileroThreshold() + ")"
                : "energy (" + vad.speechThresholdDbfs() + " dBFS)") + ", " + vad.trailingSilenceMs() + " ms of silence ends a command";
    }

    @Override
    public String toString() {
        return "KafkaJobOptions[" + describe() + "]";
    }
}
