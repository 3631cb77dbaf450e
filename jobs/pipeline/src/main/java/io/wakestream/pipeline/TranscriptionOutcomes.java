package io.wakestream.pipeline;

import io.wakestream.pipeline.types.PipelineTypes;
import io.wakestream.schemas.TranscriptEvent;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;
import org.apache.flink.util.Collector;

/**
 * Splits the transcription stage's outcomes: transcripts on the main output, segments that were not transcribed on
 * the side output {@link TranscribeFunction#REJECTED}, partial transcripts on
 * {@link StreamingTranscribeFunction#PARTIALS}. Chained after the asynchronous operator, so it costs a method call
 * per outcome.
 */
public final class TranscriptionOutcomes extends ProcessFunction<TranscriptionOutcome, TranscriptEvent> {
    private static final long serialVersionUID = 1L;

    /**
     * {@code function} in Flink's asynchronous operator on {@code input} (unordered: what one subtask's decoding
     * thread runs in order needs no reordering after it), with room for {@code capacity} elements, then the split.
     */
    static <IN> SingleOutputStreamOperator<TranscriptEvent> afterAsync(DataStream<IN> input,
            AsyncFunction<IN, TranscriptionOutcome> function, int capacity, TranscriberConfig config, String name, String uid) {
        SingleOutputStreamOperator<TranscriptionOutcome> outcomes = AsyncDataStream.unorderedWait(input, function,
                        TranscribeFunction.TIMEOUT_MS, TimeUnit.MILLISECONDS, capacity)
                .returns(PipelineTypes.TRANSCRIPTION_OUTCOME).name(name).uid(uid);
        if (config.parallelism() > 0) outcomes.setParallelism(config.parallelism());
        SingleOutputStreamOperator<TranscriptEvent> transcripts = outcomes
                .process(new TranscriptionOutcomes(), PipelineTypes.TRANSCRIPT_EVENT)
                .name(name + "-outcomes").uid(uid + "-outcomes");
        if (config.parallelism() > 0) transcripts.setParallelism(config.parallelism());
        return transcripts;
    }

    @Override
    public void processElement(TranscriptionOutcome outcome, Context ctx, Collector<TranscriptEvent> out) {
        if (outcome instanceof TranscriptionOutcome.Transcribed t) {
            out.collect(t.event());
        } else if (outcome instanceof TranscriptionOutcome.NotTranscribed n) {
            ctx.output(TranscribeFunction.REJECTED, n.rejected());
        } else {
            ctx.output(StreamingTranscribeFunction.PARTIALS, ((TranscriptionOutcome.Partial) outcome).partial());
        }
    }
}
