package io.wakestream.runner;

import io.wakestream.pipeline.VadConfig;
import java.nio.file.Path;

/**
 * One bench run's settings.
 *
 * @param devices simulated devices, each a real-time audio stream
 * @param seconds how long every device plays
 * @param parallelism Flink parallelism
 * @param checkpointMs checkpoint interval; 0 = no checkpoints, at-least-once sinks
 * @param wakeEverySeconds mean time between planted wake phrases on a device
 * @param seed for the devices' audio (which clips, where)
 * @param model wake-word model folder
 * @param voskModel Vosk model folder
 * @param samples folder with kitchen.wav, hallway.wav and office.wav
 * @param saveAudio folder to write every device's audio and planted phrases to, or null
 * @param vad what ends a command segment (energy or Silero)
 * @param chunkMs audio per chunk the simulated agents send: a phrase's end waits up to this long to be sent
 */
record BenchSettings(int devices, int seconds, int parallelism, long checkpointMs, int wakeEverySeconds, long seed,
        Path model, Path voskModel, Path samples, Path saveAudio, VadConfig vad, int chunkMs, int streamingRecognizers,
        int transcriptionParallelism) {
    BenchSettings {
        if (vad == null) vad = VadConfig.defaults();
        if (devices < 1 || devices > 10_000) throw new IllegalArgumentException("--devices must be 1 to 10000, was " + devices);
        if (seconds < 5) throw new IllegalArgumentException("--seconds must be at least 5, was " + seconds);
        if (parallelism < 1) throw new IllegalArgumentException("--parallelism must be at least 1, was " + parallelism);
        if (checkpointMs != 0 && checkpointMs < 10) {
            throw new IllegalArgumentException("--checkpoint-ms must be 0 (off: at-least-once) or at least 10, was " + checkpointMs);
        }
        if (chunkMs < 10 || chunkMs > 1000) throw new IllegalArgumentException("--chunk-ms must be 10 to 1000, was " + chunkMs);
        if (transcriptionParallelism < 0) {
            throw new IllegalArgumentException("--transcription-parallelism must be 0 or more, was " + transcriptionParallelism);
        }
        if (streamingRecognizers < 0) {
            throw new IllegalArgumentException("--streaming-recognizers must be 0 or more, was " + streamingRecognizers);
        }
        if (wakeEverySeconds < 1) throw new IllegalArgumentException("--wake-every must be at least 1 s, was " + wakeEverySeconds);
    }

    /** The broker and job this run starts. */
    LocalPipeline.Settings pipeline() {
        return new LocalPipeline.Settings(model, voskModel, parallelism, checkpointMs, vad, streamingRecognizers, false,
                transcriptionParallelism);
    }

    /** Partitions of the audio topic: one per subtask at least, and a few to spread the devices over. */
    int partitions() {
        return Math.max(parallelism, Math.min(4, devices));
    }

        /** What ran, as the first keys of a run's JSON (the machine's cores too: the figures mean little without them). */
    void putJson(java.util.Map<String, Object> m) {
        m.put("devices", devices);
        m.put("seconds", seconds);
        m.put("parallelism", parallelism);
        m.put("checkpointMs", checkpointMs);
        m.put("chunkMs", chunkMs);
        m.put("streamingRecognizers", streamingRecognizers);
        m.put("transcriptionParallelism", transcriptionParallelism);
        m.put("deliveryGuarantee", guarantee());
        m.put("wakeEverySeconds", wakeEverySeconds);
        m.put("seed", seed);
        m.put("cores", Runtime.getRuntime().availableProcessors());
    }

        String guarantee() {
        return checkpointMs > 0 ? "exactly-once" : "at-least-once";
    }

    /** A short label for logs and the plot: "N=10, exactly-once C=100 ms". */
    String label() {
        return "N=" + devices + ", " + mode();
    }

    String mode() {
        return (checkpointMs > 0 ? "exactly-once, checkpoints every " + checkpointMs + " ms" : "at-least-once, no checkpoints")
                + (vad.kind() == VadConfig.Kind.SILERO ? ", Silero VAD" : "")
                + (chunkMs != BenchAgents.DEFAULT_CHUNK_MS ? ", " + chunkMs + " ms chunks" : "")
                + (streamingRecognizers > 0 ? ", " + streamingRecognizers + " streaming recognisers" : "")
                + (transcriptionParallelism > 0 ? ", transcription parallelism " + transcriptionParallelism : "");
    }

    BenchSettings withDevices(int n) {
        return new BenchSettings(n, seconds, parallelism, checkpointMs, wakeEverySeconds, seed, model, voskModel, samples, saveAudio, vad, chunkMs, streamingRecognizers, transcriptionParallelism);
    }

    BenchSettings withCheckpointMs(long c) {
        return new BenchSettings(devices, seconds, parallelism, c, wakeEverySeconds, seed, model, voskModel, samples, saveAudio, vad, chunkMs, streamingRecognizers, transcriptionParallelism);
    }
}
