package io.wakestream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.audio.WavReader;
import io.wakestream.schemas.AudioChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one device costs in keyed state with the default model, measured on the serialized form every backend
 * stores: idle, and in the middle of a command (the command's audio is kept until it ends). The figures are printed
 * for the README.
 */
class DeviceStateSizeTest {
    private static final int CHUNK = 1600;

    @Test
    void anIdleDeviceIsAFewKilobytesAndAnOpenCommandAddsItsAudio() throws Exception {
        Path jarvis = Path.of(System.getProperty("wake.model.dir", "../../models/jarvis"));
        Path kitchen = Path.of("../../samples/kitchen.wav"); // "Jarvis", then "turn on the kitchen lights"
        assertTrue(Files.isRegularFile(kitchen), kitchen.toAbsolutePath() + " is missing");
        short[] sample = WavReader.read(kitchen).samples();
        short[] audio = Signals.concat(Signals.silence(DetectableLead.samples(jarvis, sample)), sample);
        List<AudioChunk> chunks = Signals.chunks("kitchen", "s", audio, CHUNK, 0);
        try (Rig rig = new Rig(PipelineConfig.defaults(jarvis.toString()))) {
            rig.at(1_000);
            int idleBytes = 0, i = 0;
            // Feed until the wake event; the state just before it is the idle size (silence and the phrase so far).
            while (rig.wakes().isEmpty()) {
                assertTrue(i < chunks.size(), "the default model found no wake word in " + kitchen);
                idleBytes = rig.stateBytes("kitchen");
                rig.process(chunks.get(i++)).pause();
            }
            // One more second of the command: the open command holds its audio so far.
            for (int k = 0; k < 10 && i < chunks.size(); k++) rig.process(chunks.get(i++)).pause();
            assertTrue(rig.commands().isEmpty(), "the command is still open");
            int midCommandBytes = rig.stateBytes("kitchen");
            System.out.printf("device state: idle %d bytes, mid-command (about 1 s of command audio) %d bytes%n", idleBytes, midCommandBytes);
            assertTrue(idleBytes > 0 && idleBytes < 16 * 1024, "idle state " + idleBytes + " bytes");
            int commandAudio = midCommandBytes - idleBytes;
            assertTrue(commandAudio >= 2 * CHUNK * 10 && commandAudio <= 2 * CHUNK * 14,
                    "an open command costs 2 bytes per sample of its audio: " + commandAudio + " bytes more than idle");
            assertFalse(rig.wakes().isEmpty());
            assertEquals(List.of(), rig.rejected());
        }
    }
}
