package io.wakestream.pipeline.kafka;

import io.wakestream.pipeline.PipelineConfig;
import io.wakestream.pipeline.job.JobStreams;
import io.wakestream.pipeline.job.TranscriptionStage;
import io.wakestream.pipeline.job.WakestreamJob;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The Wakestream job on Kafka: {@link WakestreamJob}'s graph between the Kafka source and sinks of the options. */
public final class WakestreamKafkaJob {
    private WakestreamKafkaJob() {}

    /**
     * Configures {@code env} (checkpointing and parallelism from the options) and builds the job into it; the
     * caller runs {@code env.execute(...)}.
     *
     * @param config the wake-word operator's settings ({@code PipelineConfig.defaults(options.modelDir())} unless
     *     tuned); its {@code maxChunkMs} is also applied by the source
     */
    public static JobStreams build(StreamExecutionEnvironment env, KafkaJobOptions options, PipelineConfig config,
            TranscriptionStage transcription) {
        if (options.checkpointIntervalMs() > 0) {
            env.enableCheckpointing(options.checkpointIntervalMs(), CheckpointingMode.EXACTLY_ONCE);
        }
        if (options.parallelism() > 0) env.setParallelism(options.parallelism());
        // Chained operators hand records on without a serializer copy (a chunk's audio, a command's up to 256 KB).
        // Safe here: no function keeps or changes a record it was given (each keeps its own arrays: the operator
        // converts a chunk's pcm into a new array, the command collector copies), and every serializer of the job
        // deserializes into new objects, never into a reused one.
        env.getConfig().enableObjectReuse();
        Topics topics = options.topics();
        return WakestreamJob.build(env,
                KafkaAudioSource.create(options.kafka(), topics.audio(), options.groupId(), options.startingOffsets(),
                        options.bounded(), config.maxChunkMs()),
                KafkaEventSinks.create(options.kafka(), topics, options.deliveryGuarantee(),
                        options.transactionalIdPrefix()),
                config, transcription);
    }
}
