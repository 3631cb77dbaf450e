package io.wakestream.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.pipeline.RejectedChunk;
import io.wakestream.schemas.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RejectedChunkDeadLettersTest {
    @Test
    void aRejectedChunkBecomesADeadLetterThatSaysItsCoordinatesAreUnknown() {
        DeadLetter d = new RejectedChunkDeadLetters().map(new RejectedChunk("hall", "s-1", 12, "empty pcm", 99L));
        assertEquals(DeadLetterCause.INVALID_CHUNK, DeadLetterCause.of(d.getReason()));
        assertTrue(d.getReason().contains("stream \"s-1\", sequence 12 rejected by the wake-word operator: empty pcm"),
                d.getReason());
        assertEquals("hall", d.getDeviceId());
        assertEquals("hall", StandardCharsets.UTF_8.decode(d.getKey()).toString());
        assertEquals(RejectedChunkDeadLetters.UNKNOWN_TOPIC, d.getTopic());
        assertEquals(-1, d.getPartition());
        assertEquals(-1, d.getOffset());
        assertEquals(0, d.getOriginalBytes().remaining());
        assertEquals(99L, d.getFailedAtMs());
    }
}
