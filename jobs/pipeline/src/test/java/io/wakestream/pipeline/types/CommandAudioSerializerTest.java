package io.wakestream.pipeline.types;

import io.wakestream.pipeline.CommandAudio;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

class CommandAudioSerializerTest extends SerializerTestBase<CommandAudio> {
    @Override
    protected TypeSerializer<CommandAudio> createSerializer() {
        return CommandAudioSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<CommandAudio> getTypeClass() {
        return CommandAudio.class;
    }

    @Override
    protected CommandAudio[] getTestData() {
        return TestRecords.commandAudio();
    }
}
