package io.wakestream.pipeline.types;

import io.wakestream.pipeline.CommandAudio;
import io.wakestream.pipeline.CommandSegment;
import io.wakestream.pipeline.Signals;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.DeadLetter;
import io.wakestream.schemas.WakeEvent;
import java.nio.ByteBuffer;

/** Sample records for the serializer tests, with the edge cases (empty, null-able fields unset, large audio). */
final class TestRecords {
    private TestRecords() {}

    static AudioChunk[] chunks() {
        return new AudioChunk[] {
            Signals.chunk("kitchen", "stream-1", 0, 1_000, 16_000, 1, Signals.tone((short) 1000, 1600)),
            Signals.chunk("客厅", "stream-2", Long.MAX_VALUE, -5, 44_100, 2, new short[] {1, -1}),
            Signals.chunk("d", "", 7, 0, 16_000, 1, new short[0]),
        };
    }

    static DeadLetter[] deadLetters() {
        return new DeadLetter[] {
            DeadLetter.newBuilder().setTopic("audio").setPartition(3).setOffset(99).setKey(null).setDeviceId(null)
                    .setReason("NULL_VALUE: none").setOriginalBytes(ByteBuffer.wrap(new byte[0])).setFailedAtMs(1).build(),
            DeadLetter.newBuilder().setTopic("audio").setPartition(0).setOffset(0)
                    .setKey(ByteBuffer.wrap(new byte[] {1, 2})).setDeviceId("hall").setReason("BAD_MAGIC: x")
                    .setOriginalBytes(ByteBuffer.wrap(new byte[] {(byte) 0xFF, 0, 7})).setFailedAtMs(-1).build(),
        };
    }

    static WakeEvent wakeEvent(String device) {
        return WakeEvent.newBuilder().setEventId("e-" + device).setDeviceId(device).setWakePhrase("jarvis")
                .setModelName("jarvis").setModelVersion("3").setScore(0.93f).setAudioStartMs(1_000)
                .setAudioEndMs(1_600).setDetectedAtMs(1_700_000_000_000L).setStreamId("s").build();
    }

    static CommandAudio[] commandAudio() {
        return new CommandAudio[] {
            new CommandAudio("kitchen", "s", "e-1", 1_500, 0, Signals.tone((short) 3000, 1_600), false),
            new CommandAudio("客厅", "", "", -1, Long.MAX_VALUE, new short[0], false),
            CommandAudio.discarded("d", "s2", "e-2", Long.MAX_VALUE, 48_000),
            new CommandAudio("d", "s2", "e-2", 0, 1_600, new short[] {Short.MIN_VALUE, Short.MAX_VALUE}, false),
        };
    }

    static CommandSegment[] commands() {
        return new CommandSegment[] {
            new CommandSegment("kitchen", "s", "e-1", 1_500, 3_500, Signals.tone((short) 3000, 32_000)),
            new CommandSegment("客厅", "", "", 0, 0, new short[0]),
            new CommandSegment("d", "s2", "e-2", -1, Long.MAX_VALUE, new short[] {Short.MIN_VALUE, Short.MAX_VALUE}),
        };
    }
}
