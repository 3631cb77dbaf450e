package io.wakestream.pipeline.job;

import io.wakestream.pipeline.TranscribeFunction;
import io.wakestream.pipeline.TranscriberConfig;
import io.wakestream.pipeline.types.PipelineTypes;

/**
 * The job's speech recognition: Vosk ({@link TranscribeFunction}) on every command segment. Segments Vosk cannot
 * take go to the function's side output and are logged there; the transcripts topic only ever carries what was
 * recognised.
 */
public final class VoskTranscriptionStage {
    /** Operator uid (savepoints map state by it; the function is stateless, but the uid keeps the graph stable). */
    public static final String UID = "transcribe";

    private VoskTranscriptionStage() {}

    public static TranscriptionStage of(TranscriberConfig config) {
        // A new chain: decoding a command takes 0.1-1 s of CPU, and chained to the wake-word operator it would run
        // on that operator's thread and hold back every device's scoring meanwhile.
        return commands -> commands
                .process(new TranscribeFunction(config), PipelineTypes.TRANSCRIPT_EVENT)
                .name("transcribe").uid(UID).startNewChain();
    }
}
