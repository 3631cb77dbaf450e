package io.wakestream.engine.audio;

import java.io.Closeable;
import java.io.IOException;

/** A WAV file being read in pieces, delivered as 16 kHz mono 16-bit samples. STUB: being implemented. */
public interface WavStream extends Closeable {
    /** What the file itself holds (its own rate, channels, encoding), before conversion. */
    WavHeader header();

    /**
     * Reads up to {@code len} converted samples (16 kHz mono) into {@code buf}.
     *
     * @return the number of samples read, or -1 at the end of the file
     * @throws WavFormatException if the file turns out to be truncated or otherwise broken
     */
    int read(short[] buf, int off, int len) throws IOException;

    @Override
    void close() throws IOException;
}
