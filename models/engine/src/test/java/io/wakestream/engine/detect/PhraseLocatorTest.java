package io.wakestream.engine.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.features.MfccConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PhraseLocatorTest {
    private static final MfccConfig CFG = MfccConfig.defaults();
    private static final long OLDEST = 1000; // window frames are 1000..1099, so indices and frame numbers differ

    /** -60 dB floor; loud (-20 dB) at the given window indices, inclusive ranges. */
    private static float[] energies(int length, int[]... loudRanges) {
        float[] e = new float[length];
        Arrays.fill(e, -60f);
        for (int[] r : loudRanges) Arrays.fill(e, r[0], r[1] + 1, -20f);
        return e;
    }

    @Test
    void locatesTheLoudRunAcrossAShortGap() {
        // loud 40..70 with a 5-frame gap 50..54; the first high score came at frame 75
        float[] e = energies(100, new int[] {40, 49}, new int[] {55, 70});
        long[] span = PhraseLocator.locate(e, OLDEST + 99, OLDEST + 75, CFG);
        assertArrayEquals(new long[] {CFG.frameStartMs(OLDEST + 40), CFG.frameEndMs(OLDEST + 70)}, span);
        assertEquals(10_400, span[0]);
        assertEquals(10_725, span[1]);
    }

    @Test
    void ignoresRunsBeyondTheSlackAndBeforeALongGap() {
        // an earlier noise burst 5..15 separated by 24 quiet frames, and a later one 90..95 (after 75 + 10 slack)
        float[] e = energies(100, new int[] {5, 15}, new int[] {40, 49}, new int[] {55, 70}, new int[] {90, 95});
        long[] span = PhraseLocator.locate(e, OLDEST + 99, OLDEST + 75, CFG);
        assertArrayEquals(new long[] {CFG.frameStartMs(OLDEST + 40), CFG.frameEndMs(OLDEST + 70)}, span);
        // a gap of exactly MAX_GAP_FRAMES quiet frames is bridged
        float[] bridged = energies(100, new int[] {10, 24}, new int[] {40, 70});
        assertEquals(CFG.frameStartMs(OLDEST + 10), PhraseLocator.locate(bridged, OLDEST + 99, OLDEST + 75, CFG)[0]);
        float[] split = energies(100, new int[] {10, 23}, new int[] {40, 70});
        assertEquals(CFG.frameStartMs(OLDEST + 40), PhraseLocator.locate(split, OLDEST + 99, OLDEST + 75, CFG)[0]);
    }

    @Test
    void endMayLieWithinTheSlackAfterTheRunStart() {
        float[] e = energies(100, new int[] {40, 84});
        long[] span = PhraseLocator.locate(e, OLDEST + 99, OLDEST + 75, CFG);
        assertArrayEquals(new long[] {CFG.frameStartMs(OLDEST + 40), CFG.frameEndMs(OLDEST + 84)}, span);
    }

    @Test
    void fallsBackWithoutEnergies() {
        long[] span = PhraseLocator.locate(null, 500, 450, CFG);
        assertArrayEquals(new long[] {CFG.frameEndMs(450) - 1000, CFG.frameEndMs(450)}, span);
        assertArrayEquals(new long[] {0, CFG.frameEndMs(3)}, PhraseLocator.locate(new float[0], 5, 3, CFG));
    }

    @Test
    void detectorReportsTheLocatedSpan() {
        WakeWordDetector d = new WakeWordDetector("w", new DetectionConfig(0.5f, SmoothingConfig.movingAverage(3), 1000), CFG);
        DetectorState s = d.newState();
        long newest = 1176; // window 1077..1176
        long oldest = newest - 99;
        float[] e = new float[100];
        Arrays.fill(e, -60f);
        // loud frames 1140..1170 with a gap 1150..1154
        for (long f = 1140; f <= 1170; f++) if (f < 1150 || f > 1154) e[(int) (f - oldest)] = -20f;
        for (long f = 1100; f < 1175; f++) assertNull(d.onScore(s, f, 0.1f, null));
        assertNull(d.onScore(s, 1175, 0.9f, null)); // run starts; average 0.37
        Detection det = d.onScore(s, 1176, 0.9f, e); // average 0.63
        assertNotNull(det);
        assertEquals(CFG.frameStartMs(1140), det.audioStartMs());
        assertEquals(CFG.frameEndMs(1170), det.audioEndMs());
        assertEquals(CFG.frameEndMs(1176), det.detectedAtMs());
    }

    @Test
    void runStartBeforeTheWindowStillGivesAnOrderedSpan() {
        float[] e = energies(100, new int[] {40, 70});
        for (long runStart : new long[] {OLDEST - 1, OLDEST - 3, OLDEST - 10, OLDEST - 11, OLDEST - 500}) {
            long[] span = PhraseLocator.locate(e, OLDEST + 99, runStart, CFG);
            assertTrue(span[0] >= 0 && span[0] <= span[1], "runStart " + runStart + ": " + Arrays.toString(span));
        }
        // a run that began ~3e9 frames (a year) before the window: the distance must not wrap around as an int
        long[] far = PhraseLocator.locate(e, 3_000_001_099L, 1000, CFG);
        assertArrayEquals(new long[] {CFG.frameEndMs(1000) - 1000, CFG.frameEndMs(1000)}, far);
        // a quiet window: nothing to locate, still ordered
        float[] quiet = new float[100];
        Arrays.fill(quiet, -60f);
        for (long runStart : new long[] {OLDEST - 5, OLDEST + 1, OLDEST + 50}) {
            long[] span = PhraseLocator.locate(quiet, OLDEST + 99, runStart, CFG);
            assertTrue(span[0] <= span[1], "runStart " + runStart + ": " + Arrays.toString(span));
        }
    }

    @Test
    void retriggerAfterALongRefractoryGivesOrderedSpans() {
        // scores stay high (someone keeps talking) but for one low score right after each trigger, which re-arms the
        // detector; refractory 2 s is longer than the 1 s window, so the run that begins right after a trigger starts
        // before the window that fires next
        WakeWordDetector d = new WakeWordDetector("w", new DetectionConfig(0.5f, SmoothingConfig.movingAverage(1), 2000), CFG);
        DetectorState s = d.newState();
        float[] e = new float[100];
        for (int i = 0; i < 100; i++) e[i] = i % 30 < 20 ? -20f : -60f;
        int detections = 0;
        for (long f = 99; f < 1500; f++) {
            Detection det = d.onScore(s, f, (f - 99) % 200 == 1 ? 0.1f : 0.9f, e);
            if (det == null) continue;
            detections++;
            assertTrue(det.audioStartMs() <= det.audioEndMs() && det.audioEndMs() <= det.detectedAtMs(), det.toString());
        }
        assertEquals(8, detections); // frames 99, 299, ..., 1499
    }
}
