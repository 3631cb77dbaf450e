package io.wakestream.pipeline.types;

import io.wakestream.pipeline.RejectedSegment;
import io.wakestream.pipeline.TranscriptionOutcome;
import io.wakestream.schemas.PartialTranscript;
import io.wakestream.schemas.TranscriptEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link TranscriptionOutcome}: a tag byte, then the transcript or the partial transcript as single-object Avro, or the
 * rejected segment's fields (device, stream and wake event ids, start and end, reason, time of rejection).
 */
public final class TranscriptionOutcomeSerializer extends TaggedUnionSerializer<TranscriptionOutcome> {
    private static final long serialVersionUID = 1L;
    private static final byte TRANSCRIBED = 0, NOT_TRANSCRIBED = 1, PARTIAL = 2;

    private final AvroRecordSerializer<TranscriptEvent> transcripts = new AvroRecordSerializer<>(TranscriptEvent.class);
    private final AvroRecordSerializer<PartialTranscript> partials = new AvroRecordSerializer<>(PartialTranscript.class);

    @Override
    public TranscriptionOutcome copy(TranscriptionOutcome from) {
        // RejectedSegment is an immutable record; the Avro records are mutable, so they are copied.
        if (from instanceof TranscriptionOutcome.Transcribed t) return new TranscriptionOutcome.Transcribed(transcripts.copy(t.event()));
        if (from instanceof TranscriptionOutcome.Partial p) return new TranscriptionOutcome.Partial(partials.copy(p.partial()));
        return from;
    }

    @Override
    public void serialize(TranscriptionOutcome outcome, DataOutputView target) throws IOException {
        if (outcome instanceof TranscriptionOutcome.Transcribed t) {
            target.writeByte(TRANSCRIBED);
            transcripts.serialize(t.event(), target);
        } else if (outcome instanceof TranscriptionOutcome.Partial p) {
            target.writeByte(PARTIAL);
            partials.serialize(p.partial(), target);
        } else {
            RejectedSegment r = ((TranscriptionOutcome.NotTranscribed) outcome).rejected();
            target.writeByte(NOT_TRANSCRIBED);
            // The ids may be missing: that can be why the segment was rejected.
            NullableStrings.write(target, r.deviceId());
            NullableStrings.write(target, r.streamId());
            NullableStrings.write(target, r.wakeEventId());
            target.writeLong(r.audioStartMs());
            target.writeLong(r.audioEndMs());
            target.writeUTF(r.reason());
            target.writeLong(r.rejectedAtMs());
        }
    }

    @Override
    public TranscriptionOutcome deserialize(DataInputView source) throws IOException {
        byte tag = source.readByte();
        return switch (tag) {
            case TRANSCRIBED -> new TranscriptionOutcome.Transcribed(transcripts.deserialize(source));
            case NOT_TRANSCRIBED -> new TranscriptionOutcome.NotTranscribed(new RejectedSegment(NullableStrings.read(source),
                    NullableStrings.read(source), NullableStrings.read(source), source.readLong(), source.readLong(), source.readUTF(), source.readLong()));
            case PARTIAL -> new TranscriptionOutcome.Partial(partials.deserialize(source));
            default -> throw unknownTag(tag);
        };
    }

    @Override
    public TypeSerializerSnapshot<TranscriptionOutcome> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TranscriptionOutcome> {
        public Snapshot() {
            super(TranscriptionOutcomeSerializer::new);
        }
    }
}
