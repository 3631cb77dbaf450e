package io.wakestream.pipeline.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.WakeEvent;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class AvroRecordSerializerSnapshotTest {
    private static <T> TypeSerializerSnapshot<T> roundTrip(TypeSerializerSnapshot<T> snapshot) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()),
                AvroRecordSerializerSnapshotTest.class.getClassLoader());
    }

    @Test
    void aSavedSerializerRestoresForTheSameClass() throws Exception {
        var restored = roundTrip(new AvroRecordSerializer<>(AudioChunk.class).snapshotConfiguration());
        assertEquals(new AvroRecordSerializer<>(AudioChunk.class), restored.restoreSerializer());
        assertTrue(new AvroRecordSerializer<>(AudioChunk.class).snapshotConfiguration()
                .resolveSchemaCompatibility(restored).isCompatibleAsIs());
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void anotherRecordClassIsIncompatible() throws Exception {
        TypeSerializerSnapshot old = roundTrip(new AvroRecordSerializer<>(WakeEvent.class).snapshotConfiguration());
        assertTrue(new AvroRecordSerializer<>(AudioChunk.class).snapshotConfiguration()
                .resolveSchemaCompatibility(old).isIncompatible());
    }
}
