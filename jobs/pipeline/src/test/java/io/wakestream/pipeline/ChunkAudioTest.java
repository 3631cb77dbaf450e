package io.wakestream.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ChunkAudioTest {
    @Test
    void sixteenKiloHertzMonoPassesThroughExactly() {
        short[] s = {0, 1, -1, 32767, -32768};
        var c = Signals.chunk("d", "s", 0, 0, 16_000, 1, s);
        assertNull(ChunkAudio.problem(c, 5000));
        assertArrayEquals(s, ChunkAudio.toMono16k(c));
    }

    @Test
    void stereoIsAveragedAndOtherRatesResampledToTheSameDuration() {
        var stereo = Signals.chunk("d", "s", 0, 0, 16_000, 2, new short[] {100, 300, -32768, -32768});
        assertArrayEquals(new short[] {200, -32768}, ChunkAudio.toMono16k(stereo));
        var at48k = Signals.chunk("d", "s", 0, 0, 48_000, 1, Signals.tone((short) 1000, 4800));
        assertEquals(1600, ChunkAudio.toMono16k(at48k).length);
    }
}
