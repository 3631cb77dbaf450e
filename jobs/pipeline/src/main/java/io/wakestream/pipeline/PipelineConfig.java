package io.wakestream.pipeline;

import java.io.Serializable;

/**
 * Configuration of {@link WakeWordOperator}. Serializable because Flink ships the operator (and so this) to the
 * task managers; the model folder is a String for the same reason ({@link java.nio.file.Path} is not).
 *
 * @param modelDir folder with {@code model.onnx} and {@code manifest.json}, readable on every task manager
 * @param reorderCapacity out-of-order chunks buffered per device before a gap is declared
 * @param gapTimeoutMs how long (processing time) a buffered chunk waits for the missing ones before a gap is declared
 * @param maxChunkMs longer chunks are rejected (a sane agent sends tens to hundreds of ms)
 * @param vad how the end of a command is detected
 * @param maxCommandMs a command segment is closed at this length even without trailing silence
 * @param idleTimeoutMs a device with no chunk for this long (processing time) has all its state cleared
 * @param batching how ONNX scoring is batched across the devices of a subtask
 * @param commandAudio also emit each open command's audio as it arrives ({@link CommandAudio}), for a recogniser
 *     that decodes while the command is spoken; the job sets it when its transcription stage asks for it
 */
public record PipelineConfig(String modelDir, int reorderCapacity, long gapTimeoutMs, int maxChunkMs, VadConfig vad,
        int maxCommandMs, long idleTimeoutMs, BatchingConfig batching, boolean commandAudio) implements Serializable {
    public PipelineConfig {
        if (modelDir == null || modelDir.isBlank()) throw new IllegalArgumentException("modelDir must be set");
        if (reorderCapacity < 1 || reorderCapacity > 10_000) {
            throw new IllegalArgumentException("reorderCapacity must be 1 to 10000, was " + reorderCapacity);
        }
        if (gapTimeoutMs < 1) throw new IllegalArgumentException("gapTimeoutMs must be positive, was " + gapTimeoutMs);
        if (maxChunkMs < 1 || maxChunkMs > 60_000) throw new IllegalArgumentException("maxChunkMs must be 1 to 60000, was " + maxChunkMs);
        if (vad == null) throw new IllegalArgumentException("vad must be set");
        if (maxCommandMs < vad.frameMs() || maxCommandMs > 60_000) {
            throw new IllegalArgumentException("maxCommandMs must be one VAD frame to 60000, was " + maxCommandMs);
        }
        if (idleTimeoutMs < 1) throw new IllegalArgumentException("idleTimeoutMs must be positive, was " + idleTimeoutMs);
        if (batching == null) throw new IllegalArgumentException("batching must be set");
    }

    /**
     * Defaults: 50 chunks, 2 s gap timeout, 5 s max chunk, default VAD, 8 s max command, 10 min idle, batches of 64
     * windows or 20 ms ({@link BatchingConfig#defaults()}), command audio only in the finished segment.
     */
    public static PipelineConfig defaults(String modelDir) {
        return new PipelineConfig(modelDir, 50, 2_000, 5_000, VadConfig.defaults(), 8_000, 600_000, BatchingConfig.defaults(),
                false);
    }

    public PipelineConfig withReorder(int capacity, long gapTimeout) {
        return new PipelineConfig(modelDir, capacity, gapTimeout, maxChunkMs, vad, maxCommandMs, idleTimeoutMs, batching, commandAudio);
    }

    public PipelineConfig withCommand(VadConfig v, int maxMs) {
        return new PipelineConfig(modelDir, reorderCapacity, gapTimeoutMs, maxChunkMs, v, maxMs, idleTimeoutMs, batching, commandAudio);
    }

    public PipelineConfig withBatching(BatchingConfig b) {
        return new PipelineConfig(modelDir, reorderCapacity, gapTimeoutMs, maxChunkMs, vad, maxCommandMs, idleTimeoutMs, b, commandAudio);
    }

    public PipelineConfig withIdleTimeout(long ms) {
        return new PipelineConfig(modelDir, reorderCapacity, gapTimeoutMs, maxChunkMs, vad, maxCommandMs, ms, batching, commandAudio);
    }

    public PipelineConfig withCommandAudio(boolean emit) {
        return new PipelineConfig(modelDir, reorderCapacity, gapTimeoutMs, maxChunkMs, vad, maxCommandMs, idleTimeoutMs, batching, emit);
    }
}
