package io.wakestream.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.detect.Detection;
import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.detect.SmoothingConfig;
import io.wakestream.engine.features.MfccConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pieces that measure how long after a phrase's end the detector fires. */
class DetectionDelayTest {

    @Test
    void placedPositiveSaysWhereTheClipSitsAndDrawsAsPositiveDoes() {
        float[] clip = new float[4_000];
        for (int i = 0; i < clip.length; i++) clip[i] = (float) (0.5 * Math.sin(i * 0.05));
        SyntheticEvalAudio.PlacedPositive placed = SyntheticEvalAudio.place(clip, null, null, new Random(3));
        short[] plain = SyntheticEvalAudio.positive(clip, null, null, new Random(3));
        assertArrayEquals(plain, placed.pcm(), "the same audio as positive() for the same seed");
        int at = placed.clipStartSample();
        assertTrue(at >= 8_000 && at < 16_000, "0.5 to 1 s of quiet before: " + at);
        // The quiet floor is -65 dBFS (rms ~18 of 32767); the clip's samples stand out from it exactly where it is said to be.
        for (int i = 100; i < clip.length; i += 397) {
            assertEquals(clip[i] * 32767, placed.pcm()[at + i], 100, "sample " + i); // one sample off would be ~800 away
        }
        assertTrue(Math.abs(placed.pcm()[at - 1]) < 100, "quiet just before the clip");
    }

    @Test
    void firstDetectionIsTheEarliestTrigger() {
        MfccConfig frames = MfccConfig.defaults();
        DetectionConfig config = new DetectionConfig(0.8f, SmoothingConfig.movingAverage(2), 1000);
        long[] index = {3, 7, 11, 15, 19, 23, 27, 31};
        float[] scores = {0.1f, 0.2f, 0.9f, 0.95f, 0.99f, 0.1f, 0.1f, 0.1f};
        ScoreTrace trace = new ScoreTrace("t", index, scores, 400);
        Detection d = trace.firstDetection("jarvis", config, frames);
        assertNotNull(d);
        // Mean of two first reaches 0.8 at frame 15 ((0.9 + 0.95) / 2); frame 15 ends at 15 * 10 + 25 ms.
        assertEquals(frames.frameEndMs(15), d.detectedAtMs());
        assertEquals(1, trace.triggers("jarvis", config, frames));
        float[] low = new float[scores.length];
        Arrays.fill(low, 0.5f);
        assertNull(new ScoreTrace("q", index, low, 400).firstDetection("jarvis", config, frames));
    }

    @Test
    void percentilesAreNearestRank() {
        DetectionDelay d = DetectionDelay.of(List.of(50L, 10L, 40L, 30L, 20L, 60L, 70L, 80L, 90L, 100L,
                110L, 120L, 130L, 140L, 150L, 160L, 170L, 180L, 190L, 200L));
        assertEquals(20, d.caught());
        assertEquals(100, d.p50Ms());
        assertEquals(190, d.p95Ms());
        assertEquals(200, d.maxMs());
        DetectionDelay none = DetectionDelay.of(List.of());
        assertEquals(0, none.caught());
        assertTrue(Double.isNaN(none.p50Ms()));
    }
}
