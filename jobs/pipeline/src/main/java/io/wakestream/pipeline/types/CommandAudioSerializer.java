package io.wakestream.pipeline.types;

import io.wakestream.pipeline.CommandAudio;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link CommandAudio}: the ids as UTF strings, the command's start and the piece's offset, the discarded flag, then
 * the samples ({@link PcmBlock}).
 */
public final class CommandAudioSerializer extends StatelessSerializer<CommandAudio> {
    private static final long serialVersionUID = 1L;
    public static final CommandAudioSerializer INSTANCE = new CommandAudioSerializer();

    @Override
    public CommandAudio createInstance() {
        return new CommandAudio("", "", "", 0, 0, new short[0], false);
    }

    @Override
    public CommandAudio copy(CommandAudio c) {
        return new CommandAudio(c.deviceId(), c.streamId(), c.wakeEventId(), c.commandStartMs(), c.offsetSamples(),
                c.pcm().clone(), c.discarded());
    }

    @Override
    public void serialize(CommandAudio c, DataOutputView out) throws IOException {
        out.writeUTF(c.deviceId());
        out.writeUTF(c.streamId());
        out.writeUTF(c.wakeEventId());
        out.writeLong(c.commandStartMs());
        out.writeLong(c.offsetSamples());
        out.writeBoolean(c.discarded());
        PcmBlock.write(c.pcm(), out);
    }

    @Override
    public CommandAudio deserialize(DataInputView in) throws IOException {
        String device = in.readUTF();
        String stream = in.readUTF();
        String wake = in.readUTF();
        long start = in.readLong();
        long offset = in.readLong();
        boolean discarded = in.readBoolean();
        return new CommandAudio(device, stream, wake, start, offset, PcmBlock.read(in, "CommandAudio"), discarded);
    }

    @Override
    public TypeSerializerSnapshot<CommandAudio> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CommandAudio> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
