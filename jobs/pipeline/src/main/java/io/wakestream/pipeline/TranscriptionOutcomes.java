package io.wakestream.pipeline;

import io.wakestream.schemas.TranscriptEvent;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Splits {@link TranscribeFunction}'s outcomes: transcripts on the main output, segments that were not transcribed on
 * the side output {@link TranscribeFunction#REJECTED}. Chained after the asynchronous operator, so it costs a method
 * call per command.
 */
public final class TranscriptionOutcomes extends ProcessFunction<TranscriptionOutcome, TranscriptEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(TranscriptionOutcome outcome, Context ctx, Collector<TranscriptEvent> out) {
        if (outcome instanceof TranscriptionOutcome.Transcribed t) {
            out.collect(t.event());
        } else {
            ctx.output(TranscribeFunction.REJECTED, ((TranscriptionOutcome.NotTranscribed) outcome).rejected());
        }
    }
}
