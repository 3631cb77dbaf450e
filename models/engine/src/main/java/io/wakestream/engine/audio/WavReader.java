package io.wakestream.engine.audio;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads WAV files and returns audio in the engine's format: 16 kHz, mono, 16-bit.
 *
 * <p>Accepted: RIFF/WAVE with integer PCM (8, 16, 24, 32-bit), IEEE float (32, 64-bit) or
 * WAVE_FORMAT_EXTENSIBLE with either of those sub-formats; 8 to 48 kHz; any number of channels (averaged to
 * mono). Other rates are converted with {@link Resampler}; 16-bit mono 16 kHz files pass through bit for bit.
 * Unknown chunks are skipped, and the placeholder data sizes streaming writers leave (0 or 0xFFFFFFFF) are
 * read as "up to the end of the file". Samples are rounded to 16 bits and clipped.
 *
 * <p>Anything wrong with the file itself (not a WAV, compressed, unsupported format, truncated, empty) is a
 * {@link WavFormatException} naming the file and the problem. I/O failures (a missing file, a read error) are
 * reported as the underlying {@link IOException}.
 */
public final class WavReader {
    /** Bytes buffered from the input; the streaming reader also decodes this much at a time. */
    private static final int INPUT_BUFFER_BYTES = StreamingWavReader.BLOCK_BYTES;

    /** The largest Java array, in 16 kHz samples: about 37 hours. */
    private static final int MAX_SAMPLES_IN_MEMORY = Integer.MAX_VALUE - 8;

    private WavReader() {}

    /** Reads a whole file into memory at 16 kHz mono. For long files use {@link #open(Path)}. */
    public static PcmAudio read(Path file) throws IOException {
        try (StreamingWavReader s = openFile(file)) {
            return readAll(s);
        }
    }

    /** Reads a whole WAV from a stream (e.g. stdin or an HTTP body) and closes it. */
    public static PcmAudio read(InputStream in, String name) throws IOException {
        try (StreamingWavReader s = open(in, name, -1)) {
            return readAll(s);
        }
    }

    /** Reads a WAV held in memory (e.g. a message payload); {@code name} is used in error messages. */
    public static PcmAudio read(byte[] wav, String name) throws IOException {
        try (StreamingWavReader s = open(new ByteArrayInputStream(wav), name, wav.length)) {
            return readAll(s);
        }
    }

    /** Opens a file for streaming: the header is parsed and checked now, the samples are read on demand. */
    public static WavStream open(Path file) throws IOException {
        return openFile(file);
    }

    /**
     * Opens a WAV arriving on a stream whose length is not known in advance. The header is parsed now; closing
     * the returned stream closes {@code in}.
     *
     * @param name what to call the input in error messages (e.g. "stdin" or a URL)
     */
    public static WavStream open(InputStream in, String name) throws IOException {
        return open(in, name, -1);
    }

    private static StreamingWavReader openFile(Path file) throws IOException {
        // A pipe or device reports no useful size, so only a regular file's length is trusted.
        long length = Files.isRegularFile(file) ? Files.size(file) : -1;
        return open(Files.newInputStream(file), file.toString(), length);
    }

    private static StreamingWavReader open(InputStream raw, String name, long knownLength) throws IOException {
        InputStream in = new BufferedInputStream(raw, INPUT_BUFFER_BYTES);
        try {
            WavHeader header = WavHeaderParser.parse(in, name, knownLength);
            return new StreamingWavReader(in, name, header);
        } catch (IOException | RuntimeException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static PcmAudio readAll(StreamingWavReader s) throws IOException {
        long expected = s.expectedLength();
        if (expected > MAX_SAMPLES_IN_MEMORY) throw tooLong(s);
        short[] out = new short[expected >= 0 ? (int) expected : 1 << 16];
        short[] probe = new short[4096];
        int n = 0;
        while (true) {
            if (n < out.length) {
                int r = s.read(out, n, out.length - n);
                if (r < 0) break;
                n += r;
            } else {
                // Full (as expected when the length was known): look for more before growing the array.
                int r = s.read(probe, 0, probe.length);
                if (r < 0) break;
                if ((long) n + r > MAX_SAMPLES_IN_MEMORY) throw tooLong(s);
                out = Arrays.copyOf(out, (int) Math.min(Math.max(2L * n, n + r), MAX_SAMPLES_IN_MEMORY));
                System.arraycopy(probe, 0, out, n, r);
                n += r;
            }
        }
        return new PcmAudio(n == out.length ? out : Arrays.copyOf(out, n), PcmAudio.ENGINE_SAMPLE_RATE);
    }

    private static WavFormatException tooLong(StreamingWavReader s) {
        return new WavFormatException(s.source(), "too long to read into memory (over "
                + MAX_SAMPLES_IN_MEMORY / PcmAudio.ENGINE_SAMPLE_RATE / 3600 + " hours at 16 kHz); stream it with "
                + "WavReader.open instead");
    }
}
