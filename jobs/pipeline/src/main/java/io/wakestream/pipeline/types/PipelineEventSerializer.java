package io.wakestream.pipeline.types;

import io.wakestream.pipeline.CommandSegment;
import io.wakestream.pipeline.PipelineEvent;
import io.wakestream.pipeline.WakeDetected;
import io.wakestream.schemas.WakeEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link PipelineEvent}: a tag byte, then the wake event as single-object Avro or the command segment. */
public final class PipelineEventSerializer extends TaggedUnionSerializer<PipelineEvent> {
    private static final long serialVersionUID = 1L;
    private static final byte WAKE = 0;
    private static final byte COMMAND = 1;

    private final AvroRecordSerializer<WakeEvent> wakeEvents = new AvroRecordSerializer<>(WakeEvent.class);
    private final CommandSegmentSerializer commands = CommandSegmentSerializer.INSTANCE;

    @Override
    public PipelineEvent copy(PipelineEvent from) {
        if (from instanceof WakeDetected w) return new WakeDetected(wakeEvents.copy(w.event()));
        return commands.copy((CommandSegment) from);
    }

    @Override
    public void serialize(PipelineEvent event, DataOutputView target) throws IOException {
        if (event instanceof WakeDetected w) {
            target.writeByte(WAKE);
            wakeEvents.serialize(w.event(), target);
        } else {
            target.writeByte(COMMAND);
            commands.serialize((CommandSegment) event, target);
        }
    }

    @Override
    public PipelineEvent deserialize(DataInputView source) throws IOException {
        byte tag = source.readByte();
        return switch (tag) {
            case WAKE -> new WakeDetected(wakeEvents.deserialize(source));
            case COMMAND -> commands.deserialize(source);
            default -> throw unknownTag(tag);
        };
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        byte tag = source.readByte();
        target.writeByte(tag);
        switch (tag) {
            case WAKE -> wakeEvents.copy(source, target);
            case COMMAND -> commands.copy(source, target);
            default -> throw unknownTag(tag);
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
