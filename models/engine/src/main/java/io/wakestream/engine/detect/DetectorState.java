package io.wakestream.engine.detect;

import java.util.Arrays;

/**
 * Per-stream detector memory: the last raw scores, where the current above-threshold run began, until when
 * triggers are suppressed, and whether the detector is armed. A few dozen bytes, so it fits in Flink keyed state.
 */
public final class DetectorState {
    final float[] recent;
    int count;
    int pos;
    /** Frame index of the first raw score >= threshold in the current run, or -1. */
    long runStartFrame = -1;
    /** No trigger before this frame index. */
    long refractoryUntilFrame = Long.MIN_VALUE;
    /**
     * False from a trigger until the smoothed score falls below the threshold: a score that stays high (a stuck,
     * clipped or looping signal the model happens to like) gives one detection, not one per refractory period.
     */
    boolean armed = true;

    public DetectorState(SmoothingConfig smoothing) {
        this.recent = new float[smoothing.history()];
    }

    public DetectorState(float[] recent, int count, int pos, long runStartFrame, long refractoryUntilFrame, boolean armed) {
        this.recent = recent.clone();
        this.count = count;
        this.pos = pos;
        this.runStartFrame = runStartFrame;
        this.refractoryUntilFrame = refractoryUntilFrame;
        this.armed = armed;
    }

    public float[] recent() { return recent.clone(); }
    public int count() { return count; }
    public int pos() { return pos; }
    public long runStartFrame() { return runStartFrame; }
    public long refractoryUntilFrame() { return refractoryUntilFrame; }
    public boolean armed() { return armed; }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetectorState s && Arrays.equals(recent, s.recent) && count == s.count && pos == s.pos
                && runStartFrame == s.runStartFrame && refractoryUntilFrame == s.refractoryUntilFrame && armed == s.armed;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(recent) * 31 + count;
    }
}
