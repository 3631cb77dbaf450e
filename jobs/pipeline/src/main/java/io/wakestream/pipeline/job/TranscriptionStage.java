package io.wakestream.pipeline.job;

import io.wakestream.pipeline.CommandSegment;
import io.wakestream.pipeline.types.PipelineTypes;
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
 * TranscriptionStage vosk = commands -> commands
 *         .process(new TranscribeFunction(voskModelDir)).returns(PipelineTypes.TRANSCRIPT_EVENT)
 *         .name("transcribe").uid("transcribe");
 * }</pre>
 */
@FunctionalInterface
public interface TranscriptionStage extends Serializable {
    DataStream<TranscriptEvent> transcribe(DataStream<CommandSegment> commands);

    /** No speech recognition: command segments are counted ({@code droppedCommandSegments}) and dropped. */
    static TranscriptionStage dropSegments() {
        return commands -> commands.flatMap(new DropCommandSegments(), PipelineTypes.TRANSCRIPT_EVENT)
                .name("drop-command-segments").uid("drop-command-segments");
    }
}
