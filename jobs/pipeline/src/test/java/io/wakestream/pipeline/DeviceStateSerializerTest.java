package io.wakestream.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.detect.DetectorState;
import io.wakestream.engine.detect.SmoothingConfig;
import io.wakestream.engine.features.OpenWakeWordStreamState;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.engine.stream.WakeWordEngine;
import io.wakestream.engine.stream.WakeWordStream;
import io.wakestream.pipeline.transcribe.Speech;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class DeviceStateSerializerTest {
    @Test
    void everyPartSurvivesARoundTrip() throws Exception {
        WakeWordEngine engine = new WakeWordEngine(WakeWordModel.load(LoudModel.folder()));
        WakeWordStream stream = engine.newStream();
        short[] audio = Signals.tone(LoudModel.LOUD, 5000);
        engine.accept(stream, stream, audio, 0, audio.length, engine.newBatch(4));
        EnergyVad vad = new EnergyVad(VadConfig.defaults(), 16_000);
        CommandCollector command = new CommandCollector("wake-1", 1234, 16_000, vad);
        command.accept(audio, 0, 777);
        ReorderBuffer reorder = new ReorderBuffer(5, List.of(new PendingChunk(7, 700, 9, new short[] {1, -2, 3})));
        DeviceState s = new DeviceState("s1", List.of("s0"), reorder, stream, 480, 99, command, 1000, 3000, 601_000);

        DataOutputSerializer out = new DataOutputSerializer(64);
        DeviceStateSerializer.INSTANCE.serialize(s, out);
        DeviceState r = DeviceStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertEquals("s1", r.streamId);
        assertEquals(List.of("s0"), r.endedStreams);
        assertEquals(stream.mfcc(), r.engine.mfcc());
        assertEquals(stream.window(), r.engine.window());
        assertEquals(stream.detector(), r.engine.detector());
        assertEquals(5, r.reorder.nextSequence());
        assertArrayEquals(new short[] {1, -2, 3}, r.reorder.lowest().samples());
        assertEquals(480, r.segmentOffsetSamples);
        assertEquals(99, r.captureBaseMs);
        assertEquals(1000, r.lastActivityMs);
        assertEquals(3000, r.gapTimerAt);
        assertEquals(601_000, r.idleTimerAt);
        assertEquals("wake-1", r.command.wakeEventId());
        assertEquals(1234, r.command.startSample());
        assertArrayEquals(command.samples(), r.command.samples());
        assertEquals(command.vad(), r.command.vad());

        DeviceState copy = DeviceStateSerializer.INSTANCE.copy(s);
        assertNotSame(s.engine.window(), copy.engine.window());
        assertEquals(s.engine.window(), copy.engine.window());
    }

    @Test
    void aCopyKeepsTheIncrementalEmbeddingHistoryThatSerializingDrops() throws Exception {
        // The history is derived from the mel window (the engine re-primes it when missing), so it is not written;
        // but the heap backend's copy-on-write copies after each checkpoint must keep it, or every device's next
        // step would run the whole embedding model again.
        OpenWakeWordStreamState o = new OpenWakeWordStreamState(new float[16 * 96]);
        o.setIncrementalHistory(new float[] {1f, 2f, 3f});
        DeviceState s = DeviceState.fresh(new WakeWordStream(o, new DetectorState(new SmoothingConfig(1, 0, 0))));

        DataOutputSerializer out = new DataOutputSerializer(64);
        DeviceStateSerializer.INSTANCE.serialize(s, out);
        DeviceState read = DeviceStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertEquals(o, read.engine.openWakeWord());
        assertNull(read.engine.openWakeWord().incrementalHistory());

        DeviceState copy = DeviceStateSerializer.INSTANCE.copy(s);
        assertEquals(o, copy.engine.openWakeWord());
        assertArrayEquals(new float[] {1f, 2f, 3f}, copy.engine.openWakeWord().incrementalHistory());
        assertNotSame(o.incrementalHistory(), copy.engine.openWakeWord().incrementalHistory());
    }

    @Test
    void stateWrittenInFormatOneIsReadWithAnArmedDetector() throws Exception {
        WakeWordEngine engine = new WakeWordEngine(WakeWordModel.load(LoudModel.folder()));
        WakeWordStream base = engine.newStream();
        DetectorState disarmed = new DetectorState(base.detector().recent(), 1, 1, -1, 500, false);
        WakeWordStream stream = new WakeWordStream(base.mfcc(), base.window(), disarmed);
        DeviceState s = new DeviceState("s1", List.of(), new ReorderBuffer(), stream, 0, 99, null, 1000, 3000, 601_000);
        DataOutputSerializer out = new DataOutputSerializer(64);
        DeviceStateSerializer.INSTANCE.serialize(s, out);
        byte[] format2 = out.getCopyOfBuffer();
        assertFalse(DeviceStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(format2)).engine.detector().armed());

        // Format 1 is format 2 without the armed flag, the detector's last field. With no held chunks and no command
        // the state ends: armed (1 byte), next sequence (8), held count (4), has-command (1).
        byte[] format1 = new byte[format2.length - 1];
        int armedAt = format2.length - 14;
        System.arraycopy(format2, 0, format1, 0, armedAt);
        System.arraycopy(format2, armedAt + 1, format1, armedAt, format2.length - armedAt - 1);
        format1[3] = 1; // the format number, a big-endian int
        DeviceState r = DeviceStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(format1));
        assertTrue(r.engine.detector().armed(), "format 1 detectors re-triggered after the refractory period: armed");
        assertEquals(500, r.engine.detector().refractoryUntilFrame());
        assertEquals(stream.window(), r.engine.window());
        assertEquals(99, r.captureBaseMs);
        assertEquals(601_000, r.idleTimerAt);
    }

    private static byte[] bytes(DeviceState s) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        DeviceStateSerializer.INSTANCE.serialize(s, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void aSileroCommandSurvivesARoundTripAndGoesOnAsBefore() throws Exception {
        WakeWordEngine engine = new WakeWordEngine(WakeWordModel.load(LoudModel.folder()));
        short[] speech = Speech.espeak("turn on the lights");
        CommandCollector command = new CommandCollector("wake-2", 99, 16_000 * 8, new SileroCommandVad(SileroModel.config(), 16_000));
        int part = 12_345; // not a whole number of 512-sample frames: the partial frame is state too
        command.accept(speech, 0, part);
        DeviceState s = new DeviceState("s1", List.of(), new ReorderBuffer(), engine.newStream(), 0, 99, command, 1000, 3000, 601_000);

        DeviceState r = DeviceStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes(s)));
        SileroCommandVad before = (SileroCommandVad) command.vad();
        SileroCommandVad after = (SileroCommandVad) r.command.vad();
        assertEquals(before, after);
        assertEquals(part % 512, after.state().pending().length);
        assertTrue(after.speechFrames() > 0, "speech was heard before the checkpoint: " + after);
        assertArrayEquals(command.samples(), r.command.samples());

        // The restored command ends exactly where the original does.
        short[] rest = Speech.concat(java.util.Arrays.copyOfRange(speech, part, speech.length), Speech.silence(2000));
        int usedBefore = command.accept(rest, 0, rest.length);
        int usedAfter = r.command.accept(rest, 0, rest.length);
        assertTrue(command.isClosed());
        assertEquals(usedBefore, usedAfter);
        assertEquals(before, after);
        assertArrayEquals(command.samples(), r.command.samples());
    }

    @Test
    void aFormatTwoStateWithAnEnergyCommandIsRead() throws Exception {
        WakeWordEngine engine = new WakeWordEngine(WakeWordModel.load(LoudModel.folder()));
        short[] audio = Signals.tone((short) 3000, 5000);
        CommandCollector command = new CommandCollector("wake-1", 1234, 16_000, new EnergyVad(VadConfig.defaults(), 16_000));
        command.accept(audio, 0, 777);
        DeviceState s = new DeviceState("s1", List.of(), new ReorderBuffer(), engine.newStream(), 0, 99, command, 1000, 3000, 601_000);
        byte[] format3 = bytes(s);

        // Format 2 is format 3 without the VAD kind byte. The command ends: kind (1), the energy VAD (41 bytes),
        // its samples (4 + 2 per sample), closed (1).
        int kindAt = format3.length - 1 - (4 + 2 * 777) - 41 - 1;
        assertEquals(0, format3[kindAt], "the energy VAD's kind");
        byte[] format2 = new byte[format3.length - 1];
        System.arraycopy(format3, 0, format2, 0, kindAt);
        System.arraycopy(format3, kindAt + 1, format2, kindAt, format3.length - kindAt - 1);
        format2[3] = 2;
        DeviceState r = DeviceStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(format2));
        assertEquals(command.vad(), r.command.vad());
        assertArrayEquals(command.samples(), r.command.samples());
        assertEquals(1234, r.command.startSample());
        assertEquals(601_000, r.idleTimerAt);
    }
}
