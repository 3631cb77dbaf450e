package io.wakestream.agent;

/**
 * An encoded chunk waiting to be sent (or re-sent) to Kafka.
 *
 * @param sequence the chunk's sequence number in its stream (buffers keep chunks in this order)
 * @param durationMicros how much audio it holds: what the buffer's capacity is counted in
 * @param payload the single-object encoded AudioChunk, the Kafka record value
 */
public record PendingChunk(long sequence, long durationMicros, byte[] payload) {
    public PendingChunk {
        if (durationMicros <= 0) throw new IllegalArgumentException("chunk duration must be positive");
        if (payload == null) throw new IllegalArgumentException("payload must not be null");
    }
}
