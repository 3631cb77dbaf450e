package io.wakestream.pipeline.types;

import io.wakestream.pipeline.SourceRecord;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.DeadLetter;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link SourceRecord}: a tag byte, then the chunk or the dead letter as single-object Avro. */
public final class SourceRecordSerializer extends TaggedUnionSerializer<SourceRecord> {
    private static final long serialVersionUID = 1L;
    private static final byte CHUNK = 0;
    private static final byte INVALID = 1;

    private final AvroRecordSerializer<AudioChunk> chunks = new AvroRecordSerializer<>(AudioChunk.class);
    private final AvroRecordSerializer<DeadLetter> deadLetters = new AvroRecordSerializer<>(DeadLetter.class);

    @Override
    public SourceRecord copy(SourceRecord from) {
        if (from instanceof SourceRecord.ValidChunk c) return new SourceRecord.ValidChunk(chunks.copy(c.chunk()));
        return new SourceRecord.InvalidRecord(deadLetters.copy(((SourceRecord.InvalidRecord) from).deadLetter()));
    }

    @Override
    public void serialize(SourceRecord record, DataOutputView target) throws IOException {
        if (record instanceof SourceRecord.ValidChunk c) {
            target.writeByte(CHUNK);
            chunks.serialize(c.chunk(), target);
        } else {
            target.writeByte(INVALID);
            deadLetters.serialize(((SourceRecord.InvalidRecord) record).deadLetter(), target);
        }
    }

    @Override
    public SourceRecord deserialize(DataInputView source) throws IOException {
        byte tag = source.readByte();
        return switch (tag) {
            case CHUNK -> new SourceRecord.ValidChunk(chunks.deserialize(source));
            case INVALID -> new SourceRecord.InvalidRecord(deadLetters.deserialize(source));
            default -> throw unknownTag(tag);
        };
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        byte tag = source.readByte();
        target.writeByte(tag);
        switch (tag) {
            case CHUNK -> chunks.copy(source, target);
            case INVALID -> deadLetters.copy(source, target);
            default -> throw unknownTag(tag);
        }
    }

    @Override
    public TypeSerializerSnapshot<SourceRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SourceRecord> {
        public Snapshot() {
            super(SourceRecordSerializer::new);
        }
    }
}
