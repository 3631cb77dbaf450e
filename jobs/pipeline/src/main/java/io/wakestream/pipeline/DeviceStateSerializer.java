package io.wakestream.pipeline;

import io.wakestream.engine.detect.DetectorState;
import io.wakestream.engine.features.FeatureWindow;
import io.wakestream.engine.features.MfccStreamState;
import io.wakestream.engine.features.OpenWakeWordStreamState;
import io.wakestream.engine.stream.WakeWordStream;
import io.wakestream.engine.vad.SileroVadState;
import io.wakestream.pipeline.types.NullableStrings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Hand-written Flink serializer for {@link DeviceState}.
 *
 * <p>Why not Flink's POJO serializer or Kryo: the engine's state classes are not POJOs (final fields, no setters),
 * Kryo would write class names and reflect over float arrays, and neither gives a format we can evolve on
 * purpose. This writes a format version, then every part as raw primitives and length-prefixed arrays: a device
 * with an idle reorder buffer is about 5 KB (dominated by the feature window). Bump {@link #FORMAT} and branch in
 * {@link #deserialize(DataInputView)} to change the layout; the snapshot class keeps old checkpoints readable.
 */
public final class DeviceStateSerializer extends TypeSerializerSingleton<DeviceState> {
    private static final long serialVersionUID = 1L;
    /**
     * 2: the detector's armed flag (format 1 states read as armed). 3: the command's VAD starts with its kind
     * (energy or Silero; formats 1 and 2 hold only energy VADs, written without it).
     */
    static final int FORMAT = 3;
    /** The kind byte of a command's VAD (format 3 on). */
    private static final byte VAD_ENERGY = 0;
    private static final byte VAD_SILERO = 1;
    public static final DeviceStateSerializer INSTANCE = new DeviceStateSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public DeviceState createInstance() {
        return null;
    }

    @Override
    public DeviceState copy(DeviceState from) {
        // A deep copy through the serialized form: slower than a hand-written copy but it cannot miss a field.
        // Only the heap backend's copy-on-write snapshots call this.
        if (from == null) return null;
        try {
            DataOutputSerializer out = new DataOutputSerializer(8192);
            serialize(from, out);
            DeviceState copy = deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
            // The openWakeWord stream's incremental-embedding history is derived from its mel window, so it is not
            // serialized; a copy keeps it, or every copy-on-write after a checkpoint would re-run the whole
            // embedding model for that device's next step.
            if (from.engine != null && from.engine.isOpenWakeWord() && from.engine.openWakeWord().incrementalHistory() != null) {
                copy.engine.openWakeWord().setIncrementalHistory(from.engine.openWakeWord().incrementalHistory().clone());
            }
            return copy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy device state", e);
        }
    }

    @Override
    public DeviceState copy(DeviceState from, DeviceState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(DeviceState s, DataOutputView out) throws IOException {
        out.writeInt(FORMAT);
        NullableStrings.write(out, s.streamId);
        out.writeInt(s.endedStreams.size());
        for (String id : s.endedStreams) out.writeUTF(id);
        out.writeLong(s.segmentOffsetSamples);
        out.writeLong(s.captureBaseMs);
        out.writeLong(s.lastActivityMs);
        out.writeLong(s.gapTimerAt);
        out.writeLong(s.idleTimerAt);
        writeEngine(out, s.engine);
        out.writeLong(s.reorder.nextSequence());
        out.writeInt(s.reorder.size());
        for (PendingChunk c : s.reorder.held()) {
            out.writeLong(c.sequence());
            out.writeLong(c.captureTimeMs());
            out.writeLong(c.arrivalMs());
            writeShorts(out, c.samples());
        }
        out.writeBoolean(s.command != null);
        if (s.command != null) writeCommand(out, s.command);
    }

    @Override
    public DeviceState deserialize(DataInputView in) throws IOException {
        int format = in.readInt();
        if (format < 1 || format > FORMAT) throw new IOException("device state format " + format + " is not supported (expected 1 to " + FORMAT + ")");
        String streamId = NullableStrings.read(in);
        int ended = in.readInt();
        List<String> endedStreams = new ArrayList<>(ended);
        for (int i = 0; i < ended; i++) endedStreams.add(in.readUTF());
        long segmentOffset = in.readLong();
        long captureBase = in.readLong();
        long lastActivity = in.readLong();
        long gapTimer = in.readLong();
        long idleTimer = in.readLong();
        WakeWordStream engine = readEngine(in, format);
        long next = in.readLong();
        int held = in.readInt();
        List<PendingChunk> chunks = new ArrayList<>(held);
        for (int i = 0; i < held; i++) chunks.add(new PendingChunk(in.readLong(), in.readLong(), in.readLong(), readShorts(in)));
        CommandCollector command = in.readBoolean() ? readCommand(in, format) : null;
        return new DeviceState(streamId, endedStreams, new ReorderBuffer(next, chunks), engine, segmentOffset,
                captureBase, command, lastActivity, gapTimer, idleTimer);
    }

    @Override
    public DeviceState deserialize(DeviceState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<DeviceState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from checkpoints; public no-arg constructor as Flink requires. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DeviceState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /**
     * Written before an openWakeWord stream's state. An MFCC stream's state starts with its ring's length (>= 0), so
     * states written before the openWakeWord frontend existed read as before.
     */
    private static final int OPENWAKEWORD_MARKER = -1;

    private static void writeEngine(DataOutputView out, WakeWordStream e) throws IOException {
        if (e.isOpenWakeWord()) {
            OpenWakeWordStreamState o = e.openWakeWord();
            out.writeInt(OPENWAKEWORD_MARKER);
            writeShorts(out, o.audio());
            out.writeInt(o.pending());
            out.writeLong(o.samplesSeen());
            out.writeLong(o.steps());
            writeFloats(out, o.mel());
            writeFloats(out, o.embeddings());
            writeFloats(out, o.energiesDb());
            writeDetector(out, e.detector());
            return;
        }
        MfccStreamState m = e.mfcc();
        writeFloats(out, m.ring());
        out.writeInt(m.ringPos());
        out.writeLong(m.samplesSeen());
        out.writeLong(m.framesEmitted());
        out.writeFloat(m.previousSample());
        FeatureWindow w = e.window();
        out.writeInt(w.frames());
        out.writeInt(w.coefficients());
        writeFloats(out, w.rawData());
        writeFloats(out, w.rawEnergies());
        out.writeInt(w.nextIndex());
        out.writeLong(w.pushed());
        writeDetector(out, e.detector());
    }

    private static void writeDetector(DataOutputView out, DetectorState d) throws IOException {
        writeFloats(out, d.recent());
        out.writeInt(d.count());
        out.writeInt(d.pos());
        out.writeLong(d.runStartFrame());
        out.writeLong(d.refractoryUntilFrame());
        out.writeBoolean(d.armed());
    }

    private static WakeWordStream readEngine(DataInputView in, int format) throws IOException {
        int first = in.readInt();
        if (first == OPENWAKEWORD_MARKER) {
            OpenWakeWordStreamState o;
            try {
                o = new OpenWakeWordStreamState(readShorts(in), in.readInt(), in.readLong(), in.readLong(),
                        readFloats(in), readFloats(in), readFloats(in));
            } catch (IllegalArgumentException e) {
                throw new IOException("stored openWakeWord stream state is invalid: " + e.getMessage(), e);
            }
            return new WakeWordStream(o, readDetector(in, format));
        }
        MfccStreamState m = new MfccStreamState(readFloats(in, first), in.readInt(), in.readLong(), in.readLong(), in.readFloat());
        FeatureWindow w = new FeatureWindow(in.readInt(), in.readInt(), readFloats(in), readFloats(in), in.readInt(), in.readLong());
        return new WakeWordStream(m, w, readDetector(in, format));
    }

    private static DetectorState readDetector(DataInputView in, int format) throws IOException {
        float[] recent = readFloats(in);
        int count = in.readInt(), pos = in.readInt();
        long runStart = in.readLong(), refractoryUntil = in.readLong();
        // Format 1 had no armed flag: its detectors re-triggered after the refractory period, i.e. were armed.
        boolean armed = format < 2 || in.readBoolean();
        return new DetectorState(recent, count, pos, runStart, refractoryUntil, armed);
    }

    private static void writeCommand(DataOutputView out, CommandCollector c) throws IOException {
        out.writeUTF(c.wakeEventId());
        out.writeLong(c.startSample());
        out.writeInt(c.maxSamples());
        CommandVad vad = c.vad();
        if (vad instanceof EnergyVad v) {
            out.writeByte(VAD_ENERGY);
            out.writeInt(v.frameSamples());
            out.writeDouble(v.thresholdMeanSquare());
            out.writeInt(v.minSpeechFrames());
            out.writeInt(v.silenceFrames());
            out.writeDouble(v.frameSumSq());
            out.writeInt(v.frameFill());
            out.writeInt(v.speechFrames());
            out.writeInt(v.silenceRun());
            out.writeBoolean(v.ended());
        } else if (vad instanceof SileroCommandVad v) {
            // The model path, not the model: the shared session is looked up again on restore.
            out.writeByte(VAD_SILERO);
            out.writeUTF(v.modelPath());
            out.writeFloat(v.threshold());
            out.writeInt(v.minSpeechFrames());
            out.writeInt(v.silenceFrames());
            SileroVadState st = v.state();
            writeFloats(out, st.h());
            writeFloats(out, st.c());
            writeShorts(out, st.pending());
            out.writeLong(st.frames());
            out.writeInt(v.speechFrames());
            out.writeInt(v.silenceRun());
            out.writeBoolean(v.ended());
        } else {
            throw new IllegalStateException("no format for command VAD " + vad.getClass().getName());
        }
        writeShorts(out, c.samples());
        out.writeBoolean(c.isClosed());
    }

    private static CommandCollector readCommand(DataInputView in, int format) throws IOException {
        String wake = in.readUTF();
        long start = in.readLong();
        int max = in.readInt();
        // Formats 1 and 2 knew only the energy VAD and wrote no kind.
        byte kind = format < 3 ? VAD_ENERGY : in.readByte();
        CommandVad v = switch (kind) {
            case VAD_ENERGY -> new EnergyVad(in.readInt(), in.readDouble(), in.readInt(), in.readInt(), in.readDouble(),
                    in.readInt(), in.readInt(), in.readInt(), in.readBoolean());
            case VAD_SILERO -> {
                String model = in.readUTF();
                float threshold = in.readFloat();
                int minSpeech = in.readInt(), silence = in.readInt();
                SileroVadState st;
                try {
                    st = new SileroVadState(readFloats(in), readFloats(in), readShorts(in), in.readLong());
                } catch (IllegalArgumentException e) {
                    throw new IOException("stored Silero VAD state is invalid: " + e.getMessage(), e);
                }
                yield new SileroCommandVad(model, threshold, minSpeech, silence, st, in.readInt(), in.readInt(), in.readBoolean());
            }
            default -> throw new IOException("stored command VAD kind " + kind + " is not known (0 energy, 1 Silero)");
        };
        short[] samples = readShorts(in);
        return new CommandCollector(wake, start, max, v, samples, samples.length, in.readBoolean());
    }

    private static void writeFloats(DataOutputView out, float[] a) throws IOException {
        out.writeInt(a.length);
        for (float f : a) out.writeFloat(f);
    }

    private static float[] readFloats(DataInputView in) throws IOException {
        return readFloats(in, in.readInt());
    }

    private static float[] readFloats(DataInputView in, int length) throws IOException {
        if (length < 0) throw new IOException("stored array length is negative: " + length);
        float[] a = new float[length];
        for (int i = 0; i < a.length; i++) a[i] = in.readFloat();
        return a;
    }

    private static void writeShorts(DataOutputView out, short[] a) throws IOException {
        out.writeInt(a.length);
        for (short s : a) out.writeShort(s);
    }

    private static short[] readShorts(DataInputView in) throws IOException {
        short[] a = new short[in.readInt()];
        for (int i = 0; i < a.length; i++) a[i] = in.readShort();
        return a;
    }
}
