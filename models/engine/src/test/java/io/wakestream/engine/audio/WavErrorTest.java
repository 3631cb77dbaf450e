package io.wakestream.engine.audio;

import static io.wakestream.engine.audio.TestWavs.Encoding;
import static io.wakestream.engine.audio.TestWavs.chunk;
import static io.wakestream.engine.audio.TestWavs.chunkHeader;
import static io.wakestream.engine.audio.TestWavs.concat;
import static io.wakestream.engine.audio.TestWavs.fmt;
import static io.wakestream.engine.audio.TestWavs.riff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a file can be unreadable gives a {@link WavFormatException} whose message starts with the file and
 * says what is wrong, from {@link WavReader#read(Path)} and already from {@link WavReader#open(Path)}.
 */
class WavErrorTest {
    private static final byte[] SECOND_OF_PCM16 = TestWavs.encode(Encoding.pcm(16), new double[16_000]);

    @TempDir
    Path dir;

    @Test
    void notAWavFile() throws IOException {
        byte[] mp3 = concat("ID3".getBytes(StandardCharsets.US_ASCII), new byte[] {3, 0, 0, 0, 0, 0, 0x21, 0, 0});
        assertFails("song.wav", mp3, "not a WAV file (starts with 'ID3\\u0003')");
        assertFails("tiny.wav", new byte[] {'R', 'I'}, "not a WAV file (only 2 bytes)");
        assertFails("movie.wav", concat("RIFF".getBytes(StandardCharsets.US_ASCII), new byte[4],
                "AVI LIST".getBytes(StandardCharsets.US_ASCII)), "not a WAV file (RIFF type 'AVI ', expected 'WAVE')");
        assertFails("header.wav", Arrays.copyOf(riff(), 10), "truncated: the file ends inside the RIFF header");
    }

    @Test
    void otherRiffFlavours() throws IOException {
        byte[] wav = riff(fmt(1, 1, 16_000, 16), chunk("data", SECOND_OF_PCM16));
        byte[] rifx = wav.clone();
        rifx[3] = 'X';
        assertFails("mac.wav", rifx, "big-endian RIFX WAV is not supported");
        byte[] rf64 = wav.clone();
        System.arraycopy("RF64".getBytes(StandardCharsets.US_ASCII), 0, rf64, 0, 4);
        assertFails("huge.wav", rf64, "RF64 WAV (the format for files over 4 GB) is not supported");
    }

    @Test
    void emptyFiles() throws IOException {
        assertFails("zero.wav", new byte[0], "empty: no audio samples (the file is 0 bytes)");
        byte[] header = riff(fmt(1, 1, 16_000, 16), chunkHeader("data", 0));
        assertFails("nodata.wav", header, "empty: no audio samples (the data chunk is 0 bytes)");
        assertFails("nodata-list.wav", concat(header, chunk("LIST", new byte[20])),
                "empty: no audio samples (the data chunk is 0 bytes)");
        assertFails("live-empty.wav", riff(fmt(1, 1, 16_000, 16), chunkHeader("data", 0xFFFFFFFFL)),
                "empty: no audio samples");
        assertStreamFails("stdin", riff(fmt(1, 1, 16_000, 16), chunkHeader("data", 0xFFFFFFFFL)),
                "empty: no audio samples");
    }

    @Test
    void missingChunks() throws IOException {
        assertFails("nofmt.wav", riff(chunk("data", SECOND_OF_PCM16)), "no fmt chunk");
        assertFails("bare.wav", riff(), "no fmt chunk");
        assertFails("nodata.wav", riff(fmt(1, 1, 16_000, 16), chunk("LIST", new byte[4])), "no data chunk");
    }

    @Test
    void compressedAndUnknownEncodings() throws IOException {
        assertFails("mp3.wav", riff(fmt(0x55, 2, 44_100, 0), chunk("data", new byte[400])),
                "compressed WAV (format tag 0x0055 MP3) is not supported; convert to PCM");
        assertFails("adpcm.wav", riff(fmt(0x11, 1, 8_000, 4), chunk("data", new byte[400])),
                "compressed WAV (format tag 0x0011 IMA ADPCM) is not supported; convert to PCM");
        assertFails("odd.wav", riff(fmt(0x1234, 1, 16_000, 16), chunk("data", new byte[400])),
                "unsupported WAV encoding (format tag 0x1234); convert to PCM");
        assertFails("ext-alaw.wav", riff(TestWavs.fmtExtensible(6, 1, 8_000, 8, 8), chunk("data", new byte[400])),
                "compressed WAV (format tag 0x0006 A-law) is not supported; convert to PCM");
        byte[] ambisonic = TestWavs.guid(1);
        ambisonic[15] = 0x00;
        assertFails("ambi.wav", riff(TestWavs.fmtExtensible(4, 16_000, 16, 16, ambisonic), chunk("data", new byte[400])),
                "unsupported WAVE_FORMAT_EXTENSIBLE sub-format {00000001-0000-0010-8000-00AA00389B00}");
        byte[] shortExtensible = Arrays.copyOf(fmt(0xFFFE, 1, 16_000, 16), 8 + 18);
        shortExtensible[4] = 18;
        assertFails("ext18.wav", riff(shortExtensible, chunk("data", new byte[400])),
                "WAVE_FORMAT_EXTENSIBLE fmt chunk too short (18 bytes, 40 needed)");
    }

    @Test
    void unsupportedParameters() throws IOException {
        assertFails("hires.wav", riff(fmt(1, 2, 96_000, 24), chunk("data", new byte[600])),
                "unsupported sample rate 96000 Hz (8000 to 48000 supported)");
        assertFails("lores.wav", riff(fmt(1, 1, 4_000, 16), chunk("data", new byte[600])),
                "unsupported sample rate 4000 Hz (8000 to 48000 supported)");
        assertFails("twelve.wav", riff(fmt(1, 1, 16_000, 12), chunk("data", new byte[600])),
                "unsupported bits per sample 12");
        assertFails("half.wav", riff(fmt(3, 1, 16_000, 16), chunk("data", new byte[600])),
                "unsupported bits per sample 16 for IEEE float (32 or 64 supported)");
        assertFails("mute.wav", riff(fmt(1, 0, 16_000, 16), chunk("data", new byte[600])),
                "invalid channel count 0");
        byte[] shortFmt = Arrays.copyOf(fmt(1, 1, 16_000, 16), 8 + 14);
        shortFmt[4] = 14;
        assertFails("fmt14.wav", riff(shortFmt, chunk("data", new byte[600])),
                "fmt chunk too short (14 bytes, at least 16 needed)");
    }

    @Test
    void truncatedData() throws IOException {
        byte[] full = riff(fmt(1, 1, 16_000, 16), chunk("data", Arrays.copyOf(SECOND_OF_PCM16, 32_000)));
        byte[] cut = Arrays.copyOf(full, full.length - 32_000 + 1200);
        assertFails("cut.wav", cut, "truncated: data chunk declares 32000 bytes but the file ends after 1200");
        assertStreamFails("cut-stream", cut, "truncated: data chunk declares 32000 bytes but the file ends after 1200");
        assertFails("halfsample.wav", riff(fmt(1, 1, 16_000, 16), chunkHeader("data", 1001), new byte[1001]),
                "truncated: data chunk of 1001 bytes ends in the middle of a sample frame (2 bytes per frame)");
        assertFails("live-halfsample.wav", riff(fmt(1, 2, 16_000, 16), chunkHeader("data", 0), new byte[1001]),
                "truncated: the data ends in the middle of a sample frame (1 of 4 bytes)");
    }

    @Test
    void truncatedHeaderChunks() throws IOException {
        assertFails("fmtcut.wav", Arrays.copyOf(riff(fmt(1, 1, 16_000, 16)), 12 + 8 + 10),
                "truncated: fmt chunk declares 16 bytes but the file ends after 10");
        assertFails("listcut.wav", riff(chunkHeader("LIST", 1000), new byte[20]),
                "truncated: 'LIST' chunk declares 1000 bytes but the file ends after 20");
        assertFails("chunkheadercut.wav", riff(fmt(1, 1, 16_000, 16), new byte[] {'d', 'a', 't'}),
                "truncated: the file ends inside a chunk header (at byte 39)");
    }

    @Test
    void missingFileIsAnIoErrorNotAFormatError() {
        Path missing = dir.resolve("missing.wav");
        assertThrows(NoSuchFileException.class, () -> WavReader.read(missing));
    }

    /** Writes {@code bytes} as {@code name} and checks that open and read both fail with that message. */
    private void assertFails(String name, byte[] bytes, String problem) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        for (int attempt = 0; attempt < 2; attempt++) {
            WavFormatException e = assertThrows(WavFormatException.class,
                    attempt == 0 ? () -> WavReader.open(file).close() : () -> WavReader.read(file), name);
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
            assertEquals(file.toString(), e.source());
        }
    }

    /** The same from a stream of unknown length, where some problems only show while reading. */
    private static void assertStreamFails(String name, byte[] bytes, String problem) {
        WavFormatException e = assertThrows(WavFormatException.class,
                () -> WavReader.read(new ByteArrayInputStream(bytes), name));
        assertEquals(name + ": " + problem, e.getMessage().substring(0, name.length() + 2 + problem.length()));
    }
}
