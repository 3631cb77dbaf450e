package io.wakestream.pipeline;

import java.util.Collection;
import java.util.TreeMap;

/**
 * Puts one stream's chunks back in sequence order. Keeps the next expected sequence and holds chunks that came
 * early; a chunk already processed or already held is a duplicate. It never decides on its own to skip missing
 * chunks: the caller declares a gap ({@link #skipToLowest()}) when the buffer is full or a chunk waited too long.
 */
public final class ReorderBuffer {
    /** Why {@link #offer} did not simply accept a chunk. */
    public enum Offer { ACCEPTED, DUPLICATE }

    private long nextSequence;
    private final TreeMap<Long, PendingChunk> held;

    public ReorderBuffer() {
        this(0, new TreeMap<>());
    }

    /** Restores a buffer from its parts. */
    public ReorderBuffer(long nextSequence, Collection<PendingChunk> held) {
        this.nextSequence = nextSequence;
        this.held = new TreeMap<>();
        for (PendingChunk c : held) this.held.put(c.sequence(), c);
    }

    private ReorderBuffer(long nextSequence, TreeMap<Long, PendingChunk> held) {
        this.nextSequence = nextSequence;
        this.held = held;
    }

    public Offer offer(PendingChunk chunk) {
        if (chunk.sequence() < nextSequence || held.containsKey(chunk.sequence())) return Offer.DUPLICATE;
        held.put(chunk.sequence(), chunk);
        return Offer.ACCEPTED;
    }

    /** Removes and returns the next chunk in sequence if it is here, else null. */
    public PendingChunk pollNext() {
        PendingChunk c = held.remove(nextSequence);
        if (c != null) nextSequence++;
        return c;
    }

    /**
     * Gives up on the missing chunks: the next expected sequence becomes the lowest held one.
     *
     * @return how many sequence numbers were skipped (0 if nothing is held)
     */
    public long skipToLowest() {
        if (held.isEmpty()) return 0;
        long lowest = held.firstKey();
        long skipped = lowest - nextSequence;
        nextSequence = lowest;
        return skipped;
    }

    /** The lowest held chunk, or null. */
    public PendingChunk lowest() {
        return held.isEmpty() ? null : held.firstEntry().getValue();
    }

    /** Arrival time of the chunk that has waited longest, or {@link Long#MAX_VALUE} if none. */
    public long oldestArrivalMs() {
        long t = Long.MAX_VALUE;
        for (PendingChunk c : held.values()) t = Math.min(t, c.arrivalMs());
        return t;
    }

    public int size() { return held.size(); }

    /** Samples held, all chunks together. */
    public long heldSamples() {
        long n = 0;
        for (PendingChunk c : held.values()) n += c.samples().length;
        return n;
    }
    public boolean isEmpty() { return held.isEmpty(); }
    public long nextSequence() { return nextSequence; }

    /** The held chunks in sequence order (live view; do not modify). */
    public Collection<PendingChunk> held() {
        return held.values();
    }
}
