package io.wakestream.pipeline;

import java.io.Serializable;

/**
 * Configuration of the transcription stage ({@link TranscribeFunction}, {@link StreamingTranscribeFunction}).
 * Serializable because Flink ships the function to the task managers; the folder is a String for the same reason.
 *
 * @param voskModelDir a Vosk model folder (am/, conf/, graph/), readable on every task manager; the build unpacks
 *     the small English model to {@code <repo>/models/vosk-model-en}
 * @param maxSegmentMs longer command segments are rejected instead of transcribed (decoding time grows with length;
 *     the wake-word operator closes commands at 8 s by default)
 * @param streamingRecognizers how many commands each transcription subtask decodes while they are spoken, each on
 *     its own Vosk recogniser (native memory: about 38 MB each, see jobs/pipeline/README.md); commands beyond that,
 *     and all of them at 0 (the default), are decoded once they have ended. Off by default: on the 100-device
 *     bench, once its recognisers are warm it answers about 100 ms sooner, but while they are cold (the first 20 s
 *     of a run) its transcripts come seconds late, and it costs more decoding CPU (README, "Decoding while spoken,
 *     on its own thread").
 * @param partialTranscripts also publish what the recogniser has heard so far of each command decoded while spoken
 *     ({@link io.wakestream.schemas.PartialTranscript}, whenever it changes); needs streaming recognisers
 * @param parallelism subtasks of the transcription stage; 0: the job's parallelism. Decoding costs about three times
 *     the wake-word stage's CPU per stream at a command every 30 s per device, so a fleet gives it its own.
 */
public record TranscriberConfig(String voskModelDir, int maxSegmentMs, int streamingRecognizers, boolean partialTranscripts,
        int parallelism) implements Serializable {
    /** Streaming recognisers per subtask by default: none (see above). */
    public static final int DEFAULT_STREAMING_RECOGNIZERS = 0;

    public TranscriberConfig {
        if (voskModelDir == null || voskModelDir.isBlank()) throw new IllegalArgumentException("voskModelDir must be set");
        if (maxSegmentMs < 1 || maxSegmentMs > 300_000) {
            throw new IllegalArgumentException("maxSegmentMs must be 1 to 300000, was " + maxSegmentMs);
        }
        if (streamingRecognizers < 0 || streamingRecognizers > 1_000) {
            throw new IllegalArgumentException("streamingRecognizers must be 0 to 1000, was " + streamingRecognizers);
        }
        if (parallelism < 0) throw new IllegalArgumentException("parallelism must be 0 (the job's) or positive, was " + parallelism);
        if (partialTranscripts && streamingRecognizers == 0) {
            throw new IllegalArgumentException("partial transcripts need commands decoded while spoken (streaming recognisers)");
        }
    }

    /** Without streaming recognisers (the default). */
    public TranscriberConfig(String voskModelDir, int maxSegmentMs) {
        this(voskModelDir, maxSegmentMs, DEFAULT_STREAMING_RECOGNIZERS, false, 0);
    }

    /** Segments up to 30 s, each decoded once it has ended. */
    public static TranscriberConfig defaults(String voskModelDir) {
        return new TranscriberConfig(voskModelDir, 30_000);
    }

    public TranscriberConfig withStreamingRecognizers(int n) {
        return new TranscriberConfig(voskModelDir, maxSegmentMs, n, partialTranscripts, parallelism);
    }

    public TranscriberConfig withPartialTranscripts(boolean publish) {
        return new TranscriberConfig(voskModelDir, maxSegmentMs, streamingRecognizers, publish, parallelism);
    }

    public TranscriberConfig withParallelism(int p) {
        return new TranscriberConfig(voskModelDir, maxSegmentMs, streamingRecognizers, partialTranscripts, p);
    }
}
