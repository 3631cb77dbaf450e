package io.wakestream.agent;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * A device's chunks waiting for Kafka, bounded by the duration of audio they hold rather than their count or
 * bytes (what an operator reasons about is "how long an outage can we ride out").
 *
 * <p>Two ways in, for the two kinds of source:
 * <ul>
 *   <li>{@link #offer}: for live audio, which cannot wait. When the buffer would hold more than its capacity,
 *       the OLDEST chunks are dropped: after an outage the most recent audio is what matters (someone may be
 *       speaking to the device right now), and the sequence numbers then have a gap the job can see.</li>
 *   <li>{@link #put}: for files read as fast as possible, which can wait: blocks until there is room, so
 *       nothing is ever dropped.</li>
 * </ul>
 * The sender takes chunks out with {@link #poll} and hands back a chunk it failed to send with {@link #requeue};
 * every drop is counted, both for the next log line ({@link #takeDrops}) and in total.
 *
 * <p>At least one chunk is always kept, even if it alone is longer than the capacity. Thread-safe.
 */
public final class ChunkBuffer {
    private final long capacityMicros;
    private final ArrayDeque<PendingChunk> chunks = new ArrayDeque<>();
    private long bufferedMicros;
    private Drops unreported = Drops.NONE;
    private Drops total = Drops.NONE;

    /** @param capacityMs the most audio to hold, in milliseconds (at least 1) */
    public ChunkBuffer(long capacityMs) {
        if (capacityMs <= 0) throw new IllegalArgumentException("buffer capacity must be positive, was " + capacityMs);
        this.capacityMicros = capacityMs * 1000;
    }

    /** Adds a chunk of live audio, dropping the oldest chunks if it would not fit; returns what was dropped. */
    public synchronized Drops offer(PendingChunk chunk) {
        chunks.addLast(chunk);
        bufferedMicros += chunk.durationMicros();
        Drops d = trim();
        notifyAll();
        return d;
    }

    /** Adds a chunk, waiting for room first (for sources that can be slowed down). Never drops anything. */
    public synchronized void put(PendingChunk chunk) throws InterruptedException {
        while (!chunks.isEmpty() && bufferedMicros + chunk.durationMicros() > capacityMicros) wait();
        chunks.addLast(chunk);
        bufferedMicros += chunk.durationMicros();
        notifyAll();
    }

    /**
     * Puts back a chunk whose send failed, at its place in sequence order (normally the front: it is older than
     * everything still buffered). The capacity still applies, so during a long outage the chunk may be the
     * oldest one and be dropped at once; returns what was dropped.
     */
    public synchronized Drops requeue(PendingChunk chunk) {
        // Insert before the first chunk with a higher sequence; chunks are nearly always in order already.
        ArrayDeque<PendingChunk> before = new ArrayDeque<>();
        while (!chunks.isEmpty() && chunks.peekFirst().sequence() < chunk.sequence()) before.addLast(chunks.pollFirst());
        chunks.addFirst(chunk);
        while (!before.isEmpty()) chunks.addFirst(before.pollLast());
        bufferedMicros += chunk.durationMicros();
        Drops d = trim();
        notifyAll();
        return d;
    }

    /** The oldest chunk, or null if there is none. */
    public synchronized PendingChunk poll() {
        PendingChunk c = chunks.pollFirst();
        if (c != null) {
            bufferedMicros -= c.durationMicros();
            notifyAll(); // room for a waiting put()
        }
        return c;
    }

    /** The oldest chunk, waiting up to the timeout for one; null if none came. */
    public synchronized PendingChunk poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (chunks.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return poll();
    }

    /** Drops since the last call (and resets that count): for periodic log lines. */
    public synchronized Drops takeDrops() {
        Drops d = unreported;
        unreported = Drops.NONE;
        return d;
    }

    /** Everything dropped since the buffer was created. */
    public synchronized Drops totalDrops() {
        return total;
    }

    public synchronized int size() {
        return chunks.size();
    }

    public synchronized boolean isEmpty() {
        return chunks.isEmpty();
    }

    /** Audio held, in milliseconds. */
    public synchronized long bufferedMs() {
        return bufferedMicros / 1000;
    }

    public long capacityMs() {
        return capacityMicros / 1000;
    }

    /** Sequence numbers held, oldest first (for tests and diagnostics). */
    public synchronized long[] sequences() {
        long[] out = new long[chunks.size()];
        Iterator<PendingChunk> it = chunks.iterator();
        for (int i = 0; it.hasNext(); i++) out[i] = it.next().sequence();
        return out;
    }

    private Drops trim() {
        Drops d = Drops.NONE;
        while (bufferedMicros > capacityMicros && chunks.size() > 1) {
            PendingChunk oldest = chunks.pollFirst();
            bufferedMicros -= oldest.durationMicros();
            d = d.plus(oldest);
        }
        unreported = unreported.plus(d);
        total = total.plus(d);
        return d;
    }
}
