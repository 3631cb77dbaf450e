package io.wakestream.pipeline.job;

import io.wakestream.pipeline.CommandSegment;
import io.wakestream.pipeline.PipelineConfig;
import io.wakestream.pipeline.PipelineEvent;
import io.wakestream.pipeline.RejectedSegment;
import io.wakestream.pipeline.SourceRecord;
import io.wakestream.pipeline.WakeWordOperator;
import io.wakestream.pipeline.types.PipelineTypes;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.DeadLetter;
import io.wakestream.schemas.PartialTranscript;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.WakeEvent;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Wakestream job graph, independent of where records come from and go to (Kafka in production, anything in
 * tests; the README has a picture):
 *
 * <ol>
 *   <li>{@link RouteSourceRecords} splits the source's records into valid chunks and dead letters;
 *   <li>chunks are keyed by device id into {@link WakeWordOperator} (which scores the windows of all the devices of
 *       a subtask together, see {@link PipelineConfig#batching()});
 *   <li>{@link RoutePipelineEvents} sends its wake events to the wake-events sink and its command segments through
 *       the {@link TranscriptionStage} to the transcripts sink (with the command audio as it is spoken, when the
 *       stage {@linkplain TranscriptionStage#consumesCommandAudio() asks for it});
 *   <li>the source's dead letters, the operator's rejected chunks ({@link RejectedChunkDeadLetters}) and the commands
 *       the transcription stage could not transcribe ({@link RejectedSegmentDeadLetters}) go to the dead-letters sink.
 * </ol>
 *
 * <p>No watermarks: the wake-word operator works in processing time. Every operator has a fixed uid, so a savepoint
 * of one version restores into the next; every stream has explicit type information ({@link PipelineTypes}), so
 * nothing goes through Kryo.
 */
public final class WakestreamJob {
    /** Operator uids (stable across versions: savepoints map state by them). */
    public static final String SOURCE_UID = "audio-source";
    public static final String WAKE_WORD_UID = "wake-word";
    public static final String WAKE_EVENTS_SINK_UID = "wake-events-sink";
    public static final String TRANSCRIPTS_SINK_UID = "transcripts-sink";
    public static final String DEAD_LETTERS_SINK_UID = "dead-letters-sink";
    public static final String PARTIAL_TRANSCRIPTS_SINK_UID = "partial-transcripts-sink";

    private WakestreamJob() {}

    /** Builds the job reading from {@code source} (e.g. {@code KafkaAudioSource.create(...)}). */
    public static JobStreams build(StreamExecutionEnvironment env, Source<SourceRecord, ?, ?> source, JobSinks sinks,
            PipelineConfig config, TranscriptionStage transcription) {
        DataStream<SourceRecord> input = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "audio-source", PipelineTypes.SOURCE_RECORD)
                .uid(SOURCE_UID);
        return build(input, sinks, config, transcription);
    }

    /** Builds the job on an existing stream of source records (tests, replays from elsewhere). */
    public static JobStreams build(DataStream<SourceRecord> input, JobSinks sinks, PipelineConfig config,
            TranscriptionStage transcription) {
        SingleOutputStreamOperator<AudioChunk> chunks = input
                .process(new RouteSourceRecords(), PipelineTypes.AUDIO_CHUNK)
                .name("route-source-records").uid("route-source-records");

        SingleOutputStreamOperator<PipelineEvent> events = chunks
                .keyBy(chunk -> chunk.getDeviceId(), Types.STRING)
                .transform("wake-word", PipelineTypes.PIPELINE_EVENT,
                        new WakeWordOperator(config.withCommandAudio(transcription.consumesCommandAudio())))
                .uid(WAKE_WORD_UID);

        SingleOutputStreamOperator<WakeEvent> wakeEvents = events
                .process(new RoutePipelineEvents(), PipelineTypes.WAKE_EVENT)
                .name("route-pipeline-events").uid("route-pipeline-events");
        DataStream<CommandSegment> commands = wakeEvents.getSideOutput(RoutePipelineEvents.COMMANDS);

        DataStream<TranscriptEvent> transcripts = transcription.consumesCommandAudio()
                ? transcription.transcribe(commands, wakeEvents.getSideOutput(RoutePipelineEvents.COMMAND_EVENTS))
                : transcription.transcribe(commands);
        if (transcripts == null) throw new IllegalArgumentException("the transcription stage returned no stream");
        DataStream<PartialTranscript> partials = transcription.partialTranscripts(transcripts);
        if (partials != null && sinks.partialTranscripts() == null) {
            throw new IllegalArgumentException("the transcription stage publishes partial transcripts but no sink was given for them");
        }

        DataStream<DeadLetter> rejected = events.getSideOutput(WakeWordOperator.REJECTED)
                .map(new RejectedChunkDeadLetters(), PipelineTypes.DEAD_LETTER)
                .name("rejected-chunk-dead-letters").uid("rejected-chunk-dead-letters");
        DataStream<DeadLetter> deadLetters = chunks.getSideOutput(RouteSourceRecords.DEAD_LETTERS).union(rejected);
        DataStream<RejectedSegment> untranscribed = transcription.rejectedSegments(transcripts);
        if (untranscribed != null) {
            deadLetters = deadLetters.union(untranscribed
                    .map(new RejectedSegmentDeadLetters(), PipelineTypes.DEAD_LETTER)
                    .name("untranscribed-command-dead-letters").uid("untranscribed-command-dead-letters"));
        }

        wakeEvents.sinkTo(sinks.wakeEvents()).name("wake-events-sink").uid(WAKE_EVENTS_SINK_UID);
        transcripts.sinkTo(sinks.transcripts()).name("transcripts-sink").uid(TRANSCRIPTS_SINK_UID);
        deadLetters.sinkTo(sinks.deadLetters()).name("dead-letters-sink").uid(DEAD_LETTERS_SINK_UID);
        if (partials != null) {
            partials.sinkTo(sinks.partialTranscripts()).name("partial-transcripts-sink").uid(PARTIAL_TRANSCRIPTS_SINK_UID);
        }
        return new JobStreams(wakeEvents, commands, transcripts, deadLetters);
    }
}
