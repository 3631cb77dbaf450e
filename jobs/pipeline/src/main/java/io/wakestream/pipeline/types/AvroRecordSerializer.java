package io.wakestream.pipeline.types;

import io.wakestream.schemas.AvroCodec;
import io.wakestream.schemas.SchemaDecodeException;
import java.io.IOException;
import java.util.Objects;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * Flink serializer for the generated Avro records (AudioChunk, WakeEvent, TranscriptEvent, DeadLetter), written as
 * a length-prefixed single-object encoded message through {@link AvroCodec}, the same bytes the Kafka topics carry.
 * flink-avro 2.0.1 is not on Maven Central, and without it Flink would fall back to Kryo for these classes.
 *
 * <p>Because every message names its writer schema by fingerprint and the codec reads every released version,
 * data written by an older build restores into a newer one: the snapshot declares any two versions of the same
 * class compatible as they are.
 *
 * @param <T> a generated record class of the schemas module
 */
public final class AvroRecordSerializer<T extends SpecificRecord> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    /** Thread-safe; rebuilt after Java serialization (the codec is not Serializable). */
    private transient AvroCodec<T> codec;

    public AvroRecordSerializer(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    public Class<T> type() {
        return type;
    }

    private AvroCodec<T> codec() {
        AvroCodec<T> c = codec;
        if (c == null) codec = c = AvroCodec.of(type);
        return c;
    }

    @Override
    public boolean isImmutableType() {
        return false; // generated records have setters
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this; // stateless apart from the thread-safe codec
    }

    @Override
    public T createInstance() {
        return InstantiationUtil.instantiate(type);
    }

    @Override
    public T copy(T from) {
        return SpecificData.getForClass(type).deepCopy(from.getSchema(), from);
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        byte[] message = codec().encode(record);
        target.writeInt(message.length);
        target.write(message);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        byte[] message = new byte[source.readInt()];
        source.readFully(message);
        try {
            return codec().decode(message);
        } catch (SchemaDecodeException e) {
            // Only Flink's own bytes come here, so this is corruption (or a schema this build does not know).
            throw new IOException("cannot read " + type.getSimpleName() + " from Flink's serialized data: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvroRecordSerializer<?> other && type.equals(other.type);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(type);
    }

    /** Records the class; any version of the same class is compatible (the codec reads all released schemas). */
    public static final class Snapshot<T extends SpecificRecord> implements TypeSerializerSnapshot<T> {
        private static final int VERSION = 1;
        private Class<T> type;

        /** For Flink, which instantiates snapshots reflectively before {@link #readSnapshot}. */
        public Snapshot() {}

        Snapshot(Class<T> type) {
            this.type = type;
        }

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(type.getName());
        }

        @Override
        @SuppressWarnings("unchecked")
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion != VERSION) throw new IOException("unknown AvroRecordSerializer snapshot version " + readVersion);
            String name = in.readUTF();
            try {
                type = (Class<T>) Class.forName(name, false, classLoader);
            } catch (ClassNotFoundException e) {
                throw new IOException("Avro record class " + name + " of a saved serializer is not on the classpath", e);
            }
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return new AvroRecordSerializer<>(type);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
            return oldSnapshot instanceof Snapshot<T> old && type.equals(old.type)
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
