package io.wakestream.pipeline.kafka;

import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Where the audio source starts when the job starts without a checkpoint or savepoint (with one, it resumes at the
 * checkpointed offsets whatever this says).
 */
public enum StartingOffsets {
    /** The consumer group's committed offsets; partitions without one start at the earliest offset. */
    COMMITTED_OR_EARLIEST,
    /** The start of every partition. */
    EARLIEST,
    /** Only records written after the job started. */
    LATEST;

    OffsetsInitializer initializer() {
        return switch (this) {
            case COMMITTED_OR_EARLIEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
    }
}
