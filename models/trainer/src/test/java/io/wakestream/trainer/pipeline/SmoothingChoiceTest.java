package io.wakestream.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.detect.SmoothingConfig;
import io.wakestream.engine.features.MfccConfig;
import io.wakestream.trainer.eval.ScoreTrace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmoothingChoiceTest {
    private static final MfccConfig FRAMES = MfccConfig.defaults();

    /** Frame indexes of {@code n} windows of 100 frames scored every 4 frames (one score per 40 ms). */
    private static long[] everyFourFrames(int n) {
        long[] frames = new long[n];
        for (int i = 0; i < n; i++) frames[i] = 99 + 4L * i;
        return frames;
    }

    /** {@code n} low scores. */
    private static float[] quiet(int n) {
        float[] scores = new float[n];
        Arrays.fill(scores, 0.05f);
        return scores;
    }

    private static SmoothingChoice.Candidate candidate(int m, boolean within, double recall, double delay) {
        return new SmoothingChoice.Candidate(SmoothingConfig.movingAverage(m), 0.9f, within, recall, recall, delay);
    }

    @Test
    void withinTargetFirstThenRecallThenDelay() {
        // Mean of 1 has the best recall but misses the false-accept target: never chosen over one that meets it.
        assertEquals(1, SmoothingChoice.pick(List.of(candidate(1, false, 0.99, 100), candidate(2, true, 0.80, 200),
                candidate(3, true, 0.70, 150))));
        // Recalls within half a point tie; the shorter delay wins.
        assertEquals(2, SmoothingChoice.pick(List.of(candidate(1, true, 0.800, 200), candidate(2, true, 0.803, 240),
                candidate(3, true, 0.798, 160))));
        // Beyond the tie, recall wins over delay.
        assertEquals(1, SmoothingChoice.pick(List.of(candidate(1, true, 0.80, 100), candidate(2, true, 0.85, 300))));
        // None within the target: the best recall among all.
        assertEquals(0, SmoothingChoice.pick(List.of(candidate(1, false, 0.9, 300), candidate(2, false, 0.5, 100))));
    }

    /**
     * Negatives with ten isolated one-score spikes to 1.0 in an hour: no threshold keeps a single score within 0.5
     * false accepts per hour, averaging two already does. Positives hold 0.9 for five scores.
     */
    @Test
    void averagingIsChosenWhenSingleScoresSpikeOnNegatives() {
        long[] frames = everyFourFrames(3600 * 25); // an hour of scores
        float[] scores = quiet(frames.length);
        for (int s = 0; s < 10; s++) scores[1000 + s * 8000] = 1.0f;
        ScoreTrace negative = new ScoreTrace("negatives", frames, scores, 3_600_000);
        List<ScoreTrace> positives = new ArrayList<>();
        List<Long> phraseEnds = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            long[] f = everyFourFrames(40);
            float[] sc = quiet(f.length);
            Arrays.fill(sc, 20, 25, 0.9f);
            positives.add(new ScoreTrace("p" + p, f, sc, 1600));
            phraseEnds.add(FRAMES.frameEndMs(f[20]) - 30); // the phrase ended just before the first high score's window
        }
        HeldOutEvaluation.Scored scored = new HeldOutEvaluation.Scored("validation", "jarvis", FRAMES, positives, positives,
                phraseEnds, negative, null, 0.5);
        SmoothingChoice choice = SmoothingChoice.choose(scored, 0.5, 1500, 1, 2, 3);

        assertEquals(3, choice.candidates().size());
        assertFalse(choice.candidates().get(0).withinTarget(), "single scores cannot stay within the target");
        assertTrue(choice.candidates().get(1).withinTarget() && choice.candidates().get(2).withinTarget());
        assertEquals(2, choice.detection().smoothing().averageOver(), "both averages catch all; equal delay, fewer scores");
        assertEquals(1.0, choice.candidates().get(1).recallClean(), 1e-9);
        assertTrue(choice.detection().threshold() > 0.525f, "above a spike averaged with its neighbour: " + choice.detection().threshold());
        // Mean of 2 reaches 0.9 at the second high score: one step (40 ms) after the first.
        assertEquals(30 + 40, choice.candidates().get(1).delayP50Ms(), 1e-9);
        assertEquals(0, choice.evaluation().cleanAt(choice.detection().threshold()).falseAccepts());
    }

    /** False accepts on the negative stream are put down to the clip that was playing, counted per clip. */
    @Test
    void falseAcceptsAreAttributedToTheClipThatWasPlaying() {
        long[] frames = everyFourFrames(25 * 60); // a minute of scores
        float[] scores = quiet(frames.length);
        // Three bursts: at about 10 s and 40 s (both in "travis" by voice a) and 25 s (in "nervous" by voice b).
        for (int at : new int[] {250, 1000, 625}) for (int k = 0; k < 3; k++) scores[at + k] = 0.99f;
        ScoreTrace negative = new ScoreTrace("negatives", frames, scores, 60_000);
        io.wakestream.engine.audio.PcmAudio a = new io.wakestream.engine.audio.PcmAudio(new short[160], 16_000);
        io.wakestream.trainer.data.Clip travis = new io.wakestream.trainer.data.Clip(a, false, "a", "travis", "tts",
                io.wakestream.trainer.data.Clip.Kind.CONFUSABLE);
        io.wakestream.trainer.data.Clip nervous = new io.wakestream.trainer.data.Clip(a, false, "b", "nervous", "tts",
                io.wakestream.trainer.data.Clip.Kind.CONFUSABLE);
        // Segments: travis 0-20 s, nervous 20-30 s, noise 30-35 s, travis again from 35 s.
        HeldOutEvaluation.NegativeSegments segments = new HeldOutEvaluation.NegativeSegments(
                new long[] {0, 20_000, 30_000, 35_000}, new io.wakestream.trainer.data.Clip[] {travis, nervous, null, travis});
        HeldOutEvaluation.Scored scored = new HeldOutEvaluation.Scored("test", "jarvis", FRAMES, List.of(), List.of(),
                List.of(), negative, segments, 0.5);
        List<HeldOutEvaluation.FalseAcceptSource> fa = scored.falseAccepts(
                new io.wakestream.engine.detect.DetectionConfig(0.9f, SmoothingConfig.movingAverage(2), 1500));
        assertEquals(2, fa.size(), fa.toString());
        assertEquals(new HeldOutEvaluation.FalseAcceptSource("travis", "confusable", "a", 2), fa.get(0));
        assertEquals(new HeldOutEvaluation.FalseAcceptSource("nervous", "confusable", "b", 1), fa.get(1));
    }
}
