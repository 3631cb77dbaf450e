package io.wakestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.audio.Pcm;
import io.wakestream.engine.audio.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserRecordingsTest {
    @TempDir
    Path dir;

    /** 0.3 s silence, 0.6 s "voice", 0.3 s silence at the given rate. */
    static void writeClip(Path file, int rate) throws IOException {
        float[] x = new float[rate * 12 / 10];
        for (int i = rate * 3 / 10; i < rate * 9 / 10; i++) x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 180 * i / rate));
        Files.createDirectories(file.getParent());
        WavWriter.write(file, Pcm.toPcm16(x), rate);
    }

    @Test
    void groupsBySpeakerFromFoldersAndFileNamesAndSkipsBrokenFiles() throws IOException {
        writeClip(dir.resolve("alice/001.wav"), 16000);
        writeClip(dir.resolve("alice/002.wav"), 44100);
        writeClip(dir.resolve("bob/take1.wav"), 8000);
        writeClip(dir.resolve("carol_kitchen_1.wav"), 16000);
        writeClip(dir.resolve("carol_kitchen_2.wav"), 22050);
        writeClip(dir.resolve("dave.wav"), 16000);
        Files.writeString(dir.resolve("bob/broken.wav"), "this is not a wav file");
        Files.write(dir.resolve("erin_silent.wav"), WavWriter.encode(new short[16000], 16000));
        Files.writeString(dir.resolve("notes.txt"), "hello");

        UserRecordings.Result r = UserRecordings.loadPositives(dir, "jarvis");
        Map<String, List<Clip>> by = r.bySpeaker();
        assertEquals(List.of("user:alice", "user:bob", "user:carol", "user:dave"), List.copyOf(by.keySet()));
        assertEquals(2, by.get("user:alice").size());
        assertEquals(1, by.get("user:bob").size());
        assertEquals(2, by.get("user:carol").size());
        for (Clip c : r.clips()) {
            assertTrue(c.positive());
            assertEquals(16000, c.audio().sampleRate());
            assertEquals(19200, c.audio().samples().length, 2);
            // boundaries estimated around the voiced part (0.3 s .. 0.9 s), within a frame plus the margin
            assertEquals(4800, c.phraseStartSample(), 500);
            assertEquals(14400, c.phraseEndSample(), 500);
        }
        assertEquals(3, r.problems().size(), r.problems().toString());
        UserRecordings.Problem broken = r.problems().stream()
                .filter(p -> p.file().endsWith(Path.of("bob", "broken.wav"))).findFirst().orElseThrow();
        assertTrue(broken.toString().contains("broken.wav") && broken.reason().startsWith("unreadable"), broken.toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.file().endsWith("erin_silent.wav") && p.reason().contains("silent")));
        assertTrue(r.problems().stream().anyMatch(p -> p.file().endsWith("notes.txt")));
    }

    @Test
    void speakerFromFileName() {
        assertEquals("alice", UserRecordings.speakerFromFileName("alice_003.wav"));
        assertEquals("carol", UserRecordings.speakerFromFileName("carol.WAV"));
        assertEquals("_x", UserRecordings.speakerFromFileName("_x.wav"));
    }

    @Test
    void noUsableFileIsAnErrorNamingTheFiles() throws IOException {
        Files.writeString(dir.resolve("bad_1.wav"), "nope");
        IOException e = assertThrows(IOException.class, () -> UserRecordings.loadPositives(dir, "jarvis"));
        assertTrue(e.getMessage().contains("bad_1.wav"), e.getMessage());
        assertThrows(IOException.class, () -> UserRecordings.loadNegatives(dir.resolve("missing")));
    }

    @Test
    void negativesHaveNoBoundaries() throws IOException {
        writeClip(dir.resolve("zed_tv.wav"), 16000);
        UserRecordings.Result r = UserRecordings.loadNegatives(dir);
        assertEquals(1, r.clips().size());
        assertEquals(-1, r.clips().get(0).phraseEndSample());
        assertEquals(Clip.Kind.SPEECH, r.clips().get(0).kind());
    }
}
