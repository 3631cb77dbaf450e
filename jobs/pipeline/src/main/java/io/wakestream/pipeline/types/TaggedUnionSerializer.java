package io.wakestream.pipeline.types;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;

/**
 * Common parts of the serializers for the pipeline's sealed unions (a tag byte, then the variant): they have no
 * configuration, hold only stateless member serializers, and have no "empty" instance.
 */
abstract class TaggedUnionSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public final boolean isImmutableType() {
        return false; // the variants hold mutable Avro records or arrays
    }

    @Override
    public final TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public final T createInstance() {
        return null; // a union has no default variant; Flink only needs this for reuse, which these types do not do
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode();
    }

    final IOException unknownTag(byte tag) {
        return new IOException(getClass().getSimpleName() + ": unknown variant tag " + tag + " in Flink's serialized data");
    }
}
