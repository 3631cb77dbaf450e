package io.wakestream.pipeline;

import java.io.Serializable;

/**
 * Settings of the voice-activity detector that ends a command segment: the energy VAD (the default) or the
 * Silero VAD. Both apply the same rules: after {@code minSpeechMs} of speech, {@code trailingSilenceMs} of
 * consecutive non-speech end the segment.
 *
 * @param frameMs the energy VAD's analysis frame length (energy is measured per frame); the Silero VAD's frames
 *     are 32 ms whatever this says
 * @param speechThresholdDbfs energy VAD: a frame at or above this RMS level (dB relative to full scale) is speech
 * @param minSpeechMs speech needed before trailing silence can end the segment (so a pause right after the wake
 *     word does not close an empty segment)
 * @param trailingSilenceMs consecutive non-speech that ends the segment once enough speech was heard
 * @param kind which detector decides what is speech
 * @param sileroModel Silero VAD: the {@code silero_vad.onnx} file, readable on every task manager (null for the
 *     energy VAD); a String because {@link java.nio.file.Path} is not serializable
 * @param sileroThreshold Silero VAD: a frame whose speech probability is at or above this is speech
 */
public record VadConfig(int frameMs, double speechThresholdDbfs, int minSpeechMs, int trailingSilenceMs, Kind kind,
        String sileroModel, double sileroThreshold) implements Serializable {
    /** Which detector decides what is speech. */
    public enum Kind {
        /** Frame RMS against a dBFS threshold: no model, about nothing in CPU, but any loud noise is "speech". */
        ENERGY,
        /** Silero VAD v4 (ONNX): a speech probability per 32 ms frame. */
        SILERO
    }

    /** Silero's own default speech threshold. */
    public static final double DEFAULT_SILERO_THRESHOLD = 0.5;

    public VadConfig {
        if (frameMs < 1 || frameMs > 100) throw new IllegalArgumentException("vad.frameMs must be 1 to 100, was " + frameMs);
        if (!(speechThresholdDbfs < 0 && speechThresholdDbfs > -120)) {
            throw new IllegalArgumentException("vad.speechThresholdDbfs must be in (-120, 0), was " + speechThresholdDbfs);
        }
        if (minSpeechMs < 0) throw new IllegalArgumentException("vad.minSpeechMs must be >= 0, was " + minSpeechMs);
        if (trailingSilenceMs < frameMs) {
            throw new IllegalArgumentException("vad.trailingSilenceMs must be at least one frame, was " + trailingSilenceMs);
        }
        if (kind == null) throw new IllegalArgumentException("vad.kind must be set");
        if (kind == Kind.SILERO && (sileroModel == null || sileroModel.isBlank())) {
            throw new IllegalArgumentException("the Silero VAD needs its model file (silero_vad.onnx)");
        }
        if (!(sileroThreshold > 0 && sileroThreshold < 1)) {
            throw new IllegalArgumentException("vad.sileroThreshold must be in (0, 1), was " + sileroThreshold);
        }
    }

    /** The energy VAD. */
    public VadConfig(int frameMs, double speechThresholdDbfs, int minSpeechMs, int trailingSilenceMs) {
        this(frameMs, speechThresholdDbfs, minSpeechMs, trailingSilenceMs, Kind.ENERGY, null, DEFAULT_SILERO_THRESHOLD);
    }

    /** The energy VAD: 10 ms frames, -40 dBFS, 100 ms of speech, 700 ms of trailing silence. */
    public static VadConfig defaults() {
        return new VadConfig(10, -40, 100, 700);
    }

    /** The same detector with another trailing silence. */
    public VadConfig withTrailingSilenceMs(int ms) {
        return new VadConfig(frameMs, speechThresholdDbfs, minSpeechMs, ms, kind, sileroModel, sileroThreshold);
    }

    /** These rules (min speech, trailing silence) with the Silero VAD from {@code model} deciding what is speech. */
    public VadConfig withSilero(String model, double threshold) {
        return new VadConfig(frameMs, speechThresholdDbfs, minSpeechMs, trailingSilenceMs, Kind.SILERO, model, threshold);
    }
}
