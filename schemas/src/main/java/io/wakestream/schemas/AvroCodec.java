package io.wakestream.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one record type as Avro single-object encoding: {@code C3 01}, the writer schema's
 * 8-byte little-endian CRC-64-AVRO fingerprint, then the Avro binary body. This is what every Wakestream topic
 * carries as record value.
 *
 * <p>Encoding uses Avro's {@link BinaryMessageEncoder}, so the bytes are exactly what Avro's own
 * {@code BinaryMessageDecoder} (e.g. {@code AudioChunk.fromByteBuffer}) reads. Decoding resolves the header's
 * fingerprint through a {@link SchemaHistory}, so messages written with any released version of the schema
 * decode into today's class, and reports every kind of bad input as a {@link SchemaDecodeException} naming the
 * problem. It does the header checks itself (rather than calling {@code BinaryMessageDecoder}) in order to
 * say precisely what was wrong and to reject bytes left over after the record, which Avro's decoder ignores
 * and which mean the message is not what it claims to be.
 *
 * <p>Thread-safe; create one per type and share it.
 *
 * @param <T> a generated record class from this module
 */
public final class AvroCodec<T extends SpecificRecord> {
    /** Marker + fingerprint. */
    public static final int HEADER_LENGTH = 10;
    private static final byte MAGIC_0 = (byte) 0xC3;
    private static final byte MAGIC_1 = (byte) 0x01;

    private final Class<T> type;
    private final SpecificData model;
    private final SchemaHistory history;
    private final BinaryMessageEncoder<T> encoder;
    private final Map<Long, DatumReader<T>> readers = new ConcurrentHashMap<>();

    private AvroCodec(Class<T> type, SchemaHistory history) {
        this.type = type;
        this.model = SpecificData.getForClass(type);
        this.history = history;
        this.encoder = new BinaryMessageEncoder<>(model, history.current());
    }

    /** A codec for a generated class, knowing its released schema versions from the classpath. */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        Schema current = SpecificData.getForClass(type).getSchema(type);
        return new AvroCodec<>(type, SchemaHistory.forSchema(current));
    }

    /** A codec with an explicit history (its current schema must be the class's schema). */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type, SchemaHistory history) {
        Schema classSchema = SpecificData.getForClass(type).getSchema(type);
        if (!classSchema.equals(history.current())) {
            throw new IllegalArgumentException("history's current schema is not " + type.getName() + "'s schema");
        }
        return new AvroCodec<>(type, history);
    }

    public Schema schema() {
        return history.current();
    }

    public SchemaHistory history() {
        return history;
    }

    /**
     * Single-object encodes {@code record} with the current schema.
     *
     * @throws IllegalArgumentException if the record cannot be written (a required field is null, say)
     */
    public byte[] encode(T record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_LENGTH + 64);
        try {
            encoder.encode(record, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown by an in-memory stream
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot encode " + schema().getName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a single-object encoded message written with the current schema or any released version.
     *
     * @throws SchemaDecodeException if the message is too short, lacks the single-object marker, names a schema
     *     this codec does not know, or its body is not a valid record of that schema
     */
    public T decode(byte[] message) {
        if (message == null) throw new NullPointerException("message");
        String name = schema().getName();
        if (message.length < HEADER_LENGTH) {
            throw new SchemaDecodeException(SchemaDecodeException.Problem.TOO_SHORT, name + " message too short: "
                    + message.length + " bytes, but single-object encoding needs a " + HEADER_LENGTH
                    + "-byte header (C3 01 and an 8-byte schema fingerprint) before the body");
        }
        if (message[0] != MAGIC_0 || message[1] != MAGIC_1) {
            throw new SchemaDecodeException(SchemaDecodeException.Problem.BAD_MAGIC, String.format(
                    "%s message does not start with the Avro single-object marker C3 01 (starts with %02X %02X):"
                            + " not single-object encoded Avro", name, message[0], message[1]));
        }
        long fingerprint = fingerprintOf(message);
        DatumReader<T> reader = readerFor(fingerprint);
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(message, HEADER_LENGTH, message.length - HEADER_LENGTH,
                null);
        T record;
        try {
            record = reader.read(null, in);
        } catch (IOException | RuntimeException e) {
            throw new SchemaDecodeException(SchemaDecodeException.Problem.MALFORMED_BODY, String.format(
                    "%s message body (%d bytes, schema %016X) is not a valid record: %s", name,
                    message.length - HEADER_LENGTH, fingerprint, describe(e)), e);
        }
        int leftOver = leftOver(in);
        if (leftOver != 0) {
            throw new SchemaDecodeException(SchemaDecodeException.Problem.MALFORMED_BODY, String.format(
                    "%s message body (schema %016X) has %d bytes left over after the record: corrupt or not"
                            + " written with that schema", name, fingerprint, leftOver));
        }
        return record;
    }

    /** The fingerprint in a message's header (which must be at least {@link #HEADER_LENGTH} bytes). */
    public static long fingerprintOf(byte[] message) {
        long fp = 0;
        for (int i = 9; i >= 2; i--) fp = (fp << 8) | (message[i] & 0xffL);
        return fp;
    }

    private DatumReader<T> readerFor(long fingerprint) {
        DatumReader<T> reader = readers.get(fingerprint);
        if (reader != null) return reader;
        Schema writer = history.findByFingerprint(fingerprint);
        if (writer == null) {
            String known = history.fingerprints().stream().map(f -> String.format("%016X", f))
                    .collect(Collectors.joining(", "));
            throw new SchemaDecodeException(SchemaDecodeException.Problem.UNKNOWN_FINGERPRINT, String.format(
                    "%s message written with unknown schema fingerprint %016X (known versions: %s): written by a"
                            + " newer producer, or a message of another type", schema().getName(), fingerprint,
                    known));
        }
        return readers.computeIfAbsent(fingerprint,
                fp -> new SpecificDatumReader<>(writer, history.current(), model));
    }

    private static int leftOver(BinaryDecoder in) {
        try {
            return in.isEnd() ? 0 : Math.max(1, in.inputStream().available());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown for an in-memory source
        }
    }

    private static String describe(Throwable e) {
        String what = e.getMessage();
        if (e instanceof java.io.EOFException) return "it ends early (truncated)";
        return e.getClass().getSimpleName() + (what == null ? "" : ": " + what);
    }

    @Override
    public String toString() {
        return "AvroCodec[" + type.getName() + ", " + history.fingerprints().size() + " schema versions]";
    }
}
