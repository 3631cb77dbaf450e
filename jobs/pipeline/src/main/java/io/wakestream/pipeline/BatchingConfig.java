package io.wakestream.pipeline;

import java.io.Serializable;

/**
 * How {@link WakeWordOperator} ({@link PipelineConfig#batching()}) batches ONNX scoring across the devices of a subtask. The windows the chunks of
 * many devices make due wait in one shared batch, scored in one ONNX Runtime call when the first of these happens:
 * the batch holds {@link #maxWindows()} windows, its oldest chunk has waited {@link #maxDelayMs()} of processing
 * time, a device with a chunk in the batch sends its next one, a checkpoint barrier comes, or the input ends.
 *
 * @param maxWindows windows per ONNX call (1 = every chunk is scored on its own, as without batching); one chunk's
 *     windows are never split across calls, so a call can hold up to one chunk's windows more than this
 * @param maxDelayMs the most a chunk's detections are delayed by waiting for the batch to fill (processing time)
 */
public record BatchingConfig(int maxWindows, long maxDelayMs) implements Serializable {
    public BatchingConfig {
        if (maxWindows < 1 || maxWindows > 4096) throw new IllegalArgumentException("maxWindows must be 1 to 4096, was " + maxWindows);
        if (maxDelayMs < 1 || maxDelayMs > 10_000) throw new IllegalArgumentException("maxDelayMs must be 1 to 10000, was " + maxDelayMs);
    }

    /**
     * 64 windows or 20 ms. A device sends a chunk about every 100 ms, so within 20 ms the batch sees mostly
     * distinct devices; 20 ms is small next to the wake word itself (~500 ms) and the command that follows.
     */
    public static BatchingConfig defaults() {
        return new BatchingConfig(64, 20);
    }

    /** Every chunk's windows scored in their own call as soon as the chunk is processed: no added latency. */
    public static BatchingConfig perChunk() {
        return new BatchingConfig(1, 1);
    }
}
