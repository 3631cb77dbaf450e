package io.wakestream.engine.detect;

import java.util.Arrays;

/**
 * Per-stream detector memory: the last raw scores, where the current above-threshold run began, and until
 * when triggers are suppressed. A few dozen bytes, so it fits in Flink keyed state.
 */
public final class DetectorState {
    final float[] recent;
    int count;
    int pos;
    /** Frame index of the first raw score >= threshold in the current run, or -1. */
    long runStartFrame = -1;
    /** No trigger before this frame index. */
    long refractoryUntilFrame = Long.MIN_VALUE;

    public DetectorState(SmoothingConfig smoothing) {
        this.recent = new float[smoothing.history()];
    }

    public DetectorState(float[] recent, int count, int pos, long runStartFrame, long refractoryUntilFrame) {
        this.recent = recent.clone();
        this.count = count;
        this.pos = pos;
        this.runStartFrame = runStartFrame;
        this.refractoryUntilFrame = refractoryUntilFrame;
    }

    public float[] recent() { return recent.clone(); }
    public int count() { return count; }
    public int pos() { return pos; }
    public long runStartFrame() { return runStartFrame; }
    public long refractoryUntilFrame() { return refractoryUntilFrame; }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetectorState s && Arrays.equals(recent, s.recent) && count == s.count && pos == s.pos
                && runStartFrame == s.runStartFrame && refractoryUntilFrame == s.refractoryUntilFrame;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(recent) * 31 + count;
    }
}
