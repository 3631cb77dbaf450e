package io.wakestream.pipeline.types;

import io.wakestream.schemas.AudioChunk;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's own serializer contract tests (copy, sequences, snapshots, duplication) for the Avro serializer. */
class AudioChunkSerializerTest extends SerializerTestBase<AudioChunk> {
    @Override
    protected TypeSerializer<AudioChunk> createSerializer() {
        return new AvroRecordSerializer<>(AudioChunk.class);
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<AudioChunk> getTypeClass() {
        return AudioChunk.class;
    }

    @Override
    protected AudioChunk[] getTestData() {
        return TestRecords.chunks();
    }
}
