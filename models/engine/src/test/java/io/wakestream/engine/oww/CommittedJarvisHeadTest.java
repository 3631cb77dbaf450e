package io.wakestream.engine.oww;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.TestAudio;
import io.wakestream.engine.model.ModelLoadException;
import io.wakestream.engine.model.WakeWordModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed heads over openWakeWord's embeddings, {@code models/jarvis} (the default, jarvis-oww3) and
 * {@code models/jarvis-oww} (the first), whose manifests point at the feature models of the fetched
 * {@code models/openwakeword/hey_jarvis} folder. Each loads once they are fetched, detects "jarvis" from espeak-ng
 * voices and stays quiet on silence, noise and other words.
 */
class CommittedJarvisHeadTest {
    static WakeWordModel load(String folder) {
        OpenWakeWordModelsOnDisk.dir(); // fails with the fetch hint when the feature models are missing
        try {
            return WakeWordModel.loadFresh(Path.of("..", folder).toAbsolutePath().normalize());
        } catch (ModelLoadException e) {
            throw new AssertionError("models/" + folder + " does not load: " + e.getMessage(), e);
        }
    }

    @ParameterizedTest(name = "models/{0}")
    @ValueSource(strings = {"jarvis", "jarvis-oww"})
    void detectsJarvisAndIgnoresOtherSounds(String folder) throws Exception {
        try (WakeWordModel head = load(folder)) {
            assertTrue(head.manifest().usesOpenWakeWord());
            assertEquals("jarvis", head.manifest().wakePhrase());
            // Their model cards measured over 80% recall at their thresholds on voices they never trained on; eight
            // espeak-ng voices (some of them trained on) must do at least as well as 5 of 8 (62%), each at most once.
            List<String> voices = List.of("en-us", "en+m7", "en-us+f3", "en-gb", "en+m3", "en-us+f4", "en-gb-x-rp+m5", "en+f2");
            List<String> caught = new ArrayList<>();
            List<String> missed = new ArrayList<>();
            for (String voice : voices) {
                short[] pcm = SynthesizedSpeech.padded(SynthesizedSpeech.speak("jarvis", voice, 150), 24000, 16000, 1);
                OpenWakeWordScoresTest.Scored s = OpenWakeWordScoresTest.run(head, pcm);
                assertTrue(s.detections().size() <= 1, voice + ": " + s.detections());
                (s.detections().size() == 1 ? caught : missed).add(voice + " (max score " + s.max() + ")");
            }
            assertTrue(caught.size() >= 5, "caught " + caught + ", missed " + missed);

            for (String other : List.of("service", "harvest", "turn on the lights")) {
                short[] pcm = SynthesizedSpeech.padded(SynthesizedSpeech.speak(other, "en-us", 150), 24000, 16000, 1);
                assertEquals(0, OpenWakeWordScoresTest.run(head, pcm).detections().size(), "\"" + other + "\" detected");
            }
            short[] silence = new short[16000 * 6];
            assertTrue(OpenWakeWordScoresTest.run(head, silence).max() < 0.5f);
            short[] noise = TestAudio.speechLikePcm(4, 6.0, 16000);
            assertEquals(0, OpenWakeWordScoresTest.run(head, noise).detections().size());
        }
    }
}
