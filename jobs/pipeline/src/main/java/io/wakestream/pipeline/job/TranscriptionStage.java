package io.wakestream.pipeline.job;

import io.wakestream.pipeline.CommandEvent;
import io.wakestream.pipeline.CommandSegment;
import io.wakestream.pipeline.RejectedSegment;
import io.wakestream.pipeline.types.PipelineTypes;
import io.wakestream.schemas.PartialTranscript;
import io.wakestream.schemas.TranscriptEvent;
import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The job's speech-recognition step, plugged into {@link WakestreamJob#build}: it gets the command segments
 * (already split from the wake events, one per wake event that was followed by speech) and returns the transcripts
 * that go to the transcripts topic. It runs once, on the client, while the graph is built; the operators it adds
 * are what runs on the cluster. Give those operators uids and {@link PipelineTypes#TRANSCRIPT_EVENT} as output
 * type, e.g.
 *
 * <pre>{@code
 * TranscriptionStage vosk = commands -> TranscribeFunction.apply(commands, TranscriberConfig.defaults(voskModelDir),
 *         "transcribe", "transcribe");
 * }</pre>
 *
 * A stage that decodes while a command is spoken says so with {@link #consumesCommandAudio()} and implements
 * {@link #transcribe(DataStream, DataStream)}.
 */
@FunctionalInterface
public interface TranscriptionStage extends Serializable {
    DataStream<TranscriptEvent> transcribe(DataStream<CommandSegment> commands);

    /**
     * Whether the stage wants the audio of each command while it is spoken; if so the job has the wake-word operator
     * emit it ({@link io.wakestream.pipeline.PipelineConfig#commandAudio()}) and calls
     * {@link #transcribe(DataStream, DataStream)}.
     */
    default boolean consumesCommandAudio() {
        return false;
    }

    /**
     * The step, given both the finished segments and the ordered stream of command events (the pieces of command
     * audio as they were emitted, then each command's segment). The default uses the segments only.
     */
    default DataStream<TranscriptEvent> transcribe(DataStream<CommandSegment> commands, DataStream<CommandEvent> commandEvents) {
        return transcribe(commands);
    }

    /**
     * The partial transcripts the stage publishes, given the stream {@link #transcribe} returned (for a side output of
     * its operator), or null (the default) if it publishes none.
     */
    default DataStream<PartialTranscript> partialTranscripts(DataStream<TranscriptEvent> transcripts) {
        return null;
    }

    /**
     * The commands the stage could not transcribe, given the stream {@link #transcribe} returned (for a side output of
     * its operator), or null (the default) if it reports none. The job sends them to the dead-letter sink
     * ({@link RejectedSegmentDeadLetters}).
     */
    default DataStream<RejectedSegment> rejectedSegments(DataStream<TranscriptEvent> transcripts) {
        return null;
    }

    /** No speech recognition: command segments are counted ({@code droppedCommandSegments}) and dropped. */
    static TranscriptionStage dropSegments() {
        return commands -> commands.flatMap(new DropCommandSegments(), PipelineTypes.TRANSCRIPT_EVENT)
                .name("drop-command-segments").uid("drop-command-segments");
    }
}
