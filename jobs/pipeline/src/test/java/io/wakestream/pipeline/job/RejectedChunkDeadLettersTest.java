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
        assertNotFromARecord(d, "hall", 99L);
    }

    /**
     * A letter made inside the job, not from an input record: keyed by its device, no coordinates (topic {@code ""},
     * partition and offset -1) and no bytes.
     */
    static void assertNotFromARecord(DeadLetter d, String device, long failedAtMs) {
        assertEquals(device, d.getDeviceId());
        assertEquals(device, StandardCharsets.UTF_8.decode(d.getKey().duplicate()).toString());
        assertEquals(RejectedChunkDeadLetters.UNKNOWN_TOPIC, d.getTopic());
        assertEquals(RejectedChunkDeadLetters.UNKNOWN_PARTITION, d.getPartition());
        assertEquals(RejectedChunkDeadLetters.UNKNOWN_OFFSET, d.getOffset());
        assertEquals(0, d.getOriginalBytes().remaining());
        assertEquals(failedAtMs, d.getFailedAtMs());
    }
}
