package io.wakestream.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceIdsTest {
    @Test
    void visibleIdsUpToTheLimitAreValid() {
        for (String id : new String[] {"a", "kitchen-1", "dev_2.b", "Küche", "客厅", "mic#3/left", "x".repeat(128)}) {
            assertNull(DeviceIds.problem(id), id);
        }
    }

    @Test
    void eachKindOfBadIdIsNamed() {
        assertEquals("is missing", DeviceIds.problem(null));
        assertEquals("is empty", DeviceIds.problem(""));
        assertEquals("is 129 characters long (at most 128)", DeviceIds.problem("x".repeat(129)));
        assertTrue(DeviceIds.problem("a\tb").startsWith("contains control character U+0009 at index 1"));
        assertTrue(DeviceIds.problem("a b").startsWith("contains whitespace U+0020 at index 1"));
        assertTrue(DeviceIds.problem("ab\u200Bc").startsWith("contains invisible format character U+200B at index 2"));
        assertTrue(DeviceIds.problem("a\uD800").startsWith("contains unpaired surrogate U+D800 at index 1"));
        assertTrue(DeviceIds.problem("a\u0378").startsWith("contains unassigned character U+0378"));
        assertFalse(DeviceIds.isValid("line\u2028sep"));
    }

    @Test
    void quotingEscapesWhatCannotBeSeenAndCutsLongIds() {
        assertEquals("\"bad\\u0007id\"", DeviceIds.quote("bad\u0007id"));
        assertEquals("\"say \\\"hi\\\"\"".replace(" ", "\\u0020"), DeviceIds.quote("say \"hi\""));
        assertEquals("\"" + "y".repeat(64) + "\"...", DeviceIds.quote("y".repeat(200)));
        assertEquals("null", DeviceIds.quote(null));
    }
}
