package io.wakestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseGeneratorTest {
    static final int RATE = 16_000;

    static double slope(NoiseGenerator.Color color) {
        float[] x = NoiseGenerator.generate(color, RATE * 20, 0.1, new Random(42));
        // 125 Hz .. 4 kHz: five octaves, clear of the brown integrator's leak and of the Nyquist region.
        return SpectrumTestUtil.slopeDbPerOctave(x, RATE, 125, 5);
    }

    @Test
    void whiteNoiseIsFlat() {
        assertEquals(0.0, slope(NoiseGenerator.Color.WHITE), 0.5);
    }

    @Test
    void pinkNoiseFallsThreeDbPerOctave() {
        assertEquals(-3.0, slope(NoiseGenerator.Color.PINK), 0.5);
    }

    @Test
    void brownNoiseFallsSixDbPerOctave() {
        assertEquals(-6.0, slope(NoiseGenerator.Color.BROWN), 0.75);
    }

    @Test
    void levelIsTheRequestedRms() {
        for (NoiseGenerator.Color c : NoiseGenerator.Color.values()) {
            float[] x = NoiseGenerator.generate(c, RATE, 0.05, new Random(1));
            assertEquals(0.05, Signals.rms(x), 1e-4, c.name());
        }
    }

    @Test
    void sameSeedSameNoise() {
        for (NoiseGenerator.Color c : NoiseGenerator.Color.values()) {
            assertArrayEquals(NoiseGenerator.generate(c, 1000, 0.1, new Random(7)),
                    NoiseGenerator.generate(c, 1000, 0.1, new Random(7)));
        }
    }
}
