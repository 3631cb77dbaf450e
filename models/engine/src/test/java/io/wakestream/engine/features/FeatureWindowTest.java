package io.wakestream.engine.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FeatureWindowTest {
    private static final int FRAMES = 5, COEFFS = 3;

    /** Frame number k has coefficients {k, k + 0.25, k + 0.5} and energy -k dB, so order is easy to read back. */
    private static float[] frame(int k) {
        return new float[] {k, k + 0.25f, k + 0.5f};
    }

    private static float[] expectedWindow(int newest, int frames) {
        float[] out = new float[frames * COEFFS];
        for (int f = 0; f < frames; f++) {
            int k = newest - (frames - 1) + f;
            if (k < 0) continue; // not pushed yet: zeros
            System.arraycopy(frame(k), 0, out, f * COEFFS, COEFFS);
        }
        return out;
    }

    @Test
    void orderIsOldestFirstThroughWrapAround() {
        FeatureWindow w = new FeatureWindow(FRAMES, COEFFS);
        for (int k = 0; k < 23; k++) {
            w.push(frame(k), -k);
            assertEquals(k + 1 >= FRAMES, w.isFull(), "after " + (k + 1) + " pushes");
            assertEquals(k + 1, w.pushed());
            float[] copy = new float[FRAMES * COEFFS];
            w.copyTo(copy, 0);
            assertArrayEquals(expectedWindow(k, FRAMES), copy, "after frame " + k);
            float[] energies = w.energiesDb();
            for (int f = 0; f < FRAMES; f++) {
                int frameNo = k - (FRAMES - 1) + f;
                assertEquals(frameNo < 0 ? 0f : -frameNo, energies[f], "energy slot " + f + " after frame " + k);
            }
        }
    }

    @Test
    void copyToRespectsOffsetAndLeavesTheRestAlone() {
        FeatureWindow w = new FeatureWindow(FRAMES, COEFFS);
        for (int k = 0; k < 7; k++) w.push(frame(k), -k);
        float[] dest = new float[3 * FRAMES * COEFFS];
        java.util.Arrays.fill(dest, 99f);
        w.copyTo(dest, FRAMES * COEFFS + 2);
        for (int i = 0; i < FRAMES * COEFFS + 2; i++) assertEquals(99f, dest[i]);
        assertArrayEquals(expectedWindow(6, FRAMES),
                java.util.Arrays.copyOfRange(dest, FRAMES * COEFFS + 2, 2 * FRAMES * COEFFS + 2));
        for (int i = 2 * FRAMES * COEFFS + 2; i < dest.length; i++) assertEquals(99f, dest[i]);
    }

    @Test
    void pushCopiesTheFrame() {
        FeatureWindow w = new FeatureWindow(2, COEFFS);
        float[] reused = frame(1);
        w.push(reused, 0);
        reused[0] = 42;
        w.push(reused, 0);
        float[] out = new float[2 * COEFFS];
        w.copyTo(out, 0);
        assertEquals(1f, out[0]);
        assertEquals(42f, out[COEFFS]);
    }

    @Test
    void restoreFromPartsEqualsOriginalAndContinuesTheSame() {
        FeatureWindow w = new FeatureWindow(FRAMES, COEFFS);
        for (int k = 0; k < 8; k++) w.push(frame(k), -k);
        FeatureWindow r = new FeatureWindow(w.frames(), w.coefficients(), w.rawData(), w.rawEnergies(), w.nextIndex(), w.pushed());
        assertEquals(w, r);
        assertEquals(w.hashCode(), r.hashCode());
        for (int k = 8; k < 13; k++) {
            w.push(frame(k), -k);
            r.push(frame(k), -k);
            assertEquals(w, r);
            float[] a = new float[FRAMES * COEFFS], b = new float[FRAMES * COEFFS];
            w.copyTo(a, 0);
            r.copyTo(b, 0);
            assertArrayEquals(a, b);
            assertArrayEquals(w.energiesDb(), r.energiesDb());
        }
        // parts are copies, both ways
        float[] data = w.rawData();
        data[0] = 1234f;
        assertNotEquals(1234f, w.rawData()[0]);
        FeatureWindow r2 = new FeatureWindow(FRAMES, COEFFS, data, w.rawEnergies(), w.nextIndex(), w.pushed());
        data[1] = 5678f;
        assertNotEquals(5678f, r2.rawData()[1]);
    }

    @Test
    void notFullUntilFramesPushed() {
        FeatureWindow w = new FeatureWindow(3, 1);
        assertFalse(w.isFull());
        w.push(new float[] {1}, 0);
        w.push(new float[] {2}, 0);
        assertFalse(w.isFull());
        w.push(new float[] {3}, 0);
        assertTrue(w.isFull());
    }

    @Test
    void rejectsWrongShapes() {
        FeatureWindow w = new FeatureWindow(FRAMES, COEFFS);
        assertThrows(IllegalArgumentException.class, () -> w.push(new float[COEFFS + 1], 0));
        assertThrows(IllegalArgumentException.class, () -> new FeatureWindow(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new FeatureWindow(FRAMES, COEFFS, new float[4], new float[FRAMES], 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureWindow(FRAMES, COEFFS, new float[FRAMES * COEFFS], new float[FRAMES], FRAMES, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureWindow(FRAMES, COEFFS, new float[FRAMES * COEFFS], new float[FRAMES], -1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureWindow(FRAMES, COEFFS, new float[FRAMES * COEFFS], new float[FRAMES], 2, -1));
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureWindow(FRAMES, COEFFS, new float[FRAMES * COEFFS], new float[FRAMES], 2, 8));
        new FeatureWindow(FRAMES, COEFFS, new float[FRAMES * COEFFS], new float[FRAMES], 3, 8);
    }
}
