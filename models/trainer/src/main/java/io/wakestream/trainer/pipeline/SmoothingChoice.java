package io.wakestream.trainer.pipeline;

import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.detect.SmoothingConfig;
import io.wakestream.trainer.eval.OperatingPoint;
import io.wakestream.trainer.eval.ThresholdSweep;
import java.util.ArrayList;
import java.util.List;

/**
 * The detector settings a model ships with, chosen on the validation voices: for each candidate smoothing (a mean
 * over the last 1, 2, 3 ... scores) the threshold that keeps false accepts within the target, then the candidate
 * that catches the most phrases at it. Averaging more scores steadies the score (fewer false accepts at a lower
 * threshold) but fires later; which wins depends on the model, so it is measured rather than fixed.
 *
 * @param detection the chosen threshold, smoothing and refractory period
 * @param evaluation the validation evaluation with those settings
 * @param candidates every candidate's result, in the order tried
 */
public record SmoothingChoice(DetectionConfig detection, HeldOutEvaluation evaluation, List<Candidate> candidates) {
    /**
     * Recall within this much (mean of clean and 10 dB) counts as a tie, decided by the shorter detection delay:
     * on a few hundred validation clips a smaller difference is one or two clips.
     */
    static final double RECALL_TIE = 0.005;

    /**
     * One candidate's validation result.
     *
     * @param smoothing the smoothing tried
     * @param threshold the lowest threshold within the false-accept target (the highest tried if none is)
     * @param withinTarget whether any threshold kept false accepts within the target
     * @param recallClean recall on clean positives at that threshold
     * @param recallNoisy recall at 10 dB SNR
     * @param delayP50Ms median detection delay after the phrase's end (clean positives caught)
     */
    public record Candidate(SmoothingConfig smoothing, float threshold, boolean withinTarget, double recallClean,
            double recallNoisy, double delayP50Ms) {
        double meanRecall() {
            return (recallClean + recallNoisy) / 2;
        }
    }

    /**
     * @param averageOver the candidate window lengths (scores averaged), at least one
     */
    static SmoothingChoice choose(HeldOutEvaluation.Scored validation, double targetPerHour, int refractoryMs, int... averageOver) {
        if (averageOver.length == 0) throw new IllegalArgumentException("no smoothing candidates");
        List<Candidate> candidates = new ArrayList<>();
        List<HeldOutEvaluation> evaluations = new ArrayList<>();
        for (int m : averageOver) {
            SmoothingConfig smoothing = SmoothingConfig.movingAverage(m);
            HeldOutEvaluation sweep = validation.at(new DetectionConfig(0.5f, smoothing, refractoryMs));
            OperatingPoint best = ThresholdSweep.bestWithin(sweep.clean(), targetPerHour);
            float threshold = sweep.thresholdFor(targetPerHour);
            // The delay and false accepts at the chosen threshold (the sweep's are at 0.5); the sweep itself stays.
            HeldOutEvaluation at = validation.at(new DetectionConfig(threshold, smoothing, refractoryMs), sweep);
            candidates.add(new Candidate(smoothing, threshold, best != null, 1 - at.cleanAt(threshold).falseRejectRate(),
                    1 - at.noisyAt(threshold).falseRejectRate(), at.delay().p50Ms()));
            evaluations.add(at);
        }
        int chosen = pick(candidates);
        Candidate c = candidates.get(chosen);
        return new SmoothingChoice(new DetectionConfig(c.threshold(), c.smoothing(), refractoryMs), evaluations.get(chosen),
                List.copyOf(candidates));
    }

    /**
     * Within the target first; then the highest mean recall, where recalls within {@link #RECALL_TIE} of the best
     * tie and the shortest median delay wins; then the fewest scores averaged (the order given).
     */
    static int pick(List<Candidate> candidates) {
        boolean anyWithin = candidates.stream().anyMatch(Candidate::withinTarget);
        double bestRecall = Double.NEGATIVE_INFINITY;
        for (Candidate c : candidates) {
            if (c.withinTarget() || !anyWithin) bestRecall = Math.max(bestRecall, c.meanRecall());
        }
        int pick = -1;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if ((anyWithin && !c.withinTarget()) || c.meanRecall() < bestRecall - RECALL_TIE) continue;
            if (pick < 0 || delay(c) < delay(candidates.get(pick))) pick = i;
        }
        return pick;
    }

    private static double delay(Candidate c) {
        return Double.isNaN(c.delayP50Ms()) ? Double.POSITIVE_INFINITY : c.delayP50Ms();
    }
}
