package io.wakestream.engine.audio;

/**
 * The format a WAV file declares (before any conversion to the engine's 16 kHz mono).
 *
 * @param sampleRate samples per second per channel
 * @param channels channel count
 * @param bitsPerSample 8, 16, 24, 32 (integer) or 32, 64 (float): the container size of one sample
 * @param floatingPoint true for IEEE float samples (format tag 3, or extensible with the float sub-format)
 * @param dataBytes bytes of audio in the data chunk, or -1 when the data chunk's size is a streaming writer's
 *     placeholder and the input's length is not known in advance (the data then runs to the end of the input)
 */
public record WavHeader(int sampleRate, int channels, int bitsPerSample, boolean floatingPoint, long dataBytes) {
    /** Bytes in one sample frame (one sample of every channel). */
    public int bytesPerFrame() {
        return channels * (bitsPerSample / 8);
    }

    /** Sample frames in the data chunk, or -1 if {@link #dataBytes()} is unknown. */
    public long frames() {
        return dataBytes < 0 ? -1 : dataBytes / bytesPerFrame();
    }

    /** Duration in milliseconds (rounded down), or -1 if {@link #dataBytes()} is unknown. */
    public long durationMs() {
        return dataBytes < 0 ? -1 : frames() * 1000L / sampleRate;
    }

    /** True when the samples need no conversion at all for the engine: 16-bit integer mono at 16 kHz. */
    public boolean isEngineFormat() {
        return sampleRate == PcmAudio.ENGINE_SAMPLE_RATE && channels == 1 && bitsPerSample == 16 && !floatingPoint;
    }
}
