package io.wakestream.pipeline.kafka;

import io.wakestream.pipeline.TranscriberConfig;
import picocli.CommandLine.Option;

/**
 * How the transcription stage runs, on the command line of the job's main class and the local runner's commands (a
 * picocli mixin, like {@link VadOptions}): {@code --streaming-recognizers} and {@code --transcription-parallelism}.
 */
public final class TranscriptionOptions {
    @Option(names = "--streaming-recognizers", paramLabel = "N",
            defaultValue = "" + TranscriberConfig.DEFAULT_STREAMING_RECOGNIZERS,
            description = "Commands each transcription subtask decodes while they are spoken, each on its own Vosk "
                    + "recogniser (about 38 MB of native memory each), e.g. 8; more at once are decoded when they end. "
                    + "0: decode every command once it has ended (default: ${DEFAULT-VALUE}; see the README for why).")
    int streamingRecognizers;

    @Option(names = "--transcription-parallelism", paramLabel = "P", defaultValue = "0",
            description = "Subtasks of the transcription stage; 0: the job's --parallelism (default: ${DEFAULT-VALUE})."
                    + " Vosk costs about three times the wake-word stage's CPU per stream at a command per device every"
                    + " 30 s, so a fleet sizes it on its own.")
    int parallelism;

    public int streamingRecognizers() {
        return streamingRecognizers;
    }

    public int parallelism() {
        return parallelism;
    }
}
