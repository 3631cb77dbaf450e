package io.wakestream.pipeline;

import java.io.Serializable;

/**
 * Settings of the energy voice-activity detector that ends a command segment.
 *
 * @param frameMs analysis frame length (energy is measured per frame)
 * @param speechThresholdDbfs a frame at or above this RMS level (dB relative to full scale) counts as speech
 * @param minSpeechMs speech needed before trailing silence can end the segment (so a pause right after the wake
 *     word does not close an empty segment)
 * @param trailingSilenceMs consecutive non-speech that ends the segment once enough speech was heard
 */
public record VadConfig(int frameMs, double speechThresholdDbfs, int minSpeechMs, int trailingSilenceMs)
        implements Serializable {
    public VadConfig {
        if (frameMs < 1 || frameMs > 100) throw new IllegalArgumentException("vad.frameMs must be 1 to 100, was " + frameMs);
        if (!(speechThresholdDbfs < 0 && speechThresholdDbfs > -120)) {
            throw new IllegalArgumentException("vad.speechThresholdDbfs must be in (-120, 0), was " + speechThresholdDbfs);
        }
        if (minSpeechMs < 0) throw new IllegalArgumentException("vad.minSpeechMs must be >= 0, was " + minSpeechMs);
        if (trailingSilenceMs < frameMs) {
            throw new IllegalArgumentException("vad.trailingSilenceMs must be at least one frame, was " + trailingSilenceMs);
        }
    }

    /** 10 ms frames, -40 dBFS, 100 ms of speech, 700 ms of trailing silence. */
    public static VadConfig defaults() {
        return new VadConfig(10, -40, 100, 700);
    }
}
