package io.wakestream.pipeline;

import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.DeadLetter;

/**
 * One record read from the audio topic, after decoding and validation: either a chunk the wake-word operator can
 * take, or a dead letter saying what was wrong with it. The source emits this union so that bad input travels as
 * data and never as an exception; the job splits the two right after the source.
 */
public sealed interface SourceRecord permits SourceRecord.ValidChunk, SourceRecord.InvalidRecord {

    /** A decoded chunk whose device id and audio passed validation. */
    record ValidChunk(AudioChunk chunk) implements SourceRecord {
        public ValidChunk {
            if (chunk == null) throw new IllegalArgumentException("chunk must not be null");
        }
    }

    /** A record that could not be used, with its Kafka coordinates, original bytes and the reason. */
    record InvalidRecord(DeadLetter deadLetter) implements SourceRecord {
        public InvalidRecord {
            if (deadLetter == null) throw new IllegalArgumentException("deadLetter must not be null");
        }
    }
}
