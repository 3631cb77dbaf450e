package io.wakestream.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", "_", "-", "kitchen-1", "pi.living_room-03", "ABCxyz.789_-", ".hidden", "a..b"})
    void acceptsTheAllowedAlphabet(String id) {
        assertEquals(id, DeviceId.of(id).value());
    }

    @Test
    void acceptsExactly64Characters() {
        String id = "d".repeat(64);
        assertEquals(id, DeviceId.of(id).value());
    }

    @Test
    void refusesMissingEmptyAndTooLong() {
        assertTrue(message(null).startsWith("device id is missing"), message(null));
        assertTrue(message("").startsWith("device id is empty"), message(""));
        assertEquals("device id is 65 characters long, at most 64 are allowed", message("d".repeat(65)));
    }

    @Test
    void namesTheOffendingCharacterAndItsPosition() {
        assertEquals("device id \"kitchen 1\" has (U+0020) at position 8: use 1 to 64 characters of A-Z, a-z, 0-9,"
                + " '.', '_' and '-'", message("kitchen 1"));
        assertTrue(message("a/b").contains("'/' (U+002F) at position 2"), message("a/b"));
        assertTrue(message("küche").contains("'ü' (U+00FC) at position 2"), message("küche"));
        // A trailing newline from a config file: visible, escaped, and cannot split the log line.
        String m = message("dev1\n");
        assertTrue(m.contains("\"dev1\\u000A\"") && m.contains("(U+000A) at position 5"), m);
        assertTrue(!m.contains("\n"), m);
        assertTrue(message("dev:1").contains("':'"), message("dev:1"));
        assertTrue(message("😀").contains("U+1F600"), message("😀"));
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "..."})
    void refusesIdsThatArePathNavigation(String id) {
        assertTrue(message(id).contains("is only dots"), message(id));
    }

    @Test
    void simulatedDevicesAreNumberedAndStillValid() {
        DeviceId base = DeviceId.of("load");
        assertEquals("load-0", base.simulated(0).value());
        assertEquals("load-199", base.simulated(199).value());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceId.of("d".repeat(62)).simulated(10));
        assertTrue(e.getMessage().contains("too long to number simulated devices"), e.getMessage());
    }

    @Test
    void keyIsTheIdInUtf8() {
        assertArrayEquals("kitchen-1".getBytes(StandardCharsets.UTF_8), DeviceId.of("kitchen-1").keyBytes());
    }

    private static String message(String id) {
        return assertThrows(IllegalArgumentException.class, () -> DeviceId.of(id)).getMessage();
    }
}
