package io.wakestream.pipeline.job;

import io.wakestream.pipeline.SourceRecord;
import io.wakestream.pipeline.types.PipelineTypes;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Splits the source's records: valid chunks on the main output, dead letters on {@link #DEAD_LETTERS}. */
public final class RouteSourceRecords extends ProcessFunction<SourceRecord, AudioChunk> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RouteSourceRecords.class);
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("invalid-source-records", PipelineTypes.DEAD_LETTER);

    private final DeadLetterLog log = new DeadLetterLog("audio source");
    private transient Counter invalidRecords;

    @Override
    public void open(OpenContext openContext) {
        invalidRecords = getRuntimeContext().getMetricGroup().counter("invalidSourceRecords");
    }

    @Override
    public void processElement(SourceRecord record, Context ctx, Collector<AudioChunk> out) {
        if (record instanceof SourceRecord.ValidChunk valid) {
            out.collect(valid.chunk());
        } else {
            DeadLetter letter = ((SourceRecord.InvalidRecord) record).deadLetter();
            invalidRecords.inc();
            log.log(LOG, letter);
            ctx.output(DEAD_LETTERS, letter);
        }
    }
}
