package io.wakestream.agent;

/**
 * Chunks a buffer dropped: how many, how much audio, and the sequence range they came from (for the log line
 * that explains the gap the job will see).
 *
 * @param chunks chunks dropped
 * @param micros audio dropped, microseconds
 * @param firstSequence lowest sequence number dropped, or -1 if none
 * @param lastSequence highest sequence number dropped, or -1 if none
 */
public record Drops(long chunks, long micros, long firstSequence, long lastSequence) {
    /** Nothing dropped. */
    public static final Drops NONE = new Drops(0, 0, -1, -1);

    public boolean isEmpty() {
        return chunks == 0;
    }

    public long millis() {
        return micros / 1000;
    }

    /** This and one more dropped chunk. */
    public Drops plus(PendingChunk c) {
        return plus(new Drops(1, c.durationMicros(), c.sequence(), c.sequence()));
    }

    public Drops plus(Drops o) {
        if (o.isEmpty()) return this;
        if (isEmpty()) return o;
        return new Drops(chunks + o.chunks, micros + o.micros, Math.min(firstSequence, o.firstSequence),
                Math.max(lastSequence, o.lastSequence));
    }

    @Override
    public String toString() {
        if (isEmpty()) return "nothing dropped";
        return chunks + " chunks (" + millis() + " ms, sequences " + firstSequence
                + (lastSequence != firstSequence ? ".." + lastSequence : "") + ")";
    }
}
