package io.wakestream.pipeline;

import io.wakestream.schemas.TranscriptEvent;

/**
 * What became of one command segment in {@link TranscribeFunction}: its transcript, or why it has none. One type for
 * both because Flink's asynchronous operator has a single output; {@link TranscriptionOutcomes} splits them again.
 */
public sealed interface TranscriptionOutcome {
    /** The segment's transcript. */
    record Transcribed(TranscriptEvent event) implements TranscriptionOutcome {}

    /** The segment was not transcribed, and why. */
    record NotTranscribed(RejectedSegment rejected) implements TranscriptionOutcome {}
}
