package io.wakestream.runner;

import java.nio.file.Path;
import io.wakestream.pipeline.kafka.TranscriptionOptions;
import io.wakestream.pipeline.kafka.VadOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by demo and replay. */
final class PipelineOptions {
    @Option(names = "--model", paramLabel = "DIR", defaultValue = "${sys:wakestream.home:-.}/models/jarvis",
            description = "Wake-word model folder (manifest.json + model.onnx). Default: ${DEFAULT-VALUE}")
    Path model;

    @Option(names = "--vosk-model", paramLabel = "DIR", defaultValue = "${sys:wakestream.home:-.}/models/vosk-model-en",
            description = "Vosk model folder (the build unpacks the small English model here). Default: ${DEFAULT-VALUE}")
    Path voskModel;

    @Option(names = "--parallelism", defaultValue = "1", description = "Flink parallelism. Default: ${DEFAULT-VALUE}")
    int parallelism;

    @Option(names = "--checkpoint-ms", defaultValue = "500",
            description = "Checkpoint interval; the exactly-once sinks make output visible at each checkpoint. Default: ${DEFAULT-VALUE}")
    long checkpointMs;

    @Mixin
    VadOptions vad = new VadOptions();

    @Mixin
    TranscriptionOptions transcription = new TranscriptionOptions();

    @Option(names = "--partial-transcripts",
            description = "Also show what the recogniser has heard so far of each command (needs --streaming-recognizers).")
    boolean partialTranscripts;

    @Option(names = "--verbose", description = "Log everything Flink, Kafka and the agents say (INFO).")
    boolean verbose;

    LocalPipeline.Settings settings() {
        return new LocalPipeline.Settings(model, voskModel, parallelism, checkpointMs, vad.config(),
                transcription.streamingRecognizers(), partialTranscripts, transcription.parallelism());
    }
}
