package io.wakestream.agent;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where a device's audio comes from, already converted to what the agent publishes: 16 kHz, mono, signed
 * 16-bit samples. Implementations do their own conversion (the WAV reader and the microphone resample; stdin is
 * required to be in this format already). Not thread-safe: one reader.
 */
public interface AudioSource extends Closeable {
    /** The rate every source delivers. */
    int SAMPLE_RATE = 16_000;

    /**
     * Reads up to {@code len} samples into {@code buf}, blocking until at least one is available (a live source)
     * or the audio ends.
     *
     * @return samples read (0 only if {@code len} is 0), or -1 at the end of the audio
     */
    int read(short[] buf, int off, int len) throws IOException;

    /** What is being read, for logs (a file name, "stdin", the microphone line). */
    String description();

    /** True for audio captured as it happens (a microphone): it cannot be paused or paced. */
    default boolean live() {
        return false;
    }
}
