package io.wakestream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureMaskingTest {
    private static final int FRAMES = 100, COEFFICIENTS = 13;

    @Test
    void masksAreWholeFrameSpansAndCoefficientBandsWithinTheirLimitsAndReachThem() {
        FeatureMasking masking = new FeatureMasking(2, 10, 2, 3);
        Random random = new Random(1);
        int widestSpan = 0, widestBand = 0;
        for (int draw = 0; draw < 500; draw++) {
            // A window inside a bigger array, as in a batch: what is outside it must stay as it was.
            float[] values = new float[3 * FRAMES * COEFFICIENTS];
            Arrays.fill(values, 1f);
            int offset = FRAMES * COEFFICIENTS;
            masking.apply(values, offset, FRAMES, COEFFICIENTS, random);
            for (int i = 0; i < values.length; i++) {
                if (i < offset || i >= 2 * offset) assertEquals(1f, values[i], "outside the window: " + i);
            }
            boolean[] zeroRow = new boolean[FRAMES], zeroColumn = new boolean[COEFFICIENTS];
            for (int t = 0; t < FRAMES; t++) {
                zeroRow[t] = true;
                for (int c = 0; c < COEFFICIENTS; c++) zeroRow[t] &= values[offset + t * COEFFICIENTS + c] == 0f;
            }
            for (int c = 0; c < COEFFICIENTS; c++) {
                zeroColumn[c] = true;
                for (int t = 0; t < FRAMES; t++) zeroColumn[c] &= values[offset + t * COEFFICIENTS + c] == 0f;
            }
            for (int t = 0; t < FRAMES; t++) {
                for (int c = 0; c < COEFFICIENTS; c++) {
                    float v = values[offset + t * COEFFICIENTS + c];
                    assertTrue(v == 1f || zeroRow[t] || zeroColumn[c], "a zero outside any mask at frame " + t + ", coefficient " + c);
                }
            }
            int rows = count(zeroRow), columns = count(zeroColumn);
            if (columns == 0) assertTrue(rows <= 2 * 10, rows + " masked frames from 2 masks of up to 10");
            assertTrue(columns <= 2 * 3, columns + " masked coefficients from 2 masks of up to 3");
            if (columns == 0) widestSpan = Math.max(widestSpan, longestRun(zeroRow));
            widestBand = Math.max(widestBand, longestRun(zeroColumn));
        }
        assertTrue(widestSpan >= 10 && widestSpan <= 20, "spans reach their width (two may touch): " + widestSpan);
        assertTrue(widestBand >= 3 && widestBand <= 6, "bands reach their width: " + widestBand);
    }

    @Test
    void theSameSeedMasksTheSameWayAndNoneMasksNothing() {
        float[] a = ones(), b = ones(), c = ones();
        FeatureMasking masking = new FeatureMasking(1, 20, 1, 2);
        masking.apply(a, 0, FRAMES, COEFFICIENTS, new Random(9));
        masking.apply(b, 0, FRAMES, COEFFICIENTS, new Random(9));
        assertArrayEquals(a, b);
        assertFalse(FeatureMasking.NONE.enabled());
        FeatureMasking.NONE.apply(c, 0, FRAMES, COEFFICIENTS, new Random(9));
        assertArrayEquals(ones(), c);
    }

    @Test
    void parsesTFCWAndNamesWhatIsWrong() {
        assertEquals(new FeatureMasking(2, 10, 2, 2), FeatureMasking.parse(" 2, 10,2 ,2"));
        assertEquals(FeatureMasking.NONE, FeatureMasking.parse("0,0,0,0"));
        assertTrue(FeatureMasking.parse("0,0,1,2").enabled());
        String few = assertThrows(IllegalArgumentException.class, () -> FeatureMasking.parse("2,10")).getMessage();
        assertTrue(few.contains("'2,10'") && few.contains("T,F,C,W"), few);
        String word = assertThrows(IllegalArgumentException.class, () -> FeatureMasking.parse("2,ten,2,2")).getMessage();
        assertTrue(word.contains("'ten' is not a whole number"), word);
        String width = assertThrows(IllegalArgumentException.class, () -> FeatureMasking.parse("2,0,0,0")).getMessage();
        assertTrue(width.contains("'2,0,0,0'") && width.contains("width of at least 1"), width);
        String negative = assertThrows(IllegalArgumentException.class, () -> FeatureMasking.parse("-1,5,0,0")).getMessage();
        assertTrue(negative.contains("0 or more"), negative);
    }

    private static float[] ones() {
        float[] v = new float[FRAMES * COEFFICIENTS];
        Arrays.fill(v, 1f);
        return v;
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) if (x) n++;
        return n;
    }

    private static int longestRun(boolean[] b) {
        int best = 0, run = 0;
        for (boolean x : b) {
            run = x ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }
}
