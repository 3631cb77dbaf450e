package io.wakestream.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --json} end to end (real broker, mini cluster, real models): good files mixed with a bad one are all
 * played, the bad one is reported, the JSON lines carry the promised keys, and the exit code says a file was bad.
 */
class ReplayCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void replaysGoodFilesReportsBadOnesAndPrintsJsonLines() throws Exception {
        Path notAudio = Files.writeString(dir.resolve("broken.wav"), "RIFF? no.");
        String[] args = {"replay", "--json", "--model", ProjectFiles.model().toString(),
                "--vosk-model", ProjectFiles.voskModel().toString(),
                ProjectFiles.sample("hallway.wav").toString(), notAudio.toString(), ProjectFiles.sample("office.wav").toString()};
        CliRun run = CliRun.of(args);
        int exit = run.exit();
        String stderr = run.err();
        assertEquals(1, exit, "a bad file makes the exit code 1; stderr:\n" + stderr);
        assertTrue(stderr.contains(notAudio + ": "), "the bad file is named: " + stderr);

        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.out().split("\n")) {
            if (!line.isBlank()) lines.add(JSON.readTree(line));
        }
        assertEquals(2, lines.size(), "one wake event and one transcript, for hallway only: " + lines);
        JsonNode wake = lines.get(0), text = lines.get(1);
        assertEquals("wake", wake.get("type").asText());
        assertEquals("hallway", wake.get("deviceId").asText());
        assertEquals("jarvis", wake.get("wakeWord").asText());
        assertTrue(wake.get("score").asDouble() > 0 && wake.get("score").asDouble() <= 1, wake.toString());
        assertTrue(wake.get("audioStartMs").asLong() < wake.get("audioEndMs").asLong(), wake.toString());
        assertEquals("transcript", text.get("type").asText());
        assertEquals("hallway", text.get("deviceId").asText());
        assertTrue(text.get("text").asText().contains("tomorrow"), text.toString());
        assertTrue(text.get("audioStartMs").asLong() >= wake.get("audioEndMs").asLong(), text.toString());
        assertEquals(wake.get("eventId").asText(), text.get("wakeEventId").asText());
    }
    @Test
    void withPartialTranscriptsTheCommandIsFollowedAsItIsSpokenThenTranscribed() throws Exception {
        String[] args = {"replay", "--json", "--model", ProjectFiles.model().toString(),
                "--vosk-model", ProjectFiles.voskModel().toString(), "--streaming-recognizers", "2", "--partial-transcripts",
                ProjectFiles.sample("hallway.wav").toString()};
        CliRun run = CliRun.of(args);
        int exit = run.exit();
        assertEquals(0, exit, run.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.out().split("\n")) {
            if (!line.isBlank()) lines.add(JSON.readTree(line));
        }
        JsonNode wake = lines.get(0), text = lines.get(lines.size() - 1);
        assertEquals("wake", wake.get("type").asText(), lines.toString());
        assertEquals("transcript", text.get("type").asText(), lines.toString());
        List<JsonNode> partials = lines.subList(1, lines.size() - 1);
        assertTrue(!partials.isEmpty(), "partial transcripts between the wake event and the transcript: " + lines);
        for (int i = 0; i < partials.size(); i++) {
            JsonNode p = partials.get(i);
            assertEquals("partial", p.get("type").asText());
            assertEquals(i, p.get("sequence").asInt());
            assertEquals(wake.get("eventId").asText(), p.get("wakeEventId").asText());
            assertEquals(text.get("audioStartMs").asLong(), p.get("audioStartMs").asLong());
            assertTrue(p.get("audioEndMs").asLong() <= text.get("audioEndMs").asLong(), p.toString());
        }
        assertTrue(text.get("text").asText().contains("tomorrow"), text.toString());
    }
}
