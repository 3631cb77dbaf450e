package io.wakestream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Guards schema evolution: every current schema in {@code src/main/avro} must read data written with each
 * released version in {@code src/main/avro-history} (so consumers built today read old devices), and each released
 * version must read data written with the current schema (so consumers not yet upgraded read new devices). Also
 * that every change is recorded as a new released version, and that everything is documented.
 */
class SchemaCompatibilityTest {
    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path HISTORY = Path.of("src/main/avro-history");
    private static final Pattern VERSION_FILE = Pattern.compile("(.+)\\.v(\\d+)\\.avsc");

    @TestFactory
    Stream<DynamicTest> currentSchemasReadEveryReleasedVersionAndBack() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : currentSchemaFiles()) {
            Schema current = parse(file);
            List<Schema> released = releasedVersions(current.getName());
            for (int i = 0; i < released.size(); i++) {
                Schema old = released.get(i);
                String v = current.getName() + ".v" + (i + 1);
                tests.add(DynamicTest.dynamicTest("current " + current.getName() + " reads data written with " + v,
                        () -> assertCompatible(current, old, "current " + current.getName() + " reading " + v)));
                tests.add(DynamicTest.dynamicTest(v + " reads data written with current " + current.getName(),
                        () -> assertCompatible(old, current, v + " reading current " + current.getName())));
            }
        }
        return tests.stream();
    }

    @Test
    void everyCurrentSchemaIsRecordedAsAReleasedVersion() throws IOException {
        for (Path file : currentSchemaFiles()) {
            Schema current = parse(file);
            List<Schema> released = releasedVersions(current.getName());
            assertFalse(released.isEmpty(), "no released versions of " + current.getName() + " in " + HISTORY);
            long fp = SchemaHistory.fingerprint(current);
            boolean recorded = released.stream().anyMatch(s -> SchemaHistory.fingerprint(s) == fp);
            assertTrue(recorded, current.getName() + " has changed since its last released version: copy "
                    + file + " to " + HISTORY.resolve(current.getName() + ".v" + (released.size() + 1) + ".avsc")
                    + " so decoders keep reading what it writes after the next change");
        }
    }

    @Test
    void runtimeHistoryHasEveryReleasedVersion() throws IOException {
        for (Path file : currentSchemaFiles()) {
            Schema current = parse(file);
            SchemaHistory history = SchemaHistory.forSchema(current);
            List<Schema> onDisk = releasedVersions(current.getName());
            assertEquals(onDisk, history.released(), "classpath history of " + current.getName());
            for (Schema s : onDisk) assertNotNull(history.findByFingerprint(SchemaHistory.fingerprint(s)));
        }
    }

    @Test
    void everyRecordAndFieldIsDocumented() throws IOException {
        for (Path file : currentSchemaFiles()) {
            assertDocumented(parse(file), file.toString());
        }
    }

    @Test
    void theCheckCatchesAnIncompatibleChange() {
        Schema v1 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                + "{\"name\":\"a\",\"type\":\"string\"}]}");
        // A new required field without a default cannot be filled in from old data.
        Schema v2 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"long\"}]}");
        String problems = incompatibility(v2, v1);
        assertTrue(problems.contains("b"), problems);
        assertEquals("", incompatibility(v1, v2), "old readers skip the new field");
    }

    private static void assertCompatible(Schema reader, Schema writer, String what) {
        String problems = incompatibility(reader, writer);
        if (!problems.isEmpty()) fail(what + " is incompatible: " + problems);
    }

    /** Empty if {@code reader} can read {@code writer}'s data, else Avro's description of each incompatibility. */
    static String incompatibility(Schema reader, Schema writer) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) return "";
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .collect(Collectors.joining("; "));
    }

    private static void assertDocumented(Schema schema, String where) {
        if (schema.getType() == Schema.Type.ARRAY) {
            assertDocumented(schema.getElementType(), where);
            return;
        }
        if (schema.getType() == Schema.Type.UNION) {
            for (Schema s : schema.getTypes()) assertDocumented(s, where);
            return;
        }
        if (schema.getType() != Schema.Type.RECORD) return;
        assertTrue(hasText(schema.getDoc()), where + ": record " + schema.getName() + " has no doc");
        for (Schema.Field f : schema.getFields()) {
            assertTrue(hasText(f.doc()), where + ": field " + schema.getName() + "." + f.name() + " has no doc");
            assertDocumented(f.schema(), where);
        }
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }

    private static List<Path> currentSchemaFiles() throws IOException {
        try (Stream<Path> files = Files.list(CURRENT)) {
            List<Path> out = files.filter(p -> p.toString().endsWith(".avsc")).sorted().collect(Collectors.toList());
            assertFalse(out.isEmpty(), "no schemas in " + CURRENT.toAbsolutePath());
            return out;
        }
    }

    /** v1, v2, ... of one record, checking the numbering has no holes (a hole would hide later versions). */
    private static List<Schema> releasedVersions(String name) throws IOException {
        List<Integer> numbers;
        try (Stream<Path> files = Files.list(HISTORY)) {
            numbers = files.map(p -> VERSION_FILE.matcher(p.getFileName().toString()))
                    .filter(m -> m.matches() && m.group(1).equals(name))
                    .map(m -> Integer.parseInt(m.group(2))).sorted().collect(Collectors.toList());
        }
        List<Schema> out = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(i + 1, numbers.get(i), "released versions of " + name + " must be numbered v1, v2, ...");
            out.add(parse(HISTORY.resolve(name + ".v" + (i + 1) + ".avsc")));
        }
        return out;
    }

    private static Schema parse(Path file) throws IOException {
        return new Schema.Parser().parse(file.toFile());
    }
}
