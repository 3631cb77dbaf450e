package io.wakestream.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.AvroCodec;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureLoopTest {
    private static final long START = 1_700_000_000_000L;
    private final AvroCodec<AudioChunk> codec = AvroCodec.of(AudioChunk.class);

    private static DeviceStream device(String id, int samples, long bufferMs) {
        AudioSource s = new RawPcmSource(new ByteArrayInputStream(TestAudio.pcmBytes(TestAudio.tones(samples, 16000,
                1))), id);
        DeviceId d = DeviceId.of(id);
        return new DeviceStream(d, s, Chunker.paced(s, d, "stream-" + id, 100, () -> START),
                new ChunkBuffer(bufferMs));
    }

    @Test
    void realTimeBuffersEachChunkWhenItsAudioHasEndedAllDevicesOnOneClock() throws Exception {
        List<DeviceStream> devices = List.of(device("a", 4000, 60_000), device("b", 2500, 60_000));
        List<Long> sleeps = new ArrayList<>();
        int[] rounds = {0};
        new CaptureLoop(devices, codec, true, sleeps::add, () -> rounds[0]++).run();
        // Chunk k of every device is released at the end of its audio: START + (k+1)*100, partial ones earlier.
        assertEquals(List.of(START + 100, START + 200, START + 250), sleeps);
        assertEquals(3, rounds[0]);
        assertEquals(3, devices.get(0).buffer.size());
        assertEquals(2, devices.get(1).buffer.size());
        for (DeviceStream d : devices) assertTrue(d.captureDone);
        assertEquals(3, devices.get(0).captured.get());
        assertEquals(250_000, devices.get(0).capturedMicros.get());
    }

    @Test
    void realTimeDropsTheOldestWhenNobodySends() throws Exception {
        DeviceStream d = device("a", 16000, 300);
        new CaptureLoop(List.of(d), codec, true, until -> { }, () -> { }).run();
        assertEquals(10, d.captured.get());
        assertEquals(new Drops(7, 700_000, 0, 6), d.buffer.totalDrops());
        assertEquals(3, d.buffer.size());
        // The chunks buffered are intact encoded AudioChunks.
        AudioChunk c = codec.decode(d.buffer.poll().payload());
        assertEquals(7, c.getSequence());
        assertEquals(START + 700, c.getCaptureTimeMs());
        assertEquals("a", c.getDeviceId());
    }

    @Test
    void fastModeNeverSleepsAndWaitsForRoomInsteadOfDropping() throws Exception {
        DeviceStream d = device("a", 16000, 300);
        List<Long> taken = new ArrayList<>();
        Thread consumer = new Thread(() -> {
            try {
                while (taken.size() < 10) {
                    PendingChunk c = d.buffer.poll(5, java.util.concurrent.TimeUnit.SECONDS);
                    if (c == null) return;
                    taken.add(c.sequence());
                    Thread.sleep(2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        new CaptureLoop(List.of(d), codec, false, until -> {
            throw new AssertionError("slept in fast mode");
        }, () -> { }).run();
        consumer.join(10_000);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), taken);
        assertTrue(d.buffer.totalDrops().isEmpty());
    }
}
