package io.wakestream.engine.vad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.wakestream.engine.model.ModelLoadException;
import io.wakestream.engine.oww.SynthesizedSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Silero VAD v4 model the build fetches (models/openwakeword/silero_vad/silero_vad.onnx). */
class SileroVadTest {
    private static final int FRAME = SileroVad.FRAME_SAMPLES;

    static Path modelFile() {
        Path dir = Path.of(System.getProperty("openwakeword.dir", "../openwakeword")).toAbsolutePath().normalize();
        Path file = dir.resolve("silero_vad").resolve("silero_vad.onnx");
        if (!Files.isRegularFile(file)) {
            fail("Silero VAD is not at " + file + ": `mvn -B verify` fetches it before the tests (it needs npm), "
                    + "or run `./wakestream models fetch openwakeword`");
        }
        return file;
    }

    static SileroVad vad() throws ModelLoadException {
        return SileroVad.load(modelFile());
    }

    /** Every frame's probability, feeding {@code pcm} in chunks of the given sizes (cycled). */
    static float[] probabilities(SileroVad vad, SileroVadState s, short[] pcm, int... chunks) {
        float[] out = new float[(s.pending().length + pcm.length) / FRAME];
        int[] n = {0};
        int pos = 0;
        for (int k = 0; pos < pcm.length; k++) {
            int len = Math.min(chunks[k % chunks.length], pcm.length - pos);
            assertEquals(len, vad.accept(s, pcm, pos, len, p -> {
                out[n[0]++] = p;
                return false;
            }));
            pos += len;
        }
        assertEquals(out.length, n[0]);
        return out;
    }

    private static short[] noise(int samples, double sd, long seed) {
        Random r = new Random(seed);
        short[] pcm = new short[samples];
        for (int i = 0; i < pcm.length; i++) pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(r.nextGaussian() * sd)));
        return pcm;
    }

    private static float max(float[] a, int from, int to) {
        float m = 0;
        for (int i = from; i < to; i++) m = Math.max(m, a[i]);
        return m;
    }

    @Test
    void silenceAndNoiseAreNotSpeech() throws Exception {
        SileroVad vad = vad();
        float[] silence = probabilities(vad, vad.newState(), new short[16_000 * 3], 1600);
        assertTrue(max(silence, 0, silence.length) < 0.1, "silence max probability " + max(silence, 0, silence.length));
        // Steady hiss at about -40 dBFS, loud enough that the energy VAD's default threshold calls it speech.
        float[] hiss = probabilities(vad, vad.newState(), noise(16_000 * 3, 330, 7), 1600);
        assertTrue(max(hiss, 0, hiss.length) < 0.5, "white noise max probability " + max(hiss, 0, hiss.length));
    }

    @Test
    void synthesizedSpeechIsSpeechWhileItLasts() throws Exception {
        SileroVad vad = vad();
        short[] speech = SynthesizedSpeech.speak("turn on the lights in the kitchen and set a timer for ten minutes", "en-us", 150);
        int before = 16_000, after = 16_000;
        short[] pcm = SynthesizedSpeech.padded(speech, before, after, 3);
        float[] p = probabilities(vad, vad.newState(), pcm, 1600);
        int firstSpeechFrame = before / FRAME, lastSpeechFrame = (before + speech.length) / FRAME;
        assertTrue(max(p, 0, firstSpeechFrame - 1) < 0.5, "before the speech: max " + max(p, 0, firstSpeechFrame - 1));
        int speechFrames = 0, during = lastSpeechFrame - firstSpeechFrame;
        for (int f = firstSpeechFrame; f < lastSpeechFrame; f++) if (p[f] >= 0.5) speechFrames++;
        // Pauses between words are short; most 32 ms frames of a sentence are speech.
        assertTrue(speechFrames >= during * 0.6, speechFrames + " of " + during + " frames during speech at >= 0.5");
        // Half a second after the speech the model has let go (its end-of-speech lag is a few frames).
        int settled = lastSpeechFrame + 16;
        assertTrue(max(p, settled, p.length) < 0.5, "0.5 s after the speech: max " + max(p, settled, p.length));
    }

    @Test
    void anyChunkSizesGiveTheSameProbabilitiesAndState() throws Exception {
        SileroVad vad = vad();
        short[] pcm = SynthesizedSpeech.padded(SynthesizedSpeech.speak("what is the weather tomorrow", "en-us", 160), 8000, 8000, 5);
        SileroVadState whole = vad.newState();
        float[] a = probabilities(vad, whole, pcm, pcm.length);
        SileroVadState pieces = vad.newState();
        float[] b = probabilities(vad, pieces, pcm, 1, 511, 513, 160, 1600, 7, 4096);
        assertArrayEquals(a, b);
        assertEquals(whole, pieces);
        // A state restored from its parts goes on exactly as the original.
        SileroVadState restored = new SileroVadState(pieces.h(), pieces.c(), pieces.pending(), pieces.frames());
        short[] more = noise(5000, 2000, 11);
        assertArrayEquals(probabilities(vad, pieces, more, 300), probabilities(vad, restored, more, 999));
        assertEquals(pieces, restored);
    }

    @Test
    void aListenerStopsAtTheEndOfAFrame() throws Exception {
        SileroVad vad = vad();
        SileroVadState s = vad.newState();
        int[] frames = {0};
        int consumed = vad.accept(s, new short[3000], 100, 2900, p -> ++frames[0] == 2);
        assertEquals(2 * FRAME, consumed);
        assertEquals(2, s.frames());
        assertEquals(0, s.pending().length);
    }

    @Test
    void oneSharedModelPerFile() throws Exception {
        assertSame(vad(), SileroVad.load(modelFile().getParent().resolve("..").resolve("silero_vad").resolve("silero_vad.onnx")));
    }

    @Test
    void aMissingFileIsRefusedByName(@TempDir Path tmp) {
        Path missing = tmp.resolve("nope.onnx");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> SileroVad.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void aFileThatIsNotOnnxIsRefusedByName(@TempDir Path tmp) throws Exception {
        Path junk = tmp.resolve("silero_vad.onnx");
        Files.writeString(junk, "not a model");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> SileroVad.load(junk));
        assertTrue(e.getMessage().startsWith(junk.toRealPath().toString()) && e.getMessage().contains("cannot load"), e.getMessage());
    }

    @Test
    void anotherModelIsRefusedSayingWhatDiffers() throws Exception {
        Path mel = modelFile().getParent().getParent().resolve("hey_jarvis").resolve("melspectrogram.onnx");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> SileroVad.load(mel));
        assertTrue(e.getMessage().startsWith(mel.toRealPath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not the Silero VAD v4 interface") && e.getMessage().contains("its inputs are"), e.getMessage());
    }
}
