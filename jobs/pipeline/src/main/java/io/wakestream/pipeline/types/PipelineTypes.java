package io.wakestream.pipeline.types;

import io.wakestream.pipeline.CommandEvent;
import io.wakestream.pipeline.CommandSegment;
import io.wakestream.pipeline.PipelineEvent;
import io.wakestream.pipeline.SourceRecord;
import io.wakestream.pipeline.TranscriptionOutcome;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.DeadLetter;
import io.wakestream.schemas.PartialTranscript;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.WakeEvent;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The {@link TypeInformation} of every type that flows between the job's operators, so none of them goes through
 * Kryo (the job runs with generic types disabled in its tests to prove it). Use these in {@code returns(...)},
 * {@code process(fn, type)} and {@code OutputTag}s, e.g. a transcription stage ends with
 * {@code .returns(PipelineTypes.TRANSCRIPT_EVENT)}.
 */
public final class PipelineTypes {
    public static final TypeInformation<AudioChunk> AUDIO_CHUNK = avro(AudioChunk.class);
    public static final TypeInformation<WakeEvent> WAKE_EVENT = avro(WakeEvent.class);
    public static final TypeInformation<TranscriptEvent> TRANSCRIPT_EVENT = avro(TranscriptEvent.class);
    public static final TypeInformation<PartialTranscript> PARTIAL_TRANSCRIPT = avro(PartialTranscript.class);
    public static final TypeInformation<DeadLetter> DEAD_LETTER = avro(DeadLetter.class);
    public static final TypeInformation<SourceRecord> SOURCE_RECORD =
            new SerializerTypeInfo<>(SourceRecord.class, new SourceRecordSerializer());
    public static final TypeInformation<PipelineEvent> PIPELINE_EVENT =
            new SerializerTypeInfo<>(PipelineEvent.class, new PipelineEventSerializer());
    public static final TypeInformation<CommandSegment> COMMAND_SEGMENT =
            new SerializerTypeInfo<>(CommandSegment.class, CommandSegmentSerializer.INSTANCE);
    public static final TypeInformation<TranscriptionOutcome> TRANSCRIPTION_OUTCOME =
            new SerializerTypeInfo<>(TranscriptionOutcome.class, new TranscriptionOutcomeSerializer());
    public static final TypeInformation<CommandEvent> COMMAND_EVENT =
            new SerializerTypeInfo<>(CommandEvent.class, new CommandEventSerializer());

    private PipelineTypes() {}

    /** Type information for any generated Avro record class (single-object encoded through its codec). */
    public static <T extends SpecificRecord> TypeInformation<T> avro(Class<T> type) {
        return new SerializerTypeInfo<>(type, new AvroRecordSerializer<>(type));
    }
}
