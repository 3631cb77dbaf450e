package io.wakestream.engine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.features.MfccConfig;
import io.wakestream.engine.features.WindowFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WakeWordDetectorTest {
    private static final MfccConfig FRAMES = MfccConfig.defaults(); // 10 ms hop

    private static WakeWordDetector detector(float threshold, SmoothingConfig smoothing, int refractoryMs) {
        return new WakeWordDetector("hey test", new DetectionConfig(threshold, smoothing, refractoryMs), FRAMES);
    }

    /** Feeds scores at frames 0, 1, 2, ...; returns the frame of each detection, in order. */
    private static List<Long> triggerFrames(WakeWordDetector d, float... scores) {
        DetectorState s = d.newState();
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) if (d.onScore(s, i, scores[i], null) != null) out.add((long) i);
        return out;
    }

    private static float[] zerosWith(int length, int from, float... values) {
        float[] s = new float[length];
        System.arraycopy(values, 0, s, from, values.length);
        return s;
    }

    @Test
    void movingAverageIgnoresASingleSpike() {
        WakeWordDetector d = detector(0.5f, SmoothingConfig.movingAverage(3), 0);
        assertEquals(List.of(), triggerFrames(d, zerosWith(30, 10, 0.9f)));
        // two spikes apart from each other: never two of the last three
        assertEquals(List.of(), triggerFrames(d, zerosWith(30, 10, 0.9f, 0f, 0f, 0.9f)));
        assertEquals(List.of(), triggerFrames(d, zerosWith(30, 10, 0.9f, 0f, 0.5f))); // at best (0.9 + 0.5) / 3 = 0.47
    }

    @Test
    void movingAverageTriggersOnARunAndReportsTheAverage() {
        WakeWordDetector d = detector(0.5f, SmoothingConfig.movingAverage(3), 0);
        DetectorState s = d.newState();
        float[] scores = zerosWith(20, 10, 0.9f, 0.9f, 0.9f);
        Detection first = null;
        long at = -1;
        for (int i = 0; i < scores.length && first == null; i++) {
            first = d.onScore(s, i, scores[i], null);
            at = i;
        }
        assertNotNull(first, "three consecutive 0.9 must trigger");
        assertEquals(11, at, "the average (0 + 0.9 + 0.9) / 3 = 0.6 already reaches 0.5 at the second 0.9");
        assertEquals(0.6f, first.score(), 1e-6f);
        assertEquals("hey test", first.wakeWord());
        assertEquals(FRAMES.frameEndMs(11), first.detectedAtMs());

        // with threshold 0.7 the third is needed, and the average is then 0.9
        WakeWordDetector strict = detector(0.7f, SmoothingConfig.movingAverage(3), 0);
        DetectorState s2 = strict.newState();
        for (int i = 0; i < 12; i++) assertNull(strict.onScore(s2, i, scores[i], null));
        Detection third = strict.onScore(s2, 12, scores[12], null);
        assertNotNull(third);
        assertEquals(0.9f, third.score(), 1e-6f);
    }

    @Test
    void kOfN() {
        // no averaging, 2 of the last 3 raw scores at or above 0.5
        WakeWordDetector d = detector(0.5f, new SmoothingConfig(1, 2, 3), 0);
        assertEquals(List.of(), triggerFrames(d, zerosWith(10, 3, 0.9f)));
        assertEquals(List.of(4L), triggerFrames(d, zerosWith(10, 3, 0.9f, 0.9f)));
        assertEquals(List.of(5L), triggerFrames(d, zerosWith(10, 3, 0.9f, 0f, 0.9f)));
        assertEquals(List.of(), triggerFrames(d, zerosWith(10, 3, 0.9f, 0f, 0f, 0.9f)));
        // exactly at the threshold counts
        assertEquals(List.of(4L), triggerFrames(d, zerosWith(10, 3, 0.5f, 0.5f)));
        // k-of-n with averageOver 1: the newest raw score must be high as well
        assertEquals(List.of(), triggerFrames(d, new float[] {0.9f, 0.4f, 0.4f, 0.9f, 0.4f, 0.4f}));
        // combined with a moving average over 3: 2 of 3 high but average 0.48 does not trigger
        WakeWordDetector both = detector(0.5f, new SmoothingConfig(3, 2, 3), 0);
        assertEquals(List.of(), triggerFrames(both, new float[] {0.4f, 0.52f, 0.52f, 0.4f, 0f}));
        // average (1 + 0.55) / 3 = 0.517 with 2 of 3 high: triggers at frame 4; at 5 the average is still 0.517, so
        // even without refractory the detector has not re-armed
        assertEquals(List.of(4L), triggerFrames(both, zerosWith(10, 3, 1.0f, 0.55f)));
        // average 0.6 but only 1 of 3 raw scores high
        assertEquals(List.of(), triggerFrames(both, new float[] {0.45f, 0.45f, 0.45f, 0.45f, 0.9f, 0.45f, 0.45f}));
    }

    @Test
    void refractoryPeriodSuppressesRetriggers() {
        // 500 ms at a 10 ms hop is 50 frames
        WakeWordDetector d = detector(0.5f, SmoothingConfig.movingAverage(1), 500);
        // high on even frames, low on odd ones (so the detector re-arms at once): refractory alone spaces the triggers
        float[] scores = new float[400];
        for (int f = 100; f < 400; f += 2) scores[f] = 0.9f;
        assertEquals(List.of(100L, 150L, 200L, 250L, 300L, 350L), triggerFrames(d, scores));

        // a separate burst inside the refractory period is swallowed; one after it triggers
        float[] bursts = new float[300];
        for (int f : new int[] {10, 40, 59, 60, 200}) bursts[f] = 0.9f;
        assertEquals(List.of(10L, 60L, 200L), triggerFrames(d, bursts));

        // other hops: 500 ms at 12.5 ms is 40 frames
        MfccConfig hop125 = new MfccConfig(16_000, 25, 12.5, 512, 40, 20, 7600, 13, 0.97, WindowFunction.HAMMING, 1e-10, null);
        WakeWordDetector d2 = new WakeWordDetector("x", new DetectionConfig(0.5f, SmoothingConfig.movingAverage(1), 500), hop125);
        DetectorState s = d2.newState();
        List<Long> hits = new ArrayList<>();
        for (int f = 0; f < 100; f++) if (d2.onScore(s, f, f % 2 == 0 ? 0.9f : 0f, null) != null) hits.add((long) f);
        assertEquals(List.of(0L, 40L, 80L), hits);
    }

    @Test
    void refractoryCountsFramesNotScoreCalls() {
        // windows scored every 8 frames: refractory 200 ms = 20 frames, so after a trigger at frame 16 the next
        // possible one is the first scored frame >= 36, i.e. 40 (every third score is low, so it re-arms: 24, 48...;
        // 32, 56 and 80 are high but inside the refractory period)
        WakeWordDetector d = detector(0.5f, SmoothingConfig.movingAverage(1), 200);
        DetectorState s = d.newState();
        List<Long> hits = new ArrayList<>();
        for (long f = 16; f < 100; f += 8) {
            float score = (f - 16) / 8 % 3 == 1 ? 0.1f : 0.9f;
            if (d.onScore(s, f, score, null) != null) hits.add(f);
        }
        assertEquals(List.of(16L, 40L, 64L, 88L), hits);
    }

    @Test
    void aScoreThatStaysHighTriggersOnceUntilTheSmoothedScoreFalls() {
        // A stuck or clipped signal the model likes must not give an event per refractory period for hours.
        WakeWordDetector d = detector(0.5f, SmoothingConfig.movingAverage(3), 100);
        float[] scores = new float[1000];
        java.util.Arrays.fill(scores, 0, 600, 0.9f);
        // a single dip is smoothed away (average (0.9 + 0.9 + 0) / 3 = 0.6): still not re-armed
        scores[300] = 0f;
        // after 600 the score falls (re-arms), then rises again at 700: one new trigger
        java.util.Arrays.fill(scores, 700, 1000, 0.9f);
        assertEquals(List.of(0L, 701L), triggerFrames(d, scores));
    }

    /** A straightforward list-based reference of the documented rules. */
    private static List<long[]> referenceDetections(float[] scores, long[] frames, float threshold, SmoothingConfig sm,
            int refractoryMs, double hopMs) {
        List<long[]> out = new ArrayList<>();
        long refractoryFrames = Math.round(refractoryMs / hopMs);
        long blockedUntil = Long.MIN_VALUE;
        boolean armed = true;
        for (int t = 0; t < scores.length; t++) {
            double sum = 0;
            int have = 0;
            for (int j = t; j >= 0 && j > t - sm.averageOver(); j--) {
                sum += scores[j];
                have++;
            }
            double avg = sum / have;
            int high = 0;
            for (int j = t; j >= 0 && j > t - sm.n(); j--) if (scores[j] >= threshold) high++;
            if (avg < threshold) armed = true;
            boolean fire = armed && frames[t] >= blockedUntil && avg >= threshold && (sm.k() == 0 || high >= sm.k());
            if (fire) {
                out.add(new long[] {frames[t], Float.floatToIntBits((float) avg)});
                blockedUntil = frames[t] + refractoryFrames;
                armed = false;
            }
        }
        return out;
    }

    @Test
    void matchesReferenceOnRandomScoresAndSurvivesRestoreFromParts() {
        Random r = new Random(2024);
        int totalDetections = 0;
        for (int trial = 0; trial < 200; trial++) {
            int avg = 1 + r.nextInt(6);
            int n = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(8);
            int k = n == 0 ? 0 : r.nextInt(n + 1);
            SmoothingConfig sm = new SmoothingConfig(avg, k, n);
            float threshold = 0.3f + 0.5f * r.nextFloat();
            int refractory = r.nextInt(4) * 100;
            WakeWordDetector d = detector(threshold, sm, refractory);
            int every = 1 + r.nextInt(4);
            int count = 300;
            float[] scores = new float[count];
            long[] frames = new long[count];
            float level = 0;
            for (int i = 0; i < count; i++) {
                // bursty scores: mostly low, sometimes high runs
                if (r.nextInt(20) == 0) level = level > 0.5f ? 0.05f : 0.95f;
                scores[i] = Math.max(0, Math.min(1, level + (float) (r.nextGaussian() * 0.2)));
                frames[i] = 149 + (long) i * every;
            }
            List<long[]> expected = referenceDetections(scores, frames, threshold, sm, refractory, FRAMES.hopMs());

            DetectorState plain = d.newState();
            DetectorState restored = d.newState();
            List<long[]> got = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Detection a = d.onScore(plain, frames[i], scores[i], null);
                if (r.nextInt(3) == 0) {
                    DetectorState copy = new DetectorState(restored.recent(), restored.count(), restored.pos(),
                            restored.runStartFrame(), restored.refractoryUntilFrame(), restored.armed());
                    assertEquals(restored, copy);
                    restored = copy;
                }
                Detection b = d.onScore(restored, frames[i], scores[i], null);
                assertEquals(a, b, "restored state diverged at step " + i + " of trial " + trial);
                assertEquals(plain, restored);
                if (a != null) got.add(new long[] {frames[i], Float.floatToIntBits(a.score())});
            }
            assertEquals(expected.size(), got.size(), "trial " + trial + " " + sm + " thr " + threshold);
            for (int i = 0; i < got.size(); i++) {
                assertEquals(expected.get(i)[0], got.get(i)[0], "trial " + trial + " detection " + i + " frame");
                assertEquals(Float.intBitsToFloat((int) expected.get(i)[1]), Float.intBitsToFloat((int) got.get(i)[1]), 1e-6f);
            }
            totalDetections += got.size();
        }
        assertTrue(totalDetections > 200, "the random trials should trigger often: " + totalDetections);
    }

    @Test
    void stateRecentIsCopied() {
        DetectorState s = new DetectorState(SmoothingConfig.movingAverage(3));
        s.recent()[0] = 1f;
        assertEquals(0f, s.recent()[0]);
        float[] parts = {0.1f, 0.2f, 0.3f};
        DetectorState r = new DetectorState(parts, 3, 0, -1, Long.MIN_VALUE, true);
        parts[0] = 9f;
        assertEquals(0.1f, r.recent()[0]);
    }

    @Test
    void configValidation() {
        assertThrows(IllegalArgumentException.class, () -> new DetectionConfig(0f, SmoothingConfig.movingAverage(1), 0));
        assertThrows(IllegalArgumentException.class, () -> new DetectionConfig(1f, SmoothingConfig.movingAverage(1), 0));
        assertThrows(IllegalArgumentException.class, () -> new DetectionConfig(0.5f, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new DetectionConfig(0.5f, SmoothingConfig.movingAverage(1), -1));
        assertThrows(IllegalArgumentException.class, () -> new SmoothingConfig(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SmoothingConfig(1, 3, 2));
        assertEquals(5, new SmoothingConfig(2, 3, 5).history());
        assertEquals(4, new SmoothingConfig(4, 1, 2).history());
    }

    /** Detections (frame, score, span) of feeding {@code scores} at frames 0, 1, 2, ... */
    private static List<Detection> detections(WakeWordDetector d, float[] scores) {
        DetectorState s = d.newState();
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            Detection found = d.onScore(s, i, scores[i], null);
            if (found != null) out.add(found);
        }
        return out;
    }

    @Test
    void scoresBelowTheLowestContributingScoreNeverDecideADetection() {
        // The engine skips an ensemble's later members where a score cannot matter, and reports a lower bound there
        // instead: lowering every such score, anywhere, must leave the detections exactly as they were.
        Random r = new Random(11);
        int detected = 0, lowered = 0;
        for (int trial = 0; trial < 500; trial++) {
            float threshold = 0.5f + 0.499f * r.nextFloat();
            int n = r.nextInt(5);
            SmoothingConfig smoothing = new SmoothingConfig(1 + r.nextInt(4), n == 0 ? 0 : r.nextInt(n + 1), n);
            DetectionConfig config = new DetectionConfig(threshold, smoothing, r.nextBoolean() ? 0 : 50);
            float floor = config.lowestContributingScore();
            float[] scores = new float[200];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = switch (r.nextInt(4)) {
                    case 0 -> 1f - (1f - threshold) * 2f * r.nextFloat(); // around the threshold
                    case 1 -> Math.max(0f, Math.min(1f, floor + 0.01f * (r.nextFloat() - 0.5f))); // around the floor
                    case 2 -> 1f;
                    default -> r.nextFloat();
                };
            }
            float[] bounds = scores.clone();
            for (int i = 0; i < bounds.length; i++) {
                if (scores[i] < floor) {
                    bounds[i] = scores[i] * r.nextFloat();
                    lowered++;
                }
            }
            WakeWordDetector d = new WakeWordDetector("x", config, FRAMES);
            List<Detection> expected = detections(d, scores);
            assertEquals(expected, detections(d, bounds), "trial " + trial + ": " + config);
            detected += expected.size();
        }
        assertTrue(detected > 500 && lowered > 10_000, detected + " detections, " + lowered + " scores lowered");
        // The bound itself: 1 - averageOver * (1 - threshold), less a margin for rounding.
        assertEquals(1 - 3 * 0.005 - 0.001, new DetectionConfig(0.995f, SmoothingConfig.movingAverage(3), 0).lowestContributingScore(), 1e-6);
    }
}
