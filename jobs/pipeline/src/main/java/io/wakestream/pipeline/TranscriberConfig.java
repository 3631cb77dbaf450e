package io.wakestream.pipeline;

import java.io.Serializable;

/**
 * Configuration of {@link TranscribeFunction}. Serializable because Flink ships the function to the task managers;
 * the folder is a String for the same reason.
 *
 * @param voskModelDir a Vosk model folder (am/, conf/, graph/), readable on every task manager; the build unpacks
 *     the small English model to {@code <repo>/models/vosk-model-en}
 * @param maxSegmentMs longer command segments are rejected instead of transcribed (decoding time grows with length;
 *     the wake-word operator closes commands at 8 s by default)
 */
public record TranscriberConfig(String voskModelDir, int maxSegmentMs) implements Serializable {
    public TranscriberConfig {
        if (voskModelDir == null || voskModelDir.isBlank()) throw new IllegalArgumentException("voskModelDir must be set");
        if (maxSegmentMs < 1 || maxSegmentMs > 300_000) {
            throw new IllegalArgumentException("maxSegmentMs must be 1 to 300000, was " + maxSegmentMs);
        }
    }

    /** Segments up to 30 s. */
    public static TranscriberConfig defaults(String voskModelDir) {
        return new TranscriberConfig(voskModelDir, 30_000);
    }
}
