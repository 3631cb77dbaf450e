package io.wakestream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.audio.WavReader;
import io.wakestream.schemas.AudioChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What one device costs in keyed state, measured on the serialized form every backend stores: idle, and in the
 * middle of a command (the command's audio is kept until it ends), with the default model (the openWakeWord head
 * {@code models/jarvis}, whose state holds its mel frames and embeddings) and the MFCC model {@code models/jarvis-v23}
 * (its MFCC window). The figures are printed for the README.
 */
class DeviceStateSizeTest {
    private static final int CHUNK = 1600;

    @ParameterizedTest(name = "models/{0}")
    @ValueSource(strings = {"jarvis", "jarvis-v23"})
    void anIdleDeviceIsAFewKilobytesAndAnOpenCommandAddsItsAudio(String folder) throws Exception {
        // The MFCC window is 100 x 13 floats; openWakeWord's is 76 mel frames x 32 and 16 embeddings x 96 (15.9 KB).
        int idleLimit = folder.equals("jarvis") ? 32 * 1024 : 16 * 1024;
        Path jarvis = Path.of("../../models", folder);
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
                assertTrue(i < chunks.size(), jarvis + " found no wake word in " + kitchen);
                idleBytes = rig.stateBytes("kitchen");
                rig.process(chunks.get(i++)).pause();
            }
            // One more second of the command: the open command holds its audio so far.
            for (int k = 0; k < 10 && i < chunks.size(); k++) rig.process(chunks.get(i++)).pause();
            assertTrue(rig.commands().isEmpty(), "the command is still open");
            int midCommandBytes = rig.stateBytes("kitchen");
            System.out.printf(folder + ": device state: idle %d bytes, mid-command (about 1 s of command audio) %d bytes%n", idleBytes, midCommandBytes);
            assertTrue(idleBytes > 0 && idleBytes < idleLimit, "idle state " + idleBytes + " bytes");
            int commandAudio = midCommandBytes - idleBytes;
            assertTrue(commandAudio >= 2 * CHUNK * 10 && commandAudio <= 2 * CHUNK * 14,
                    "an open command costs 2 bytes per sample of its audio: " + commandAudio + " bytes more than idle");
            assertFalse(rig.wakes().isEmpty());
            assertEquals(List.of(), rig.rejected());
        }
    }
}
