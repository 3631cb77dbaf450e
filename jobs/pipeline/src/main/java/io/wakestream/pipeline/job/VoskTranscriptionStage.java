package io.wakestream.pipeline.job;

import io.wakestream.pipeline.CommandEvent;
import io.wakestream.pipeline.CommandSegment;
import io.wakestream.pipeline.RejectedSegment;
import io.wakestream.pipeline.StreamingTranscribeFunction;
import io.wakestream.pipeline.TranscribeFunction;
import io.wakestream.pipeline.TranscriberConfig;
import io.wakestream.schemas.PartialTranscript;
import io.wakestream.schemas.TranscriptEvent;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The job's speech recognition with Vosk. By default each command is decoded once it has ended
 * ({@link TranscribeFunction}); with {@link TranscriberConfig#streamingRecognizers()} above 0, commands are decoded
 * while they are spoken ({@link StreamingTranscribeFunction}, keyed by wake event id). Either way on a decoding thread
 * per subtask, so a slow decode does not hold up wake detection. Segments Vosk cannot take go to the side output
 * {@link TranscribeFunction#REJECTED} ({@link #rejectedSegments}), which the job turns into dead letters; the
 * transcripts topic only ever carries what was recognised.
 */
public final class VoskTranscriptionStage implements TranscriptionStage {
    private static final long serialVersionUID = 1L;
    /** Operator uid (savepoints map state by it; the functions keep no Flink state, but the uid keeps the graph stable). */
    public static final String UID = "transcribe";

    private final TranscriberConfig config;

    private VoskTranscriptionStage(TranscriberConfig config) {
        this.config = config;
    }

    public static TranscriptionStage of(TranscriberConfig config) {
        return new VoskTranscriptionStage(config);
    }

    @Override
    public boolean consumesCommandAudio() {
        return config.streamingRecognizers() > 0;
    }

    @Override
    public DataStream<TranscriptEvent> transcribe(DataStream<CommandSegment> commands) {
        // Chained to the wake-word operator at the same parallelism (no network hop for the segments' audio): the
        // operator only queues a segment there, and decodes it on a thread of its own.
        return TranscribeFunction.apply(commands, config, "transcribe", UID);
    }

    @Override
    public DataStream<PartialTranscript> partialTranscripts(DataStream<TranscriptEvent> transcripts) {
        if (!config.partialTranscripts()) return null;
        return ((SingleOutputStreamOperator<TranscriptEvent>) transcripts).getSideOutput(StreamingTranscribeFunction.PARTIALS);
    }

    @Override
    public DataStream<RejectedSegment> rejectedSegments(DataStream<TranscriptEvent> transcripts) {
        return ((SingleOutputStreamOperator<TranscriptEvent>) transcripts).getSideOutput(TranscribeFunction.REJECTED);
    }

    @Override
    public DataStream<TranscriptEvent> transcribe(DataStream<CommandSegment> commands, DataStream<CommandEvent> commandEvents) {
        if (!consumesCommandAudio()) return transcribe(commands);
        // Keyed by command, so its pieces and then its segment reach one subtask in the order they were emitted (and
        // commands spread over the subtasks). A keyBy is a network edge, so this is a new chain anyway.
        return StreamingTranscribeFunction.apply(commandEvents, config, "transcribe", UID);
    }
}
