package io.wakestream.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChunkBufferTest {
    private static PendingChunk chunk(long seq, long ms) {
        return new PendingChunk(seq, ms * 1000, new byte[] {(byte) seq});
    }

    @Test
    void holdsUpToItsCapacityInAudioDuration() {
        ChunkBuffer b = new ChunkBuffer(1000);
        for (int i = 0; i < 10; i++) assertTrue(b.offer(chunk(i, 100)).isEmpty());
        assertEquals(10, b.size());
        assertEquals(1000, b.bufferedMs());
        assertTrue(b.totalDrops().isEmpty());
    }

    @Test
    void overflowDropsTheOldestAndCountsChunksAndMilliseconds() {
        ChunkBuffer b = new ChunkBuffer(1000);
        for (int i = 0; i < 10; i++) b.offer(chunk(i, 100));
        Drops d = b.offer(chunk(10, 100));
        assertEquals(new Drops(1, 100_000, 0, 0), d);
        for (int i = 11; i < 15; i++) b.offer(chunk(i, 100));
        assertArrayEquals(new long[] {5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, b.sequences());
        assertEquals(1000, b.bufferedMs());
        assertEquals(new Drops(5, 500_000, 0, 4), b.totalDrops());
        assertEquals("5 chunks (500 ms, sequences 0..4)", b.totalDrops().toString());

        // takeDrops reports what happened since the last report; the total keeps counting.
        assertEquals(new Drops(5, 500_000, 0, 4), b.takeDrops());
        assertTrue(b.takeDrops().isEmpty());
        b.offer(chunk(15, 100));
        assertEquals(new Drops(1, 100_000, 5, 5), b.takeDrops());
        assertEquals(new Drops(6, 600_000, 0, 5), b.totalDrops());
    }

    @Test
    void aLongChunkCanDropSeveralShortOnes() {
        ChunkBuffer b = new ChunkBuffer(300);
        for (int i = 0; i < 3; i++) b.offer(chunk(i, 100));
        Drops d = b.offer(chunk(3, 250)); // e.g. after --chunk-ms changed; 250 ms needs 3 chunks' room
        assertEquals(new Drops(3, 300_000, 0, 2), d);
        assertArrayEquals(new long[] {3}, b.sequences());
    }

    @Test
    void partialChunksAreCountedExactly() {
        ChunkBuffer b = new ChunkBuffer(100);
        b.offer(new PendingChunk(0, 62_500, new byte[1])); // 1000 samples at 16 kHz
        b.offer(new PendingChunk(1, 37_500, new byte[1]));
        assertEquals(100, b.bufferedMs());
        Drops d = b.offer(new PendingChunk(2, 62_500, new byte[1]));
        assertEquals(62_500, d.micros());
        assertEquals(62, d.millis());
    }

    @Test
    void keepsTheNewestChunkEvenIfItAloneExceedsTheCapacity() {
        ChunkBuffer b = new ChunkBuffer(50);
        b.offer(chunk(0, 40));
        Drops d = b.offer(chunk(1, 100));
        assertEquals(1, d.chunks());
        assertArrayEquals(new long[] {1}, b.sequences());
    }

    @Test
    void pollTakesOldestFirst() throws InterruptedException {
        ChunkBuffer b = new ChunkBuffer(1000);
        b.offer(chunk(0, 100));
        b.offer(chunk(1, 100));
        assertEquals(0, b.poll().sequence());
        assertEquals(100, b.bufferedMs());
        assertEquals(1, b.poll(10, TimeUnit.MILLISECONDS).sequence());
        assertNull(b.poll());
        assertNull(b.poll(20, TimeUnit.MILLISECONDS));
        assertEquals(0, b.bufferedMs());
    }

    @Test
    void requeuedChunksGoBackInSequenceOrder() {
        ChunkBuffer b = new ChunkBuffer(1000);
        for (int i = 0; i < 5; i++) b.offer(chunk(i, 100));
        PendingChunk c0 = b.poll();
        PendingChunk c1 = b.poll();
        // Failures may be reported in any order; the buffer restores stream order.
        b.requeue(c1);
        b.requeue(c0);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, b.sequences());
        assertSame(c0, b.poll());
        PendingChunk c3 = chunk(3, 100);
        ChunkBuffer gap = new ChunkBuffer(1000);
        gap.offer(chunk(1, 100));
        gap.offer(chunk(5, 100));
        gap.requeue(c3);
        assertArrayEquals(new long[] {1, 3, 5}, gap.sequences());
    }

    @Test
    void aRequeuedChunkIsTheOldestAndGoesFirstWhenFull() {
        ChunkBuffer b = new ChunkBuffer(300);
        b.offer(chunk(0, 100));
        PendingChunk sending = b.poll();
        for (int i = 1; i <= 3; i++) b.offer(chunk(i, 100));
        Drops d = b.requeue(sending); // the broker is still down and newer audio has filled the buffer
        assertEquals(new Drops(1, 100_000, 0, 0), d);
        assertArrayEquals(new long[] {1, 2, 3}, b.sequences());
        assertEquals(d, b.totalDrops());
    }

    @Test
    void putWaitsForRoomInsteadOfDropping() throws Exception {
        ChunkBuffer b = new ChunkBuffer(200);
        b.put(chunk(0, 100));
        b.put(chunk(1, 100));
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                b.put(chunk(2, 100));
                done.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        assertTrue(!done.await(200, TimeUnit.MILLISECONDS), "put should wait while the buffer is full");
        assertEquals(0, b.poll().sequence());
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertArrayEquals(new long[] {1, 2}, b.sequences());
        assertTrue(b.totalDrops().isEmpty());
    }

    @Test
    void putCanBeInterrupted() throws Exception {
        ChunkBuffer b = new ChunkBuffer(100);
        b.put(chunk(0, 100));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> b.put(chunk(1, 100)));
        assertEquals(1, b.size());
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ChunkBuffer(0));
        assertThrows(IllegalArgumentException.class, () -> new PendingChunk(0, 0, new byte[0]));
    }
}
