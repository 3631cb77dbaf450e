package io.wakestream.engine.oww;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wakestream.engine.TestAudio;
import io.wakestream.engine.model.OpenWakeWordConfig;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.engine.stream.OpenWakeWordEmbedder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The trainer builds head inputs with {@link OpenWakeWordEmbedder}; they must be exactly what the streaming engine
 * scores, or a head trained on them learns features it will never see.
 */
class OpenWakeWordEmbedderTest {
    @Test
    void headInputsGiveTheEnginesScoresAtEveryStep() throws Exception {
        WakeWordModel jarvis = OpenWakeWordModelsOnDisk.load("hey_jarvis");
        short[] speechThenSpeaker = heyJarvisThenSound();
        // The engine, fed in odd chunk sizes.
        OpenWakeWordScoresTest.Scored engine = OpenWakeWordScoresTest.run(jarvis, speechThenSpeaker, chunks(speechThenSpeaker.length));

        OpenWakeWordEmbedder embedder = new OpenWakeWordEmbedder(jarvis.openWakeWord());
        float[] embeddings = embedder.embeddings(speechThenSpeaker);
        int steps = speechThenSpeaker.length / OpenWakeWordConfig.STEP_SAMPLES;
        assertEquals(steps * OpenWakeWordConfig.EMBEDDING_SIZE, embeddings.length);
        assertEquals(steps, engine.scores().size());

        int window = embedder.windowFrames() * OpenWakeWordConfig.EMBEDDING_SIZE;
        float[] inputs = new float[steps * window];
        for (int s = 0; s < steps; s++) embedder.headInput(embeddings, s, inputs, s * window);
        float[] scores = new float[steps];
        jarvis.openWakeWord().score(inputs, steps, scores);
        float spread = 0;
        for (int s = OpenWakeWordConfig.WARM_UP_STEPS; s < steps; s++) {
            assertEquals(engine.scores().get(s), scores[s], 1e-6f, "step " + s);
            spread = Math.max(spread, Math.abs(scores[s] - scores[OpenWakeWordConfig.WARM_UP_STEPS]));
        }
        // Not a constant: the comparison above could fail.
        assertNotEquals(0f, spread);
    }

    @Test
    void earlyHeadInputsReachIntoTheWarmUpEmbeddings() {
        WakeWordModel jarvis = OpenWakeWordModelsOnDisk.load("hey_jarvis");
        OpenWakeWordEmbedder embedder = new OpenWakeWordEmbedder(jarvis.openWakeWord());
        short[] pcm = TestAudio.speechLikePcm(3, 3.0, 16000);
        float[] e = embedder.embeddings(pcm);
        int size = OpenWakeWordConfig.EMBEDDING_SIZE;
        float[] in = new float[embedder.windowFrames() * size];
        embedder.headInput(e, 2, in, 0);
        float[] warmUp = jarvis.openWakeWord().warmUpEmbeddings();
        // Step 2: the last 3 embeddings are the stream's, the 13 before them the warm-up's newest 13.
        int frames = embedder.windowFrames();
        assertEquals(Arrays.toString(Arrays.copyOfRange(warmUp, 3 * size, frames * size)),
                Arrays.toString(Arrays.copyOfRange(in, 0, (frames - 3) * size)));
        assertEquals(Arrays.toString(Arrays.copyOfRange(e, 0, 3 * size)),
                Arrays.toString(Arrays.copyOfRange(in, (frames - 3) * size, frames * size)));
        assertEquals(24, embedder.firstFullyHeardStep());
        assertThrows(IllegalArgumentException.class, () -> embedder.headInput(e, e.length / size, in, 0));
    }

    private static int[] chunks(int total) {
        int[] sizes = {7, 1280, 333, 4000, 1, 2559};
        int[] out = new int[total];
        int n = 0;
        for (int pos = 0, k = 0; pos < total; k++) {
            int c = Math.min(sizes[k % sizes.length], total - pos);
            out[n++] = c;
            pos += c;
        }
        return Arrays.copyOf(out, n);
    }

    /** "hey jarvis" (espeak-ng) followed by 2 s of speech-like sound: scores that rise and fall. */
    private static short[] heyJarvisThenSound() throws Exception {
        short[] phrase = OpenWakeWordScoresTest.heyJarvis("en-us", 150);
        short[] tail = TestAudio.speechLikePcm(9, 2.0, 16000);
        short[] out = Arrays.copyOf(phrase, phrase.length + tail.length);
        System.arraycopy(tail, 0, out, phrase.length, tail.length);
        return out;
    }
}
