package io.wakestream.engine.audio;

import java.io.Closeable;
import java.io.IOException;

/**
 * A WAV file being read in pieces, delivered as 16 kHz mono 16-bit samples. Obtained from
 * {@link WavReader#open}; the header has already been checked by then. The samples delivered do not depend on
 * the buffer sizes passed to {@link #read}: reading one sample at a time gives what {@link WavReader#read}
 * gives. Not thread-safe.
 */
public interface WavStream extends Closeable {
    /** What the file itself holds (its own rate, channels, encoding), before conversion. */
    WavHeader header();

    /**
     * Reads up to {@code len} converted samples (16 kHz mono) into {@code buf}. Blocks until at least one
     * sample is available or the data ends.
     *
     * @return the number of samples read (0 only if {@code len} is 0), or -1 at the end of the data
     * @throws WavFormatException if the file turns out to be truncated; it is thrown by the call that reaches
     *     the early end, and again by any later call
     */
    int read(short[] buf, int off, int len) throws IOException;

    @Override
    void close() throws IOException;
}
