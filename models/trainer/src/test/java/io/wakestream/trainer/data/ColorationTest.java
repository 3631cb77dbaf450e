package io.wakestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ColorationTest {
    static final int RATE = 16_000;

    /** Level change of a steady sine through the band, in dB, measured after the filter has settled. */
    private static double gainDbAt(double hz, double centerHz, double gainDb, double q) {
        float[] x = AugmenterTest.sine(hz, RATE * 2, 0.1);
        float[] y = PeakingFilter.apply(x, centerHz, gainDb, q, RATE);
        float[] settledX = Arrays.copyOfRange(x, RATE, x.length);
        float[] settledY = Arrays.copyOfRange(y, RATE, y.length);
        return Signals.toDb(Signals.rms(settledY) / Signals.rms(settledX));
    }

    @Test
    void peakingBandHasItsGainAtTheCentreAndLeavesFarFrequenciesAlone() {
        for (double g : new double[] {-20, -6, 10}) {
            assertEquals(g, gainDbAt(1000, 1000, g, 2), 0.1, "at the centre, gain " + g);
            assertEquals(0, gainDbAt(6000, 1000, g, 2), 0.6, "three octaves up, gain " + g);
            assertEquals(0, gainDbAt(100, 1000, g, 2), 0.6, "over three octaves down, gain " + g);
        }
        // Wider bands (low Q) reach further: an octave away a Q of 0.7 still moves the level by over a third.
        assertTrue(gainDbAt(2000, 1000, -12, 0.7) < -4);
        assertTrue(gainDbAt(2000, 1000, -12, 4) > -1.5);
    }

    @Test
    void zeroGainChangesNothing() {
        float[] x = AugmenterTest.voiced(RATE / 2);
        float[] y = PeakingFilter.apply(x, 800, 0, 1.5, RATE);
        for (int i = 0; i < x.length; i++) assertEquals(x[i], y[i], 1e-6);
    }

    @Test
    void refusesACentreAboveNyquist() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PeakingFilter.apply(new float[10], 9000, 3, 1, RATE));
        assertTrue(e.getMessage().contains("centre frequency"), e.getMessage());
    }

    @Test
    void echoIsOneDelayedCopyAndKeepsTheLength() {
        float[] x = new float[1000];
        x[100] = 1f;
        float[] y = Augmenter.addEcho(x, 320, 0.3);
        assertEquals(x.length, y.length);
        assertEquals(1f, y[100], 1e-6);
        assertEquals(0.3f, y[420], 1e-6);
        float others = 0;
        for (int i = 0; i < y.length; i++) if (i != 100 && i != 420) others += Math.abs(y[i]);
        assertEquals(0, others, 1e-9);
        assertEquals(0f, x[420], "input untouched");
    }

    @Test
    void augmenterColoursClipsOnlyWhenAsked() {
        AugmentationConfig plain = new AugmentationConfig(0, 0, 30, 0, -70, -40, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0.15, 0.8, 0, 12);
        Clip c = AugmenterTest.positive(AugmenterTest.voiced(RATE), 1000, 12000);
        Clip same = new Augmenter(plain.withColoration(Coloration.NONE), 3).augment(c);
        assertArrayEquals(c.audio().samples(), same.audio().samples(), "nothing enabled, nothing changed");

        Coloration always = new Coloration(1, 3, -20, 10, 1, 40, 200, 0.1, 0.4);
        Augmenter coloured = new Augmenter(plain.withColoration(always), 3);
        for (int i = 0; i < 5; i++) {
            Clip out = coloured.augment(c);
            assertEquals(c.audio().samples().length, out.audio().samples().length);
            assertEquals(c.phraseStartSample(), out.phraseStartSample());
            assertEquals(c.phraseEndSample(), out.phraseEndSample());
            assertFalse(Arrays.equals(c.audio().samples(), out.audio().samples()), "coloured copy " + i);
            assertTrue(Signals.peak(Signals.toFloat(out.audio())) <= 0.991f);
        }
    }

    @Test
    void voicesPresetScalesTheEchoWithTheEqualiser() {
        assertTrue(Coloration.voices(0).isNone());
        Coloration c = Coloration.voices(0.5);
        assertEquals(0.5, c.eqProbability());
        assertEquals(0.125, c.echoProbability());
        assertThrows(IllegalArgumentException.class, () -> new Coloration(1.5, 3, -20, 10, 0, 40, 200, 0.1, 0.4));
        assertThrows(IllegalArgumentException.class, () -> new Coloration(0.5, 3, 10, -20, 0, 40, 200, 0.1, 0.4));
    }
}
