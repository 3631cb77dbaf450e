package io.wakestream.trainer.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.features.MfccConfig;
import io.wakestream.trainer.pipeline.TrainerOptions.TailRange;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowSamplerTest {
    private static final MfccConfig FEATURES = MfccConfig.defaults();

    /** A clip whose sample i holds i + 1, so a window's last sample says where in the clip the window ends. */
    private static float[] numbered(int samples) {
        float[] clip = new float[samples];
        for (int i = 0; i < samples; i++) clip[i] = i + 1;
        return clip;
    }

    @Test
    void positiveWindowsEndWithinTheTailAfterThePhraseAndSpanIt() {
        WindowSampler sampler = new WindowSampler(FEATURES, 100, 20, 200);
        float[] clip = numbered(48_000);
        int phraseEnd = 20_000;
        Random rnd = new Random(3);
        int earliest = Integer.MAX_VALUE, latest = Integer.MIN_VALUE;
        for (int k = 0; k < 2_000; k++) {
            float[] w = sampler.positive(clip, phraseEnd, null, rnd);
            assertEquals(sampler.windowSamples(), w.length);
            int end = (int) w[w.length - 1]; // the clip's sample index + 1, i.e. the window's exclusive end
            int tailMs = (end - phraseEnd) * 1000 / 16_000;
            earliest = Math.min(earliest, tailMs);
            latest = Math.max(latest, tailMs);
        }
        assertTrue(earliest >= 20 && latest <= 200, "tails " + earliest + ".." + latest + " ms, asked 20..200");
        // Drawn over the whole span, not stuck at one end.
        assertTrue(earliest <= 25 && latest >= 195, "tails " + earliest + ".." + latest + " ms do not cover 20..200");
    }

    @Test
    void aLongerTailReachesFurtherAfterThePhrase() {
        WindowSampler sampler = new WindowSampler(FEATURES, 100, 20, 400);
        float[] clip = numbered(48_000);
        Random rnd = new Random(5);
        int latest = 0;
        for (int k = 0; k < 2_000; k++) latest = Math.max(latest, (int) sampler.positive(clip, 20_000, null, rnd)[sampler.windowSamples() - 1] - 20_000);
        assertTrue(latest * 1000 / 16_000 > 200, "a 20-400 ms tail never went past 200 ms");
    }

    @Test
    void tailRangesParseAndBadOnesAreRefusedNamingTheValue() {
        assertEquals(new TailRange(20, 200), TailRange.parse("20-200"));
        assertEquals(new TailRange(0, 0), TailRange.parse(" 0 - 0 "));
        assertEquals("20-400", TailRange.parse("20-400").toString());
        for (String bad : new String[] {"200", "200-20", "-5-20", "a-b", "20-3000", "1-2-3", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TailRange.parse(bad), bad);
            assertTrue(e.getMessage().contains("tail"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TailRange.parse("200-20")).getMessage().contains("200-20"));
    }
}
