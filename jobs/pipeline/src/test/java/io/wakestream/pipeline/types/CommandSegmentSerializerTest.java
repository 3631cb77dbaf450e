package io.wakestream.pipeline.types;

import io.wakestream.pipeline.CommandSegment;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

class CommandSegmentSerializerTest extends SerializerTestBase<CommandSegment> {
    @Override
    protected TypeSerializer<CommandSegment> createSerializer() {
        return CommandSegmentSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<CommandSegment> getTypeClass() {
        return CommandSegment.class;
    }

    @Override
    protected CommandSegment[] getTestData() {
        return TestRecords.commands();
    }
}
