package io.wakestream.engine.audio;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reads a RIFF/WAVE header up to the start of the audio data and checks that the engine can decode it.
 *
 * <p>Chunks other than {@code fmt } and {@code data} (LIST, fact, bext, JUNK, id3, ...) are skipped, including
 * the pad byte RIFF adds after odd-sized chunks. The {@code fmt } chunk must come before {@code data}, as the
 * RIFF/WAVE spec requires; that is what lets the data be streamed without seeking. The RIFF size field is
 * ignored, since streaming writers leave it wrong and nothing depends on it.
 *
 * <p>Streaming writers that cannot seek back leave the data size as 0 or 0xFFFFFFFF. Both are taken to mean
 * "the data runs to the end of the file", except that a size of 0 followed by what looks like another chunk
 * header is taken at its word (an empty data chunk). When the input's length is known (a file or a byte array)
 * the actual data length is computed from it, so the header is exact and a short file is reported at once.
 */
final class WavHeaderParser {
    static final int MIN_RATE = 8_000;
    static final int MAX_RATE = 48_000;

    private static final int TAG_PCM = 0x0001;
    private static final int TAG_FLOAT = 0x0003;
    private static final int TAG_EXTENSIBLE = 0xFFFE;
    /** The part of the KSDATAFORMAT_SUBTYPE GUIDs after the format code (bytes 4..15, as stored in the file). */
    private static final byte[] SUBFORMAT_GUID_TAIL = {
        0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
    };
    /** fmt bytes we look at: 16 basic, 2 cbSize, 22 extensible. Anything further is skipped. */
    private static final int FMT_BYTES_USED = 40;

    private static final Map<Integer, String> COMPRESSED_TAGS = Map.ofEntries(
            Map.entry(0x0002, "MS ADPCM"),
            Map.entry(0x0006, "A-law"),
            Map.entry(0x0007, "mu-law"),
            Map.entry(0x0011, "IMA ADPCM"),
            Map.entry(0x0016, "G.723 ADPCM"),
            Map.entry(0x0031, "GSM 6.10"),
            Map.entry(0x0040, "G.721 ADPCM"),
            Map.entry(0x0050, "MPEG"),
            Map.entry(0x0055, "MP3"),
            Map.entry(0x00FF, "AAC"),
            Map.entry(0x0161, "WMA"),
            Map.entry(0x0162, "WMA Pro"),
            Map.entry(0x1610, "AAC"),
            Map.entry(0x2000, "AC-3"),
            Map.entry(0x2001, "DTS"),
            Map.entry(0x674F, "Ogg Vorbis"),
            Map.entry(0x6750, "Ogg Vorbis"),
            Map.entry(0x6751, "Ogg Vorbis"),
            Map.entry(0xF1AC, "FLAC"));

    private final InputStream in;
    private final String source;
    private final long knownLength;
    private long position;

    /**
     * @param in must support {@link InputStream#mark(int)}; it is left at the first byte of audio data
     * @param knownLength the input's total length in bytes, or -1 if unknown (a pipe or socket)
     */
    private WavHeaderParser(InputStream in, String source, long knownLength) {
        if (!in.markSupported()) throw new IllegalArgumentException("input must support mark/reset");
        this.in = in;
        this.source = source;
        this.knownLength = knownLength;
    }

    /** Parses and validates the header, leaving {@code in} at the start of the audio data. */
    static WavHeader parse(InputStream in, String source, long knownLength) throws IOException {
        return new WavHeaderParser(in, source, knownLength).parse();
    }

    private WavHeader parse() throws IOException {
        byte[] riff = new byte[12];
        int n = readFully(riff, 12);
        if (n == 0) throw error("empty: no audio samples (the file is 0 bytes)");
        if (n < 4) throw error("not a WAV file (only " + n + " bytes)");
        String magic = ascii(riff, 0);
        switch (magic) {
            case "RIFF":
                break;
            case "RIFX":
                throw error("big-endian RIFX WAV is not supported; convert to little-endian PCM");
            case "RF64":
            case "BW64":
                throw error(magic + " WAV (the format for files over 4 GB) is not supported; convert to PCM WAV");
            default:
                throw error("not a WAV file (starts with '" + escape(riff, 0, 4) + "')");
        }
        if (n < 12) throw error("truncated: the file ends inside the RIFF header (after " + n + " bytes)");
        if (!ascii(riff, 8).equals("WAVE")) {
            throw error("not a WAV file (RIFF type '" + escape(riff, 8, 4) + "', expected 'WAVE')");
        }

        Format format = null;
        byte[] chunkHeader = new byte[8];
        while (true) {
            n = readFully(chunkHeader, 8);
            if (n == 0) throw error(format == null ? "no fmt chunk" : "no data chunk");
            if (n < 8) throw error("truncated: the file ends inside a chunk header (at byte " + position + ")");
            String id = escape(chunkHeader, 0, 4);
            long size = u32(chunkHeader, 4);
            if (id.equals("fmt ") && format == null) {
                format = readFmt(size);
            } else if (id.equals("data")) {
                if (format == null) throw error("no fmt chunk before the data chunk");
                return new WavHeader(format.rate, format.channels, format.bits, format.floatingPoint,
                        dataBytes(size, format.bytesPerFrame()));
            } else {
                // A second fmt chunk is skipped like any unknown chunk: the first one describes the data.
                skipChunk(id, size);
            }
        }
    }

    private Format readFmt(long size) throws IOException {
        if (size < 16) throw error("fmt chunk too short (" + size + " bytes, at least 16 needed)");
        int used = (int) Math.min(size, FMT_BYTES_USED);
        byte[] fmt = new byte[used];
        int n = readFully(fmt, used);
        if (n < used) throw chunkTruncated("fmt chunk", size, n);
        skipChunkRest("fmt chunk", size, used);

        int tag = u16(fmt, 0);
        int channels = u16(fmt, 2);
        long rate = u32(fmt, 4);
        int bits = u16(fmt, 14);
        if (tag == TAG_EXTENSIBLE) {
            if (size < 40) {
                throw error("WAVE_FORMAT_EXTENSIBLE fmt chunk too short (" + size + " bytes, 40 needed)");
            }
            // The sub-format GUID starts at byte 24; its first four bytes hold the format tag it stands for.
            for (int i = 0; i < SUBFORMAT_GUID_TAIL.length; i++) {
                if (fmt[28 + i] != SUBFORMAT_GUID_TAIL[i]) {
                    throw error("unsupported WAVE_FORMAT_EXTENSIBLE sub-format " + guid(fmt, 24)
                            + "; convert to PCM");
                }
            }
            long code = u32(fmt, 24);
            tag = code > 0xFFFF ? -1 : (int) code;
        }
        if (tag != TAG_PCM && tag != TAG_FLOAT) {
            String name = COMPRESSED_TAGS.get(tag);
            String hex = tag < 0 ? "(invalid)" : String.format("0x%04X", tag);
            throw error(name != null
                    ? "compressed WAV (format tag " + hex + " " + name + ") is not supported; convert to PCM"
                    : "unsupported WAV encoding (format tag " + hex + "); convert to PCM");
        }
        if (channels == 0) throw error("invalid channel count 0");
        if (rate < MIN_RATE || rate > MAX_RATE) {
            throw error("unsupported sample rate " + rate + " Hz (" + MIN_RATE + " to " + MAX_RATE + " supported)");
        }
        boolean floatingPoint = tag == TAG_FLOAT;
        if (floatingPoint && bits != 32 && bits != 64) {
            throw error("unsupported bits per sample " + bits + " for IEEE float (32 or 64 supported)");
        }
        if (!floatingPoint && bits != 8 && bits != 16 && bits != 24 && bits != 32) {
            throw error("unsupported bits per sample " + bits + " (8, 16, 24 or 32 supported for integer PCM)");
        }
        // The block align field is not checked: frames are always channels * bits / 8 bytes for these
        // encodings, and some writers fill the field in wrongly.
        return new Format((int) rate, channels, bits, floatingPoint);
    }

    /** Works out how many data bytes follow, resolving streaming writers' placeholder sizes. */
    private long dataBytes(long declared, int bytesPerFrame) throws IOException {
        long remaining = knownLength < 0 ? -1 : knownLength - position;
        boolean runsToEnd;
        if (declared == 0xFFFFFFFFL) {
            runsToEnd = true;
        } else if (declared == 0) {
            byte[] next = peek(8);
            if (next.length == 0 || looksLikeChunkHeader(next, remaining)) {
                throw error("empty: no audio samples (the data chunk is 0 bytes)");
            }
            runsToEnd = true;
        } else {
            if (declared % bytesPerFrame != 0) {
                throw error("truncated: data chunk of " + declared + " bytes ends in the middle of a sample frame ("
                        + bytesPerFrame + " bytes per frame)");
            }
            if (remaining >= 0 && remaining < declared) {
                throw error("truncated: data chunk declares " + declared + " bytes but the file ends after "
                        + remaining);
            }
            return declared;
        }
        // runsToEnd
        if (remaining < 0) {
            if (peek(1).length == 0) throw error("empty: no audio samples (the data chunk is 0 bytes)");
            return -1;
        }
        if (remaining == 0) throw error("empty: no audio samples (the data chunk is 0 bytes)");
        if (remaining % bytesPerFrame != 0) {
            throw error("truncated: the data ends in the middle of a sample frame (" + remaining % bytesPerFrame
                    + " of " + bytesPerFrame + " bytes)");
        }
        return remaining;
    }

    /**
     * Whether bytes after a 0-sized data chunk are another chunk (so the data really is empty) rather than
     * audio a streaming writer never declared. A chunk ID is four printable ASCII characters starting with a
     * letter, which audio bytes rarely are four times in a row (and silence never); when the length is known
     * the chunk must also fit in the file.
     */
    private static boolean looksLikeChunkHeader(byte[] b, long remaining) {
        if (b.length < 8 || !Character.isLetter((char) b[0])) return false;
        for (int i = 0; i < 4; i++) {
            if (b[i] < 0x20 || b[i] > 0x7E) return false;
        }
        return remaining < 0 || 8 + u32(b, 4) <= remaining;
    }

    private void skipChunk(String id, long size) throws IOException {
        skipChunkRest("'" + id + "' chunk", size, 0);
    }

    /** Skips the rest of a chunk after {@code done} bytes of it, plus the RIFF pad byte if its size is odd. */
    private void skipChunkRest(String what, long size, long done) throws IOException {
        long skipped = skip(size - done);
        if (done + skipped < size) throw chunkTruncated(what, size, done + skipped);
        if ((size & 1) != 0) skip(1); // a missing final pad byte just means the file ends here
    }

    private WavFormatException chunkTruncated(String what, long size, long available) {
        return error("truncated: " + what + " declares " + size + " bytes but the file ends after " + available);
    }

    private byte[] peek(int n) throws IOException {
        in.mark(n);
        byte[] b = in.readNBytes(n);
        in.reset();
        return b;
    }

    private int readFully(byte[] b, int n) throws IOException {
        int read = in.readNBytes(b, 0, n);
        position += read;
        return read;
    }

    private long skip(long n) throws IOException {
        long done = 0;
        while (done < n) {
            long s = in.skip(n - done);
            if (s <= 0) {
                // skip() may return 0 without being at the end; a read tells the two apart.
                if (in.read() < 0) break;
                s = 1;
            }
            done += s;
        }
        position += done;
        return done;
    }

    private WavFormatException error(String problem) {
        return new WavFormatException(source, problem);
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8);
    }

    private static long u32(byte[] b, int p) {
        return (b[p] & 0xffL) | ((b[p + 1] & 0xffL) << 8) | ((b[p + 2] & 0xffL) << 16) | ((b[p + 3] & 0xffL) << 24);
    }

    private static String ascii(byte[] b, int p) {
        return new String(b, p, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Printable ASCII as is, anything else as a Java-style {@code \\uXXXX} escape, so messages stay readable. */
    static String escape(byte[] b, int p, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = p; i < p + n; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7F && c != '\\') s.append((char) c);
            else s.append(String.format("\\u%04x", c));
        }
        return s.toString();
    }

    private static String guid(byte[] b, int p) {
        return String.format("{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", u32(b, p), u16(b, p + 4),
                u16(b, p + 6), b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14],
                b[p + 15]);
    }

    private record Format(int rate, int channels, int bits, boolean floatingPoint) {
        int bytesPerFrame() {
            return channels * (bits / 8);
        }
    }
}
