package io.wakestream.pipeline.job;

import io.wakestream.pipeline.CommandSegment;
import io.wakestream.schemas.DeadLetter;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.WakeEvent;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The streams {@link WakestreamJob#build} wired to the sinks, for callers that want to attach more (a demo's
 * console output, metrics).
 */
public record JobStreams(DataStream<WakeEvent> wakeEvents, DataStream<CommandSegment> commands,
        DataStream<TranscriptEvent> transcripts, DataStream<DeadLetter> deadLetters) {}
