package io.wakestream.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayInputTest {
    @TempDir
    Path dir;

    @Test
    void deviceIdIsTheBaseNameMadeSafe() {
        assertEquals("kitchen", ReplayInput.deviceId(Path.of("/a/b/kitchen.wav")));
        assertEquals("living.room", ReplayInput.deviceId(Path.of("living.room.wav")));
        assertEquals("my_clip__1_", ReplayInput.deviceId(Path.of("my clip (1).wav")));
        assertEquals("noext", ReplayInput.deviceId(Path.of("noext")));
        assertEquals(".hidden", ReplayInput.deviceId(Path.of(".hidden")));
        assertEquals(64, ReplayInput.deviceId(Path.of("x".repeat(100) + ".wav")).length());
        assertEquals("_", ReplayInput.deviceId(Path.of("..wav")));
        assertEquals("__", ReplayInput.deviceId(Path.of("...wav")));
        assertEquals("_", ReplayInput.deviceId(Path.of("\u00e9.wav")));
    }

    /** Whatever the file is called, its device id is one the capture agent accepts (it refuses "." and ".."). */
    @Test
    void everyDerivedIdIsAValidAgentDeviceId() {
        for (String name : List.of("..wav", "...wav", ".wav", "a b.wav", "x".repeat(100) + ".wav", "\u00e9\u00e8.wav",
                "-.wav", "..", "k/../x.wav", "tab\tname.wav", ".")) {
            String id = ReplayInput.deviceId(Path.of(name));
            assertEquals(id, io.wakestream.agent.DeviceId.of(id).value(), name);
        }
    }

    @Test
    void badFilesAreReportedAndGoodOnesKept() throws Exception {
        Path good = dir.resolve("good.wav");
        Files.copy(ProjectFiles.sample("office.wav"), good);
        Path notWav = Files.writeString(dir.resolve("notes.wav"), "this is text, not audio");
        Path empty = Files.write(dir.resolve("empty.wav"), new byte[0]);
        byte[] whole = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("cut.wav"), java.util.Arrays.copyOf(whole, 1_000));
        Path missing = dir.resolve("missing.wav");
        Path sameName = dir.resolve("other");
        Files.createDirectories(sameName);
        Path duplicate = Files.copy(good, sameName.resolve("good.wav"));

        ReplayInput in = ReplayInput.check(List.of(good, notWav, empty, truncated, missing, duplicate));

        assertEquals(1, in.devices().size());
        assertEquals("good", in.devices().get(0).deviceId());
        assertTrue(in.devices().get(0).durationMs() > 4_000, "office.wav is over 4 s: " + in.devices().get(0));
        assertEquals(5, in.problems().size(), in.problems().toString());
        for (Path bad : List.of(notWav, empty, truncated, missing, duplicate)) {
            assertTrue(in.problems().stream().anyMatch(p -> p.startsWith(bad + ": ")), "no problem reported for " + bad + ": " + in.problems());
        }
        assertTrue(in.problems().stream().anyMatch(p -> p.contains("already taken")), in.problems().toString());
        assertTrue(in.problems().stream().anyMatch(p -> p.startsWith(missing + ": no such file")), in.problems().toString());
    }
}
