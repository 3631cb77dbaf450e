package io.wakestream.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every schema a record type has been written with: its released versions plus the current one, looked up by
 * the 64-bit fingerprint that single-object encoding puts in each message's header.
 *
 * <p>Released versions are the files {@code schemas/src/main/avro-history/<Name>.v<N>.avsc}, packaged as
 * classpath resources {@code io/wakestream/schemas/history/<Name>.v<N>.avsc} and read from v1 upwards until a
 * number is missing. Keeping them lets a consumer built today decode what a device running an older agent
 * still sends. Implements Avro's {@link SchemaStore}, so it can also be handed to Avro's own
 * {@code BinaryMessageDecoder}. Immutable and thread-safe.
 */
public final class SchemaHistory implements SchemaStore {
    private static final String RESOURCE_DIR = "history/";

    private final Schema current;
    private final List<Schema> released;
    private final Map<Long, Schema> byFingerprint;

    private SchemaHistory(Schema current, List<Schema> released) {
        this.current = current;
        this.released = List.copyOf(released);
        Map<Long, Schema> map = new LinkedHashMap<>();
        for (Schema s : released) map.put(fingerprint(s), s);
        // The current schema last, so it wins if the latest release is identical to it (it usually is).
        map.put(fingerprint(current), current);
        this.byFingerprint = Collections.unmodifiableMap(map);
    }

    /** Loads the released versions of {@code current}'s record type from the classpath. */
    public static SchemaHistory forSchema(Schema current) {
        return new SchemaHistory(current, loadReleased(current));
    }

    /** A history from explicit schemas (for tests and tools that read schemas from elsewhere). */
    public static SchemaHistory of(Schema current, List<Schema> released) {
        for (Schema s : released) checkSameType(current, s, "given");
        return new SchemaHistory(current, released);
    }

    /** The CRC-64-AVRO fingerprint of the schema's parsing canonical form: what single-object headers carry. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** The schema new messages are written with and every message is decoded into. */
    public Schema current() {
        return current;
    }

    /** Released versions in order, v1 first (may include one identical to {@link #current()}). */
    public List<Schema> released() {
        return released;
    }

    /** Fingerprints this history can decode, released versions first. */
    public List<Long> fingerprints() {
        return List.copyOf(byFingerprint.keySet());
    }

    /** The schema with that fingerprint, or null if it is not a version of this type that we know. */
    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    private static List<Schema> loadReleased(Schema current) {
        List<Schema> out = new ArrayList<>();
        for (int v = 1; ; v++) {
            String resource = RESOURCE_DIR + current.getName() + ".v" + v + ".avsc";
            try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
                if (in == null) break;
                // A parser per file: versions of one type share its name, which a single parser would refuse.
                Schema s = new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                checkSameType(current, s, resource);
                out.add(s);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema history " + resource, e);
            }
        }
        return out;
    }

    private static void checkSameType(Schema current, Schema old, String where) {
        if (!current.getFullName().equals(old.getFullName())) {
            throw new IllegalArgumentException("schema history " + where + " is " + old.getFullName()
                    + ", expected a version of " + current.getFullName());
        }
    }
}
