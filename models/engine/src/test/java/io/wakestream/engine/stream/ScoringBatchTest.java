package io.wakestream.engine.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.features.FeatureWindow;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScoringBatchTest {
    private static final int FRAMES = 4, COEFFS = 3;

    private static float[] frame(int k) {
        return new float[] {k, k + 0.5f, -k};
    }

    /** Window (frames x coeffs, oldest first) whose newest pushed frame is k, frames before 0 being zeros. */
    private static float[] expected(int k) {
        float[] out = new float[FRAMES * COEFFS];
        for (int f = 0; f < FRAMES; f++) {
            int n = k - (FRAMES - 1) + f;
            if (n >= 0) System.arraycopy(frame(n), 0, out, f * COEFFS, COEFFS);
        }
        return out;
    }

    @Test
    void growsKeepingEverythingAndCopiesWindowsAsTheyWere() {
        ScoringBatch<String> batch = new ScoringBatch<>(FRAMES, COEFFS, 1);
        FeatureWindow w = new FeatureWindow(FRAMES, COEFFS);
        assertTrue(batch.isEmpty());
        int added = 0;
        for (int k = 0; k < 40; k++) {
            w.push(frame(k), -10f * k);
            if (k % 3 == 0) {
                batch.add("s" + k, 1000 + k, w);
                added++;
            }
        }
        assertEquals(added, batch.size());
        for (int i = 0; i < batch.size(); i++) {
            int k = 3 * i;
            assertEquals("s" + k, batch.stream(i));
            assertEquals(1000 + k, batch.frameIndex(i));
            float[] win = Arrays.copyOfRange(batch.windows(), i * FRAMES * COEFFS, (i + 1) * FRAMES * COEFFS);
            assertArrayEquals(expected(k), win, "window " + i + " must be the window as it was when added");
            float[] e = batch.energies(i);
            for (int f = 0; f < FRAMES; f++) {
                int n = k - (FRAMES - 1) + f;
                assertEquals(n < 0 ? 0f : -10f * n, e[f]);
            }
        }
        assertTrue(batch.scores().length >= batch.size(), "room for a score per window after growth");
        // energies(i) is a copy
        batch.energies(0)[0] = 99f;
        assertEquals(0f, batch.energies(0)[0]);
    }

    @Test
    void clearEmptiesAndReleasesStreamsAndIsReusable() {
        ScoringBatch<Object> batch = new ScoringBatch<>(FRAMES, COEFFS, 2);
        FeatureWindow w = new FeatureWindow(FRAMES, COEFFS);
        for (int k = 0; k < 5; k++) {
            w.push(frame(k), 0);
            batch.add(new Object(), k, w);
        }
        batch.clear();
        assertTrue(batch.isEmpty());
        assertEquals(0, batch.size());
        for (int i = 0; i < 5; i++) assertNull(batch.stream(i), "cleared batch must not keep streams alive");
        w.push(frame(5), 0);
        batch.add("again", 5, w);
        assertEquals(1, batch.size());
        assertEquals("again", batch.stream(0));
        assertEquals(5, batch.frameIndex(0));
        assertArrayEquals(expected(5), Arrays.copyOf(batch.windows(), FRAMES * COEFFS));
    }

    @Test
    void zeroInitialCapacityStillWorks() {
        ScoringBatch<String> batch = new ScoringBatch<>(FRAMES, COEFFS, 0);
        FeatureWindow w = new FeatureWindow(FRAMES, COEFFS);
        for (int k = 0; k < 3; k++) {
            w.push(frame(k), 0);
            batch.add("x", k, w);
        }
        assertEquals(3, batch.size());
        assertArrayEquals(expected(2), Arrays.copyOfRange(batch.windows(), 2 * FRAMES * COEFFS, 3 * FRAMES * COEFFS));
    }

    @Test
    void rejectsWindowsOfAnotherShape() {
        ScoringBatch<String> batch = new ScoringBatch<>(FRAMES, COEFFS, 2);
        FeatureWindow fewerFrames = new FeatureWindow(FRAMES - 1, COEFFS);
        FeatureWindow moreCoeffs = new FeatureWindow(FRAMES, COEFFS + 1);
        FeatureWindow sameSize = new FeatureWindow(FRAMES * COEFFS / 2, 2); // 6x2: same floats, other shape
        for (FeatureWindow w : new FeatureWindow[] {fewerFrames, moreCoeffs, sameSize}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> batch.add("x", 0, w));
            assertTrue(e.getMessage().contains(w.frames() + "x" + w.coefficients()), e.getMessage());
        }
        assertTrue(batch.isEmpty());
    }
}
