package io.wakestream.pipeline.types;

import io.wakestream.pipeline.SourceRecord;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

class SourceRecordSerializerTest extends SerializerTestBase<SourceRecord> {
    @Override
    protected TypeSerializer<SourceRecord> createSerializer() {
        return new SourceRecordSerializer();
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<SourceRecord> serializer) {
        return true; // a union has no default instance
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<SourceRecord> getTypeClass() {
        return SourceRecord.class;
    }

    @Override
    protected SourceRecord[] getTestData() {
        List<SourceRecord> data = new ArrayList<>();
        for (AudioChunk c : TestRecords.chunks()) data.add(new SourceRecord.ValidChunk(c));
        for (DeadLetter d : TestRecords.deadLetters()) data.add(new SourceRecord.InvalidRecord(d));
        return data.toArray(new SourceRecord[0]);
    }
}
