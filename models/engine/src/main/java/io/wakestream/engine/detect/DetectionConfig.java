package io.wakestream.engine.detect;

/**
 * Threshold, smoothing and refractory period of a detector.
 *
 * @param threshold smoothed score at or above which the phrase counts as heard (0..1)
 * @param smoothing how raw scores are combined
 * @param refractoryMs after a trigger, no new trigger for this long (one utterance gives one event)
 */
public record DetectionConfig(float threshold, SmoothingConfig smoothing, int refractoryMs) {
    public DetectionConfig {
        if (!(threshold > 0f && threshold < 1f)) throw new IllegalArgumentException("detection.threshold must be in (0, 1), was " + threshold);
        if (smoothing == null) throw new IllegalArgumentException("detection.smoothing must be set");
        if (refractoryMs < 0 || refractoryMs > 60_000) throw new IllegalArgumentException("detection.refractoryMs must be 0 to 60000, was " + refractoryMs);
    }

    /**
     * A score below this can never be part of a detection, whatever the scores around it: a detection needs the
     * mean of the last {@code averageOver} scores at or above the threshold T, and with every other score at most
     * 1, a score below {@code 1 - averageOver * (1 - T)} holds that mean under T (at a stream's start, with fewer
     * scores, even more so); a k-of-n rule only adds conditions. The engine uses it to skip work on windows that
     * cannot matter (an ensemble's later members). It is lowered by a margin of 0.001 so that float rounding in the
     * mean can never turn "cannot" into "can"; it may be 0 or below (every score can then matter).
     */
    public float lowestContributingScore() {
        return (float) (1.0 - smoothing.averageOver() * (1.0 - threshold) - 0.001);
    }

    public DetectionConfig withThreshold(float t) {
        return new DetectionConfig(t, smoothing, refractoryMs);
    }
}
