package io.wakestream.engine.audio;

/**
 * The format a WAV file declares.
 *
 * @param sampleRate samples per second per channel
 * @param channels channel count
 * @param bitsPerSample 16, 24, 32 (integer) or 32, 64 (float)
 * @param floatingPoint true for IEEE float samples (format tag 3, or extensible with the float sub-format)
 * @param dataBytes bytes in the data chunk
 */
public record WavHeader(int sampleRate, int channels, int bitsPerSample, boolean floatingPoint, long dataBytes) {
    public long frames() {
        return dataBytes / ((long) channels * (bitsPerSample / 8));
    }

    public long durationMs() {
        return frames() * 1000L / sampleRate;
    }
}
