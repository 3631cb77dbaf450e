package io.wakestream.pipeline;

import io.wakestream.schemas.PartialTranscript;
import io.wakestream.schemas.TranscriptEvent;

/**
 * What the transcription stage ({@link TranscribeFunction}, {@link StreamingTranscribeFunction}) made of what it was
 * given: a transcript, a segment it could not transcribe and why, or what it has heard so far of a command still
 * being spoken. One type for all because Flink's asynchronous operator has a single output; {@link
 * TranscriptionOutcomes} splits them again.
 */
public sealed interface TranscriptionOutcome {
    /** A command's transcript. */
    record Transcribed(TranscriptEvent event) implements TranscriptionOutcome {}

    /** A segment that was not transcribed, and why. */
    record NotTranscribed(RejectedSegment rejected) implements TranscriptionOutcome {}

    /** What the recogniser has heard so far of a command still being spoken. */
    record Partial(PartialTranscript partial) implements TranscriptionOutcome {}
}
