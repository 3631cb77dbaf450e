package io.wakestream.engine.audio;

/**
 * Audio in the engine's internal format: 16 kHz, mono, signed 16-bit PCM.
 *
 * @param samples the samples; the array is owned by this record's creator and not copied
 * @param sampleRate always {@link #ENGINE_SAMPLE_RATE} for audio that came through {@link WavReader}
 */
public record PcmAudio(short[] samples, int sampleRate) {
    /** The one sample rate every feature extractor and model in the engine works at. */
    public static final int ENGINE_SAMPLE_RATE = 16_000;

    public PcmAudio {
        if (samples == null) throw new IllegalArgumentException("samples must not be null");
        if (sampleRate <= 0) throw new IllegalArgumentException("sampleRate must be positive, was " + sampleRate);
    }

    public long durationMs() {
        return samples.length * 1000L / sampleRate;
    }
}
