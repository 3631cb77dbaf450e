package io.wakestream.engine.features;

import java.util.Arrays;

/**
 * What one audio stream carries between chunks for {@link MfccExtractor}: the samples of the frame being
 * filled (already pre-emphasised), the last raw sample (for pre-emphasis across chunk boundaries) and how
 * many samples the stream has had. Small and plain so a Flink job can keep it in keyed state.
 */
public final class MfccStreamState {
    /** Ring of the last frameLength pre-emphasised samples. */
    final float[] ring;
    int ringPos;
    /** Total samples seen on this stream. */
    long samplesSeen;
    /** Frames emitted so far; also the index of the next frame. */
    long framesEmitted;
    float previousSample;

    public MfccStreamState(MfccConfig config) {
        this.ring = new float[config.frameLengthSamples()];
    }

    /** Rebuilds a state from its parts (see the accessors), e.g. after Flink restored it. */
    public MfccStreamState(float[] ring, int ringPos, long samplesSeen, long framesEmitted, float previousSample) {
        this.ring = ring.clone();
        this.ringPos = ringPos;
        this.samplesSeen = samplesSeen;
        this.framesEmitted = framesEmitted;
        this.previousSample = previousSample;
    }

    public float[] ring() {
        return ring.clone();
    }

    public int ringPos() {
        return ringPos;
    }

    public long samplesSeen() {
        return samplesSeen;
    }

    public long framesEmitted() {
        return framesEmitted;
    }

    public float previousSample() {
        return previousSample;
    }

    public MfccStreamState copy() {
        return new MfccStreamState(ring, ringPos, samplesSeen, framesEmitted, previousSample);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MfccStreamState s && Arrays.equals(ring, s.ring) && ringPos == s.ringPos
                && samplesSeen == s.samplesSeen && framesEmitted == s.framesEmitted
                && Float.compare(previousSample, s.previousSample) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(samplesSeen) * 31 + Arrays.hashCode(ring);
    }
}
