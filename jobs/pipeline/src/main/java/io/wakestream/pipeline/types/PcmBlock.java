package io.wakestream.pipeline.types;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * 16-bit samples in Flink's serialized data: a count, then the samples as one little-endian block (command audio is
 * up to several seconds of 16 kHz audio, so sample-by-sample writes would dominate).
 */
final class PcmBlock {
    private PcmBlock() {}

    static void write(short[] pcm, DataOutputView out) throws IOException {
        out.writeInt(pcm.length);
        ByteBuffer bytes = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(pcm);
        out.write(bytes.array());
    }

    /** @param what the type being read, for the error a corrupt count gives */
    static short[] read(DataInputView in, String what) throws IOException {
        int samples = in.readInt();
        if (samples < 0) throw new IOException(what + " with " + samples + " samples in Flink's serialized data");
        byte[] bytes = new byte[samples * 2];
        in.readFully(bytes);
        short[] pcm = new short[samples];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
        return pcm;
    }
}
