package io.wakestream.engine.oww;

import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_SIZE;
import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_WINDOW_FRAMES;
import static io.wakestream.engine.model.OpenWakeWordConfig.MEL_BANDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.wakestream.engine.TestAudio;
import io.wakestream.engine.model.OpenWakeWordModels;
import io.wakestream.engine.model.WakeWordModel;
import java.util.Arrays;
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
}
