package io.wakestream.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.pipeline.RejectedSegment;
import io.wakestream.schemas.DeadLetter;
import org.junit.jupiter.api.Test;

class RejectedSegmentDeadLettersTest {
    @Test
    void anUntranscribedCommandBecomesADeadLetterNamingItsWakeEventSpanAndReason() {
        DeadLetter d = new RejectedSegmentDeadLetters().map(new RejectedSegment("hall", "s-1", "wake-7", 1_830, 5_070,
                "3240 ms of audio, over the 1000 ms limit", 99L));
        assertEquals(DeadLetterCause.UNTRANSCRIBED_COMMAND, DeadLetterCause.of(d.getReason()));
        assertTrue(d.getReason().contains("wake event \"wake-7\" of device \"hall\", stream \"s-1\" (audio 1830-5070 ms)"
                + " was not transcribed: 3240 ms of audio, over the 1000 ms limit"), d.getReason());
        RejectedChunkDeadLettersTest.assertNotFromARecord(d, "hall", 99L);
    }

    @Test
    void aSegmentWithoutADeviceGivesALetterWithoutKeyOrDevice() {
        // The transcription stage rejects malformed segments too ("no device id"); the letter must still be writable.
        DeadLetter d = new RejectedSegmentDeadLetters().map(new RejectedSegment(null, null, null, 5, 4, "no device id", 7));
        assertNull(d.getDeviceId());
        assertNull(d.getKey());
        assertTrue(d.getReason().endsWith("wake event null of device null, stream null (audio 5-4 ms) was not transcribed: no device id"),
                d.getReason());
        assertEquals(DeadLetterCause.UNTRANSCRIBED_COMMAND, DeadLetterCause.of(d.getReason()));
    }
}
