package io.wakestream.pipeline.types;

import io.wakestream.pipeline.CommandEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

class CommandEventSerializerTest extends SerializerTestBase<CommandEvent> {
    @Override
    protected TypeSerializer<CommandEvent> createSerializer() {
        return new CommandEventSerializer();
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<CommandEvent> serializer) {
        return true; // a union has no default instance
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<CommandEvent> getTypeClass() {
        return CommandEvent.class;
    }

    @Override
    protected CommandEvent[] getTestData() {
        List<CommandEvent> data = new ArrayList<>(List.of(TestRecords.commandAudio()));
        data.addAll(1, List.of(TestRecords.commands())); // segments between pieces
        return data.toArray(new CommandEvent[0]);
    }
}
