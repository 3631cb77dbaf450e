package io.wakestream.engine.oww;

import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_SIZE;
import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_WINDOW_FRAMES;
import static io.wakestream.engine.model.OpenWakeWordConfig.MEL_BANDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.TestAudio;
import io.wakestream.engine.features.OpenWakeWordStreamState;
import io.wakestream.engine.model.IncrementalEmbedding;
import io.wakestream.engine.model.OpenWakeWordModels;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.engine.stream.ScoringBatch;
import io.wakestream.engine.stream.WakeWordEngine;
import io.wakestream.engine.stream.WakeWordStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The frontend's allocation-free calls (reused native buffers) against the plain ones, bit for bit, and a lone
 * embedding window against the same window in a batch: scores must not depend on buffer reuse or batch size.
 */
class OpenWakeWordModelsTest {
    private static final int WINDOW = EMBEDDING_WINDOW_FRAMES * MEL_BANDS;

    static float[] asFloats(short[] pcm) {
        float[] f = new float[pcm.length];
        for (int i = 0; i < f.length; i++) f[i] = pcm[i];
        return f;
    }

    /** Mel windows of {@code audio}, starting 8 frames apart, back to back. */
    static float[] windows(OpenWakeWordModels m, float[] audio, int count) {
        float[] mel = m.melspectrogram(audio, 0, audio.length);
        float[] out = new float[count * WINDOW];
        for (int w = 0; w < count; w++) System.arraycopy(mel, w * 8 * MEL_BANDS, out, w * WINDOW, WINDOW);
        return out;
    }

    @Test
    void reusedBuffersGiveTheBitsOfFreshCalls() {
        WakeWordModel model = OpenWakeWordModelsOnDisk.load("hey_jarvis");
        OpenWakeWordModels m = model.openWakeWord();
        float[] audio = asFloats(TestAudio.speechLikePcm(3, 2.0, 16000));
        OpenWakeWordModels.Buffers buffers = new OpenWakeWordModels.Buffers();
        // Large calls first, so later small ones reuse buffers holding stale values past their end.
        float[] windows = windows(m, audio, 12);
        float[] batched = new float[12 * EMBEDDING_SIZE];
        m.embed(windows, 12, buffers, batched);
        assertArrayEquals(m.embed(windows, 12), batched, 0f);
        for (int offset : new int[] {0, 4000, 16000}) {
            for (int samples : new int[] {1760, 1280}) {
                float[] mel = new float[OpenWakeWordModels.melFrames(samples) * MEL_BANDS + 3];
                m.melspectrogram(audio, offset, samples, buffers, mel, 3);
                float[] fresh = m.melspectrogram(audio, offset, samples);
                assertArrayEquals(fresh, Arrays.copyOfRange(mel, 3, mel.length), 0f, "mel at " + offset + ", " + samples + " samples");
            }
        }
        float[] head = new float[2 * model.manifest().windowFrames() * EMBEDDING_SIZE];
        float[] warm = m.warmUpEmbeddings();
        System.arraycopy(warm, 0, head, 0, warm.length);
        for (int i = 0; i < warm.length; i++) head[warm.length + i] = batched[i % batched.length];
        float[] scores = new float[2];
        float[] fresh = new float[2];
        m.score(head, 2, scores, buffers);
        m.score(head, 2, fresh);
        assertArrayEquals(fresh, scores, 0f);
    }

    @Test
    void aLoneWindowEmbedsAsInABatch() {
        OpenWakeWordModels m = OpenWakeWordModelsOnDisk.load("hey_jarvis").openWakeWord();
        float[] windows = windows(m, asFloats(TestAudio.speechLikePcm(7, 3.0, 16000)), 20);
        float[] batched = m.embed(windows, 20);
        OpenWakeWordModels.Buffers buffers = new OpenWakeWordModels.Buffers();
        float[] alone = new float[EMBEDDING_SIZE];
        for (int w = 0; w < 20; w++) {
            m.embed(Arrays.copyOfRange(windows, w * WINDOW, (w + 1) * WINDOW), 1, buffers, alone);
            assertArrayEquals(Arrays.copyOfRange(batched, w * EMBEDDING_SIZE, (w + 1) * EMBEDDING_SIZE), alone, 0f,
                    "window " + w + " (embedded alone: " + m.embedsLoneWindowAlone() + ")");
        }
    }

    @Test
    void incrementalEmbeddingGivesTheWholeModelsBits() {
        OpenWakeWordModels m = OpenWakeWordModelsOnDisk.load("hey_jarvis").openWakeWord();
        IncrementalEmbedding inc = m.incremental();
        // Derived from the model at load and checked there on the warm-up windows; null would mean the engine fell
        // back to the whole model per window (same scores, about 3.5 times the CPU).
        assertNotNull(inc, "the incremental embedding model is in use");
        int count = 24;
        float[] windows = windows(m, asFloats(TestAudio.speechLikePcm(11, 4.0, 16000)), count);
        float[] whole = m.embed(windows, count);
        OpenWakeWordModels.Buffers buffers = new OpenWakeWordModels.Buffers();
        float[] embedding = new float[EMBEDDING_SIZE];
        float[] history = new float[inc.historySize()];
        inc.prime(windows, 1, buffers, embedding, history);
        int tail = IncrementalEmbedding.TAIL_FRAMES * MEL_BANDS;
        for (int w = 0; w < count; w++) {
            if (w > 0) inc.step(Arrays.copyOfRange(windows, (w + 1) * WINDOW - tail, (w + 1) * WINDOW), history, 1, buffers, embedding);
            assertArrayEquals(Arrays.copyOfRange(whole, w * EMBEDDING_SIZE, (w + 1) * EMBEDDING_SIZE), embedding, 0f, "window " + w);
        }
    }

    /** Scores of {@code stream} on {@code pcm} fed in 100 ms chunks, scored after each. */
    static List<Float> scores(WakeWordEngine engine, WakeWordStream stream, short[] pcm, int from, int to) {
        List<Float> out = new ArrayList<>();
        ScoringBatch<Integer> batch = engine.newBatch(2);
        for (int pos = from; pos < to; pos += 1600) {
            engine.accept(stream, 0, pcm, pos, Math.min(1600, to - pos), batch);
            engine.scoreAndDetect(batch, i -> stream, null, (i, frame, score) -> out.add(score));
        }
        return out;
    }

    @Test
    void aRestoredStreamScoresAsOneNeverRestored() {
        // A state rebuilt from its parts (as after a Flink restore) has no incremental history: its next step runs
        // the whole model and primes one. Its scores must be the uninterrupted stream's, bit for bit.
        WakeWordModel model = OpenWakeWordModelsOnDisk.load("hey_jarvis");
        WakeWordEngine engine = new WakeWordEngine(model);
        short[] pcm = TestAudio.speechLikePcm(5, 4.0, 16000);
        WakeWordStream stream = engine.newStream();
        scores(engine, stream, pcm, 0, 30000);
        OpenWakeWordStreamState o = stream.openWakeWord();
        OpenWakeWordStreamState parts = new OpenWakeWordStreamState(o.audio(), o.pending(), o.samplesSeen(), o.steps(), o.mel(), o.embeddings(), o.energiesDb());
        assertEquals(null, parts.incrementalHistory());
        WakeWordStream restored = new WakeWordStream(parts, engine.newStream().detector());
        List<Float> expected = scores(engine, stream, pcm, 30000, pcm.length);
        List<Float> got = scores(engine, restored, pcm, 30000, pcm.length);
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Float.floatToIntBits(expected.get(i)), Float.floatToIntBits(got.get(i)), "score " + i + ": " + expected.get(i) + " vs " + got.get(i));
        }
    }

    @Test
    void stepsMelspectrogramTogetherAsAloneEachWithItsOwnFloor() {
        OpenWakeWordModels m = OpenWakeWordModelsOnDisk.load("hey_jarvis").openWakeWord();
        assertTrue(m.batchesMelspectrogram(), "the batched melspectrogram model is in use");
        // Loud speech-like steps beside near-silent ones: batched naively, the loud steps' maximum would floor the
        // quiet ones' frames.
        short[] loud = TestAudio.speechLikePcm(2, 1.0, 16000);
        float[] audio = new float[9 * 1760];
        int[] from = new int[9];
        for (int i = 0; i < 9; i++) {
            from[i] = i * 1760;
            for (int k = 0; k < 1760; k++) audio[from[i] + k] = i % 3 == 1 ? (k % 7) - 3 : loud[i * 1280 + k];
        }
        OpenWakeWordModels.Buffers buffers = new OpenWakeWordModels.Buffers();
        for (int count = 1; count <= 9; count++) {
            float[] together = new float[count * 8 * MEL_BANDS];
            m.melspectrogramSteps(audio, from, count, buffers, together);
            for (int i = 0; i < count; i++) {
                assertArrayEquals(m.melspectrogram(audio, from[i], 1760), Arrays.copyOfRange(together, i * 8 * MEL_BANDS, (i + 1) * 8 * MEL_BANDS), 0f,
                        "step " + i + " of " + count);
            }
        }
    }

    @Test
    void headWindowsScoreTheSameInABatchAsAlone() {
        // hey_jarvis's head is exported for one window and ends in an If that runs a verifier network on high
        // scores; the engine runs a batched form of it (checked at load against the one-window model).
        WakeWordModel model = OpenWakeWordModelsOnDisk.load("hey_jarvis");
        OpenWakeWordModels m = model.openWakeWord();
        assertTrue(m.batchesHead(), "the batched head is in use");
        int size = model.manifest().windowFrames() * EMBEDDING_SIZE;
        int count = 13;
        float[] windows = new float[count * size];
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < windows.length; i++) windows[i] = (float) r.nextGaussian() * (i < 6 * size ? 0.3f : 3f);
        float[] together = new float[count];
        m.score(windows, count, together);
        boolean high = false;
        boolean low = false;
        for (int w = 0; w < count; w++) {
            float[] alone = new float[1];
            m.score(Arrays.copyOfRange(windows, w * size, (w + 1) * size), 1, alone);
            assertEquals(Float.floatToIntBits(alone[0]), Float.floatToIntBits(together[w]), "window " + w + ": " + alone[0] + " vs " + together[w]);
            high |= alone[0] > 0.5f;
            low |= alone[0] < 0.5f;
        }
        assertTrue(high && low, "windows on both sides of the verifier's threshold");
    }
}
