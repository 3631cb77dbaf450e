package io.wakestream.pipeline;

/**
 * Tells a real gap from a corrupt sequence number. A chunk far ahead of the next expected sequence number is
 * normally the first after an outage (the agent dropped the chunks between), and the stream continues from it;
 * every later chunk with a lower number is then a late duplicate. So a single record with a wildly wrong sequence
 * number would make the device deaf for the rest of its stream. The agent's capture clock tells the two apart: it
 * advances with the audio, so after a real gap of {@code k} chunks it has moved on by about {@code k} chunk lengths.
 * A chunk whose clock disagrees with its jump is refused instead (a dead letter), and the stream goes on.
 *
 * <p>Only jumps longer than the reorder buffer are checked (shorter ones are ordinary reordering, and the buffer
 * settles them), and only once the stream's clock is known.
 */
final class SequenceJump {
    /** Slack for agents that stamp chunks with a wall clock rather than counting samples. */
    static final long CLOCK_SLACK_MS = 2_000;

    private SequenceJump() {}

    /**
     * @param expectedSequence the next sequence number the stream expects
     * @param expectedCaptureMs the capture time that chunk would have, or {@link DeviceState#UNKNOWN}
     * @param chunk the chunk that arrived
     * @param reorderCapacity jumps up to this many chunks are not checked
     * @param maxChunkMs the longest a missing chunk can have been
     * @return why the chunk's sequence number cannot be right, or null if it can
     */
    static String problem(long expectedSequence, long expectedCaptureMs, PendingChunk chunk, int reorderCapacity, int maxChunkMs) {
        long jump = chunk.sequence() - expectedSequence;
        if (jump <= reorderCapacity || expectedCaptureMs == DeviceState.UNKNOWN) return null;
        long chunkMs = chunk.samples().length * 1000L / ChunkAudio.TARGET_RATE;
        // The missing chunks were at least half as long as this one (agents cut fixed lengths) and at most the
        // longest chunk allowed.
        long shortestMs = saturatedProduct(jump, chunkMs / 2) - CLOCK_SLACK_MS;
        long longestMs = saturatedProduct(jump, maxChunkMs) + CLOCK_SLACK_MS;
        long movedMs;
        try {
            movedMs = Math.subtractExact(chunk.captureTimeMs(), expectedCaptureMs);
        } catch (ArithmeticException overflow) {
            return "sequence " + chunk.sequence() + " is " + jump + " chunks ahead of the expected " + expectedSequence
                    + " but its capture time " + chunk.captureTimeMs() + " ms is nowhere near the stream's clock";
        }
        if (movedMs >= shortestMs && movedMs <= longestMs) return null;
        return "sequence " + chunk.sequence() + " is " + jump + " chunks ahead of the expected " + expectedSequence
                + " but the capture clock moved " + movedMs + " ms (missing chunks would span " + Math.max(0, shortestMs + CLOCK_SLACK_MS)
                + " to " + (longestMs - CLOCK_SLACK_MS) + " ms): a corrupt sequence number, not a gap";
    }

    private static long saturatedProduct(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) return low;
        return (a < 0) == (b < 0) ? Long.MAX_VALUE / 2 : Long.MIN_VALUE / 2;
    }
}
