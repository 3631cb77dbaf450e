package io.wakestream.pipeline.kafka;

import io.wakestream.pipeline.PipelineConfig;
import io.wakestream.pipeline.job.JobStreams;
import io.wakestream.pipeline.job.TranscriptionStage;
import io.wakestream.pipeline.job.WakestreamJob;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The Wakestream job on Kafka: {@link WakestreamJob}'s graph between the Kafka source and sinks of the options. */
public final class WakestreamKafkaJob {
    /** Longest a record waits in a partly filled network buffer, unless the cluster configures it. */
    public static final long DEFAULT_BUFFER_TIMEOUT_MS = 10;

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
        // Between the source and the keyed wake-word operator records cross the network stack, which ships a
        // buffer when it is full or when this timeout passes. Flink's default, 100 ms, is up to 100 ms of wake
        // latency whenever a subtask's buffers fill slowly (few devices per subtask); 10 ms costs a flush thread
        // wake-up every 10 ms. A cluster's own execution.buffer-timeout.interval wins.
        if (env.getConfiguration().getOptional(ExecutionOptions.BUFFER_TIMEOUT).isEmpty()) {
            env.setBufferTimeout(DEFAULT_BUFFER_TIMEOUT_MS);
        }
        Topics topics = options.topics();
        return WakestreamJob.build(env,
                KafkaAudioSource.create(options.kafka(), topics.audio(), options.groupId(), options.startingOffsets(),
                        options.bounded(), config.maxChunkMs()),
                KafkaEventSinks.create(options.kafka(), topics, options.deliveryGuarantee(),
                        options.transactionalIdPrefix()),
                config, transcription);
    }
}
