package io.wakestream.pipeline.types;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A string that may be null in the job's serializers: a presence flag, then the string as modified UTF-8. */
public final class NullableStrings {
    private NullableStrings() {}

    public static void write(DataOutputView out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) out.writeUTF(s);
    }

    public static String read(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
