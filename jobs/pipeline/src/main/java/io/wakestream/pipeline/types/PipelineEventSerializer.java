package io.wakestream.pipeline.types;

import io.wakestream.pipeline.CommandEvent;
import io.wakestream.pipeline.PipelineEvent;
import io.wakestream.pipeline.WakeDetected;
import io.wakestream.schemas.WakeEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link PipelineEvent}: a tag byte, then the wake event as single-object Avro, or the command event as
 * {@link CommandEventSerializer} writes it (with its tags).
 */
public final class PipelineEventSerializer extends TaggedUnionSerializer<PipelineEvent> {
    private static final long serialVersionUID = 1L;
    private static final byte WAKE = 0;

    private final AvroRecordSerializer<WakeEvent> wakeEvents = new AvroRecordSerializer<>(WakeEvent.class);
    private final CommandEventSerializer commands = new CommandEventSerializer();

    @Override
    public PipelineEvent copy(PipelineEvent from) {
        return from instanceof WakeDetected w ? new WakeDetected(wakeEvents.copy(w.event())) : commands.copy((CommandEvent) from);
    }

    @Override
    public void serialize(PipelineEvent event, DataOutputView target) throws IOException {
        if (event instanceof WakeDetected w) {
            target.writeByte(WAKE);
            wakeEvents.serialize(w.event(), target);
        } else {
            commands.writeTagged((CommandEvent) event, target);
        }
    }

    @Override
    public PipelineEvent deserialize(DataInputView source) throws IOException {
        byte tag = source.readByte();
        return tag == WAKE ? new WakeDetected(wakeEvents.deserialize(source)) : commands.readVariant(tag, source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        byte tag = source.readByte();
        target.writeByte(tag);
        if (tag == WAKE) {
            wakeEvents.copy(source, target);
        } else {
            commands.copyVariant(tag, source, target);
        }
    }

    @Override
    public TypeSerializerSnapshot<PipelineEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PipelineEvent> {
        public Snapshot() {
            super(PipelineEventSerializer::new);
        }
    }
}
