package io.wakestream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlateauLearningRateTest {
    @Test
    void halvesAfterTwoFlatEpochsAndStopsAtOneThirtySecond() {
        PlateauLearningRate lr = new PlateauLearningRate(1e-3f);
        assertFalse(lr.afterEpoch(true));
        assertFalse(lr.afterEpoch(false));
        assertEquals(1e-3f, lr.getNewValue(100));
        assertTrue(lr.afterEpoch(false));
        assertEquals(5e-4f, lr.getNewValue(200));
        assertFalse(lr.afterEpoch(true), "an improvement resets the count");
        assertFalse(lr.afterEpoch(false));
        assertTrue(lr.afterEpoch(false));
        assertEquals(2.5e-4f, lr.current());
        for (int i = 0; i < 40; i++) lr.afterEpoch(false);
        assertEquals(1e-3f / 32, lr.current(), 1e-9);
    }
}
