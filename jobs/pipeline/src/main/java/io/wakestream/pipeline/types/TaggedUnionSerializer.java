package io.wakestream.pipeline.types;

import java.io.IOException;

/**
 * Common parts of the serializers for the pipeline's sealed unions (a tag byte, then the variant): those of every
 * {@link StatelessSerializer}, and no "empty" instance.
 */
abstract class TaggedUnionSerializer<T> extends StatelessSerializer<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public final T createInstance() {
        return null; // a union has no default variant; Flink only needs this for reuse, which these types do not do
    }

    final IOException unknownTag(byte tag) {
        return new IOException(getClass().getSimpleName() + ": unknown variant tag " + tag + " in Flink's serialized data");
    }
}
