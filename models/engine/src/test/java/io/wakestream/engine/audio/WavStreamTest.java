package io.wakestream.engine.audio;

import static io.wakestream.engine.audio.TestWavs.Encoding;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WavStreamTest {
    @TempDir
    Path dir;

    /** Files several times the 64 KiB read block, in formats that take each conversion path. */
    static Stream<Arguments> files() {
        return Stream.of(Arguments.of(Encoding.pcm(16), 16_000, 1), // passthrough
                Arguments.of(Encoding.pcm(16), 16_000, 2), // downmix only
                Arguments.of(Encoding.pcm(24), 44_100, 2), // downmix and resample
                Arguments.of(Encoding.pcm(8), 8_000, 1), // upsample
                Arguments.of(Encoding.ieee(64), 48_000, 3));
    }

    @ParameterizedTest(name = "{0} {1} Hz {2} ch")
    @MethodSource("files")
    void readingInRandomPiecesGivesTheSameSamplesAsReadingWhole(Encoding enc, int rate, int channels)
            throws IOException {
        Random random = new Random(rate + channels);
        int frames = 3 * rate + 17;
        double[][] data = new double[channels][frames];
        for (double[] ch : data) for (int i = 0; i < frames; i++) ch[i] = random.nextGaussian() * 0.2;
        Path file = dir.resolve("noise.wav");
        Files.write(file, TestWavs.wav(enc, rate, data));
        short[] whole = WavReader.read(file).samples();

        for (int round = 0; round < 3; round++) {
            short[] got = readInRandomPieces(WavReader.open(file), random, whole.length + 10);
            assertArrayEquals(whole, got, "round " + round);
        }
        // A stream that hands out a few bytes per read() call must not change anything either.
        byte[] wav = Files.readAllBytes(file);
        short[] trickled = readInRandomPieces(WavReader.open(new Trickle(wav, random), "trickle"), random, whole.length + 10);
        assertArrayEquals(whole, trickled);
    }

    /** The header is checked at open, and the data is read a block at a time rather than all at once. */
    @Test
    void openReadsOnlyTheHeaderAndReadingIsBounded() throws IOException {
        double[] x = TestWavs.sine(440, 0.5, 44_100, 44_100 * 20);
        byte[] wav = TestWavs.wav(Encoding.pcm(16), 44_100, x); // 1.7 MB
        Counting in = new Counting(new ByteArrayInputStream(wav));
        try (WavStream s = WavReader.open(in, "big")) {
            assertEquals(44_100 * 20 * 2, s.header().dataBytes(), "header available right after open");
            long afterOpen = in.count;
            short[] buf = new short[100];
            assertEquals(100, s.read(buf, 0, buf.length));
            assertTrue(afterOpen <= 64 * 1024, "open consumed " + afterOpen + " bytes");
            assertTrue(in.count <= 2 * 64 * 1024 + 44, "first read consumed up to " + in.count + " bytes");
        }
        assertTrue(in.closed, "closing the WavStream closes the input");
    }

    /**
     * A data chunk that stops short of its declared size fails on the read that reaches the early end (here
     * the stream's length is unknown, so open cannot tell), and every later read fails too: the caller never
     * sees a clean end of data.
     */
    @Test
    void truncationIsReportedByTheReadThatHitsIt() throws IOException {
        double[] x = TestWavs.sine(440, 0.5, 16_000, 160_000);
        byte[] full = TestWavs.wav(Encoding.pcm(16), 16_000, x);
        byte[] cut = Arrays.copyOf(full, 44 + 200_001); // also ends inside a sample
        WavStream s = WavReader.open(new ByteArrayInputStream(cut), "cut.wav");
        short[] buf = new short[1000];
        long delivered = 0;
        WavFormatException e = null;
        while (e == null) {
            try {
                int n = s.read(buf, 0, buf.length);
                assertTrue(n > 0, "must not report a clean end");
                delivered += n;
            } catch (WavFormatException caught) {
                e = caught;
            }
        }
        assertEquals("cut.wav: truncated: data chunk declares 320000 bytes but the file ends after 200001",
                e.getMessage());
        assertEquals("cut.wav", e.source());
        assertTrue(delivered < 100_000, "only whole blocks before the failing one were delivered: " + delivered);
        WavFormatException again = assertThrows(WavFormatException.class, () -> s.read(buf, 0, 10));
        assertSame(e, again);
        s.close();
    }

    @Test
    void placeholderSizedStreamEndingInsideAFrameIsTruncated() throws IOException {
        byte[] samples = TestWavs.encode(Encoding.pcm(24), new double[5000], new double[5000]);
        byte[] wav = TestWavs.riff(TestWavs.fmt(1, 2, 16_000, 24), TestWavs.chunkHeader("data", 0xFFFFFFFFL),
                Arrays.copyOf(samples, samples.length - 2));
        WavStream s = WavReader.open(new ByteArrayInputStream(wav), "live");
        WavFormatException e = assertThrows(WavFormatException.class, () -> s.read(new short[10_000], 0, 10_000));
        assertEquals("live: truncated: the data ends in the middle of a sample frame (4 of 6 bytes)", e.getMessage());
    }

    @Test
    void zeroLengthReadsAndReadsAfterTheEndAndClose() throws IOException {
        Path file = dir.resolve("short.wav");
        WavWriter.write(file, new short[] {1, 2, 3}, 16_000);
        WavStream s = WavReader.open(file);
        short[] buf = new short[10];
        assertEquals(0, s.read(buf, 0, 0));
        assertEquals(3, s.read(buf, 0, 10));
        assertArrayEquals(new short[] {1, 2, 3}, Arrays.copyOf(buf, 3));
        assertEquals(-1, s.read(buf, 0, 10));
        assertEquals(-1, s.read(buf, 0, 10));
        s.close();
        s.close();
        assertThrows(IOException.class, () -> s.read(buf, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> WavReader.open(file).read(buf, 5, 6));
    }

    private static short[] readInRandomPieces(WavStream s, Random random, int capacity) throws IOException {
        short[] out = new short[capacity];
        int n = 0;
        try (s) {
            while (true) {
                int len = switch (random.nextInt(3)) {
                    case 0 -> 1;
                    case 1 -> 1 + random.nextInt(100);
                    default -> 1 + random.nextInt(20_000);
                };
                short[] buf = new short[len + 3];
                int r = s.read(buf, 3, len);
                if (r < 0) break;
                assertTrue(r > 0 && r <= len);
                System.arraycopy(buf, 3, out, n, r);
                n += r;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Hands out 1 to 7 bytes per read, like a slow socket. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final Random random;
        private int pos;

        Trickle(byte[] data, Random random) {
            this.data = data;
            this.random = random;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (pos == data.length) return -1;
            int n = Math.min(Math.min(len, 1 + random.nextInt(7)), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    private static final class Counting extends FilterInputStream {
        long count;
        boolean closed;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
