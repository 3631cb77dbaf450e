package io.wakestream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ReorderBufferTest {
    private static PendingChunk c(long seq, long arrival) {
        return new PendingChunk(seq, seq * 100, arrival, new short[] {(short) seq});
    }

    @Test
    void releasesChunksInSequenceAndRejectsDuplicates() {
        ReorderBuffer b = new ReorderBuffer();
        assertEquals(ReorderBuffer.Offer.ACCEPTED, b.offer(c(1, 10)));
        assertNull(b.pollNext(), "0 is missing");
        assertEquals(ReorderBuffer.Offer.DUPLICATE, b.offer(c(1, 11)), "already held");
        b.offer(c(0, 12));
        assertEquals(0, b.pollNext().sequence());
        assertEquals(1, b.pollNext().sequence());
        assertNull(b.pollNext());
        assertEquals(ReorderBuffer.Offer.DUPLICATE, b.offer(c(0, 13)), "already processed");
        assertEquals(2, b.nextSequence());
    }

    @Test
    void skippingAGapMovesToTheLowestHeldChunk() {
        ReorderBuffer b = new ReorderBuffer();
        b.offer(c(7, 30));
        b.offer(c(4, 20));
        assertEquals(20, b.oldestArrivalMs());
        assertEquals(4, b.skipToLowest());
        assertEquals(4, b.pollNext().sequence());
        assertNull(b.pollNext());
        assertEquals(2, b.skipToLowest());
        assertEquals(7, b.pollNext().sequence());
        assertEquals(0, b.skipToLowest());
        assertEquals(Long.MAX_VALUE, b.oldestArrivalMs());
    }
}
