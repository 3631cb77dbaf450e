package io.wakestream.pipeline;

/**
 * A validated chunk, already converted to 16 kHz mono, waiting in the {@link ReorderBuffer}.
 *
 * @param sequence position in its stream
 * @param captureTimeMs the agent's capture time of its first sample (used to place audio after a gap)
 * @param arrivalMs processing time at which it arrived (for the gap timeout)
 * @param samples 16 kHz mono samples
 */
public record PendingChunk(long sequence, long captureTimeMs, long arrivalMs, short[] samples) {}
