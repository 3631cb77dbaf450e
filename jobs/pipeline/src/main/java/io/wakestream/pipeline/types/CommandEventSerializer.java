package io.wakestream.pipeline.types;

import io.wakestream.pipeline.CommandAudio;
import io.wakestream.pipeline.CommandEvent;
import io.wakestream.pipeline.CommandSegment;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link CommandEvent}: a tag byte, then the command segment or the piece of command audio. The tags are the ones
 * {@link PipelineEventSerializer} uses for the same variants, which writes them through the methods here.
 */
public final class CommandEventSerializer extends TaggedUnionSerializer<CommandEvent> {
    private static final long serialVersionUID = 1L;
    static final byte SEGMENT = 1;
    static final byte AUDIO = 2;

    private final CommandSegmentSerializer segments = CommandSegmentSerializer.INSTANCE;
    private final CommandAudioSerializer audio = CommandAudioSerializer.INSTANCE;

    @Override
    public CommandEvent copy(CommandEvent from) {
        return from instanceof CommandSegment s ? segments.copy(s) : audio.copy((CommandAudio) from);
    }

    @Override
    public void serialize(CommandEvent event, DataOutputView target) throws IOException {
        writeTagged(event, target);
    }

    @Override
    public CommandEvent deserialize(DataInputView source) throws IOException {
        return readVariant(source.readByte(), source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        byte tag = source.readByte();
        target.writeByte(tag);
        copyVariant(tag, source, target);
    }

    void writeTagged(CommandEvent event, DataOutputView target) throws IOException {
        if (event instanceof CommandSegment s) {
            target.writeByte(SEGMENT);
            segments.serialize(s, target);
        } else {
            target.writeByte(AUDIO);
            audio.serialize((CommandAudio) event, target);
        }
    }

    CommandEvent readVariant(byte tag, DataInputView source) throws IOException {
        return switch (tag) {
            case SEGMENT -> segments.deserialize(source);
            case AUDIO -> audio.deserialize(source);
            default -> throw unknownTag(tag);
        };
    }

    void copyVariant(byte tag, DataInputView source, DataOutputView target) throws IOException {
        switch (tag) {
            case SEGMENT -> segments.copy(source, target);
            case AUDIO -> audio.copy(source, target);
            default -> throw unknownTag(tag);
        }
    }

    @Override
    public TypeSerializerSnapshot<CommandEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CommandEvent> {
        public Snapshot() {
            super(CommandEventSerializer::new);
        }
    }
}
