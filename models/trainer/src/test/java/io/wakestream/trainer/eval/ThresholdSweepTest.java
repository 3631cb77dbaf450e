package io.wakestream.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThresholdSweepTest {
    @Test
    void gridIsAscendingAndReachesFarIntoTheTopOfTheSigmoid() {
        float[] t = ThresholdSweep.defaultThresholds();
        for (int i = 1; i < t.length; i++) assertTrue(t[i] > t[i - 1], "ascending at " + i);
        assertEquals(0.02f, t[0]);
        assertTrue(t[t.length - 1] > 0.9999998f && t[t.length - 1] < 1f, "last " + t[t.length - 1]);
        int above = 0;
        for (float v : t) if (v > 0.9999f) above++;
        assertTrue(above >= 10, "points between 0.9999 and 1: " + above);
    }

    @Test
    void thresholdsNearOneKeepTheirDigits() {
        assertEquals("0.500", ThresholdSweep.format(0.5f));
        assertEquals("0.998", ThresholdSweep.format(0.998f));
        assertEquals("0.99995", ThresholdSweep.format(0.99995f));
        assertEquals("0.999998", ThresholdSweep.format(0.999998f));
        assertEquals("0.9999994", ThresholdSweep.format(0.9999994f));
        assertEquals("1.000", ThresholdSweep.format(1f));
    }
}
