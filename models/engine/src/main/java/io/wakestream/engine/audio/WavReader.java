package io.wakestream.engine.audio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads PCM (16/24/32-bit integer) and IEEE float (32/64-bit) WAV files at 8 to 48 kHz, mono or stereo
 * (any channel count is downmixed), and returns 16 kHz mono 16-bit audio, resampled with {@link Resampler}.
 * STUB: being implemented.
 */
public final class WavReader {
    private WavReader() {}

    /** Reads a whole file into memory at 16 kHz mono. For long files use {@link #open(Path)}. */
    public static PcmAudio read(Path file) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Opens a file for streaming: the header is parsed and checked now, the samples are read on demand. */
    public static WavStream open(Path file) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }
}
