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

    public DetectionConfig withThreshold(float t) {
        return new DetectionConfig(t, smoothing, refractoryMs);
    }
}
