package io.wakestream.pipeline.job;

import io.wakestream.pipeline.CommandSegment;
import io.wakestream.schemas.TranscriptEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/** The transcription stage of a job without speech recognition: emits nothing and counts what it dropped. */
public final class DropCommandSegments extends RichFlatMapFunction<CommandSegment, TranscriptEvent> {
    private static final long serialVersionUID = 1L;
    private transient Counter dropped;

    @Override
    public void open(OpenContext openContext) {
        dropped = getRuntimeContext().getMetricGroup().counter("droppedCommandSegments");
    }

    @Override
    public void flatMap(CommandSegment segment, Collector<TranscriptEvent> out) {
        dropped.inc();
    }
}
