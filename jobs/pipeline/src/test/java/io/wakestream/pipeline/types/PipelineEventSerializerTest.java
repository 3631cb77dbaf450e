package io.wakestream.pipeline.types;

import io.wakestream.pipeline.CommandAudio;
import io.wakestream.pipeline.CommandSegment;
import io.wakestream.pipeline.PipelineEvent;
import io.wakestream.pipeline.WakeDetected;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

class PipelineEventSerializerTest extends SerializerTestBase<PipelineEvent> {
    @Override
    protected TypeSerializer<PipelineEvent> createSerializer() {
        return new PipelineEventSerializer();
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<PipelineEvent> serializer) {
        return true; // a union has no default instance
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<PipelineEvent> getTypeClass() {
        return PipelineEvent.class;
    }

    @Override
    protected PipelineEvent[] getTestData() {
        List<PipelineEvent> data = new ArrayList<>();
        data.add(new WakeDetected(TestRecords.wakeEvent("kitchen")));
        for (CommandSegment c : TestRecords.commands()) data.add(c);
        data.add(new WakeDetected(TestRecords.wakeEvent("hall")));
        for (CommandAudio c : TestRecords.commandAudio()) data.add(c);
        return data.toArray(new PipelineEvent[0]);
    }
}
