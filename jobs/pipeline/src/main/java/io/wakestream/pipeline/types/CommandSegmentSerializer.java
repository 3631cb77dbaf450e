package io.wakestream.pipeline.types;

import io.wakestream.pipeline.CommandSegment;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link CommandSegment}: the ids as UTF strings, the times, then the samples ({@link PcmBlock}).
 */
public final class CommandSegmentSerializer extends StatelessSerializer<CommandSegment> {
    private static final long serialVersionUID = 1L;
    public static final CommandSegmentSerializer INSTANCE = new CommandSegmentSerializer();

    @Override
    public CommandSegment createInstance() {
        return new CommandSegment("", "", "", 0, 0, new short[0]);
    }

    @Override
    public CommandSegment copy(CommandSegment c) {
        return new CommandSegment(c.deviceId(), c.streamId(), c.wakeEventId(), c.audioStartMs(), c.audioEndMs(),
                c.pcm().clone());
    }

    @Override
    public void serialize(CommandSegment c, DataOutputView out) throws IOException {
        out.writeUTF(c.deviceId());
        out.writeUTF(c.streamId());
        out.writeUTF(c.wakeEventId());
        out.writeLong(c.audioStartMs());
        out.writeLong(c.audioEndMs());
        PcmBlock.write(c.pcm(), out);
    }

    @Override
    public CommandSegment deserialize(DataInputView in) throws IOException {
        String device = in.readUTF();
        String stream = in.readUTF();
        String wake = in.readUTF();
        long start = in.readLong();
        long end = in.readLong();
        return new CommandSegment(device, stream, wake, start, end, PcmBlock.read(in, "CommandSegment"));
    }

    @Override
    public TypeSerializerSnapshot<CommandSegment> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CommandSegment> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
