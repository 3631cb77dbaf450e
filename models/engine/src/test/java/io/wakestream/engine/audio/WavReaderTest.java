package io.wakestream.engine.audio;

import static io.wakestream.engine.audio.TestWavs.Encoding;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WavReaderTest {
    static final int[] RATES = {8000, 11025, 16000, 22050, 32000, 44100, 48000};
    static final Encoding[] ENCODINGS = {
        Encoding.pcm(8), Encoding.pcm(16), Encoding.pcm(24), Encoding.pcm(32), Encoding.ieee(32), Encoding.ieee(64),
        Encoding.extensible(16, false), Encoding.extensible(24, false), Encoding.extensible(32, true)
    };

    @TempDir
    Path dir;

    @Test
    void sixteenBitMonoAt16kHzRoundTripsExactly() throws IOException {
        Random random = new Random(1);
        short[] samples = new short[40_000];
        for (int i = 0; i < samples.length; i++) samples[i] = (short) random.nextInt(65536);
        samples[0] = Short.MIN_VALUE;
        samples[1] = Short.MAX_VALUE;
        Path file = dir.resolve("roundtrip.wav");
        WavWriter.write(file, samples, 16_000);

        PcmAudio audio = WavReader.read(file);
        assertEquals(16_000, audio.sampleRate());
        assertArrayEquals(samples, audio.samples());
    }

    static Stream<Arguments> formats() {
        List<Arguments> cases = new ArrayList<>();
        for (Encoding enc : ENCODINGS) {
            for (int rate : RATES) {
                for (int channels = 1; channels <= 2; channels++) cases.add(Arguments.of(enc, rate, channels));
            }
        }
        return cases.stream();
    }

    /**
     * A 1 kHz sine at -6 dBFS (amplitude 0.5), in every encoding, rate and mono/stereo, comes out as that sine at
     * 16 kHz: the right length, amplitude, phase (no delay) and nothing else. Stereo files carry 0.7 and 0.3 of
     * the sine in L and R, so only the mean gives 0.5 (left-only gives 0.7, a sum 1.0).
     *
     * <p>Tolerances: the resampler's own error is below -85 dB, and 16-bit output rounding is at most 1.5e-5.
     * Input quantisation dominates for 8-bit files: steps of 1/128, so errors up to 1/256 per sample, and a
     * filtered peak over 16000 samples stays under 0.01; for wider formats 2e-4 covers output rounding plus
     * filter error with a wide margin. A 1 kHz sine repeats every few samples at these rates, so its 8-bit
     * quantisation error repeats too and biases the fitted amplitude instead of averaging out (measured up to
     * 0.0019): the 8-bit amplitude tolerance is therefore half a step, 1/256; wider formats get 1e-4. The phase
     * error allowed (0.005 rad) is far below the 0.39 rad of a one-sample shift.
     */
    @ParameterizedTest(name = "{0} {1} Hz {2} ch")
    @MethodSource("formats")
    void sineComesOutAt16kHzWithTheSameAmplitudePhaseAndDuration(Encoding enc, int rate, int channels)
            throws IOException {
        int frames = rate; // one second
        double[] sine = TestWavs.sine(1000, 1.0, rate, frames);
        double[][] data = channels == 1 ? new double[][] {scale(sine, 0.5)}
                : new double[][] {scale(sine, 0.7), scale(sine, 0.3)};
        Path file = dir.resolve("sine-" + enc + "-" + rate + "-" + channels + ".wav");
        Files.write(file, TestWavs.wav(enc, rate, data));

        PcmAudio audio = WavReader.read(file);
        short[] y = audio.samples();
        assertEquals(16_000, audio.sampleRate());
        assertEquals(Resampler.outputLength(frames, rate, 16_000), y.length, "length is ceil(frames * 16000 / rate)");
        assertEquals(16_000, y.length, 1, "one second");

        boolean coarse = enc.bits() == 8;
        int margin = rate == 16_000 ? 0 : ResamplerTest.edgeMargin(rate, 16_000);
        double maxError = 0;
        for (int k = margin; k < y.length - margin; k++) {
            double expected = 0.5 * Math.sin(2 * Math.PI * 1000 * k / 16_000.0);
            maxError = Math.max(maxError, Math.abs(y[k] / 32768.0 - expected));
        }
        assertTrue(maxError < (coarse ? 0.01 : 2e-4), "max sample error " + maxError);

        Signals.Tone tone = Signals.fit(Signals.toDouble(y), margin, y.length - margin, 1000, 16_000);
        assertEquals(0.5, tone.amplitude(), coarse ? 1 / 256.0 : 1e-4, "amplitude");
        assertEquals(0, tone.phase(), 0.005, "phase (rad)");
        assertTrue(tone.residualDb() < (coarse ? -40 : -80), "residual " + tone.residualDb() + " dB");
    }

    @Test
    void stereoChannelsWithDifferentContentAreAveraged() throws IOException {
        int rate = 44_100;
        double[] left = TestWavs.sine(1000, 0.5, rate, rate);
        double[] right = TestWavs.sine(2500, 0.3, rate, rate);
        Path file = dir.resolve("stereo.wav");
        Files.write(file, TestWavs.wav(Encoding.pcm(24), rate, left, right));

        double[] y = Signals.toDouble(WavReader.read(file).samples());
        int margin = ResamplerTest.edgeMargin(rate, 16_000);
        assertEquals(0.25, Signals.fit(y, margin, y.length - margin, 1000, 16_000).amplitude(), 1e-4);
        assertEquals(0.15, Signals.fit(y, margin, y.length - margin, 2500, 16_000).amplitude(), 1e-4);
    }

    @Test
    void manyChannelsAreAveraged() throws IOException {
        double[] sine = TestWavs.sine(1000, 1.0, 16_000, 16_000);
        double[][] channels = new double[6][];
        for (int c = 0; c < 6; c++) channels[c] = scale(sine, 0.1 * c); // mean amplitude 0.25
        Path file = dir.resolve("surround.wav");
        Files.write(file, TestWavs.wav(Encoding.extensible(16, false), 16_000, channels));

        double[] y = Signals.toDouble(WavReader.read(file).samples());
        assertEquals(0.25, Signals.fit(y, 0, y.length, 1000, 16_000).amplitude(), 1e-4);
    }

    /** Without resampling, the mean of two 16-bit samples is rounded once (halves upward), nothing more. */
    @Test
    void stereo16BitAt16kHzIsTheRoundedMean() throws IOException {
        Random random = new Random(3);
        int n = 5000;
        double[] left = new double[n];
        double[] right = new double[n];
        short[] expected = new short[n];
        for (int i = 0; i < n; i++) {
            int l = random.nextInt(65536) - 32768;
            int r = random.nextInt(65536) - 32768;
            left[i] = l / 32768.0;
            right[i] = r / 32768.0;
            expected[i] = (short) Math.floor((l + r) / 2.0 + 0.5);
        }
        Path file = dir.resolve("stereo16.wav");
        Files.write(file, TestWavs.wav(Encoding.pcm(16), 16_000, left, right));
        assertArrayEquals(expected, WavReader.read(file).samples());
    }

    @Test
    void eightBitSilenceIsExactlyZero() throws IOException {
        Path file = dir.resolve("silence8.wav");
        Files.write(file, TestWavs.wav(Encoding.pcm(8), 16_000, new double[1000]));
        assertArrayEquals(new short[1000], WavReader.read(file).samples());
    }

    @Test
    void floatSamplesAreClippedAndNaNBecomesSilence() throws IOException {
        double[] x = {0.5, 1.5, -2.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.25};
        Path file = dir.resolve("hot.wav");
        Files.write(file, TestWavs.wav(Encoding.ieee(32), 16_000, x));
        assertArrayEquals(new short[] {16384, 32767, -32768, 0, 32767, -32768, -8192}, WavReader.read(file).samples());
    }

    /**
     * Chunks other than fmt and data are skipped wherever they are, odd-sized ones with their pad byte; an
     * 18-byte fmt (with cbSize) and a 20-bit extensible format in a 24-bit container read like plain ones.
     */
    @Test
    void unknownChunksAndFmtVariantsAreHandled() throws IOException {
        double[] sine = TestWavs.sine(440, 0.5, 16_000, 3000);
        short[] plain = WavReader.read(TestWavs.wav(Encoding.pcm(16), 16_000, sine), "plain").samples();

        byte[] fmt18 = TestWavs.chunk("fmt ", TestWavs.concat(
                java.util.Arrays.copyOfRange(TestWavs.fmt(1, 1, 16_000, 16), 8, 24), new byte[2]));
        byte[] data = TestWavs.chunk("data", TestWavs.encode(Encoding.pcm(16), sine));
        byte[] withChunks = TestWavs.riff(TestWavs.chunk("JUNK", new byte[27]), fmt18,
                TestWavs.chunk("LIST", "INFOISFT\u0005\0\0\0test\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                TestWavs.chunk("fact", new byte[] {(byte) 0xB8, 0x0B, 0, 0}), TestWavs.chunk("odd ", new byte[3]),
                data, TestWavs.chunk("id3 ", new byte[11]));
        Path file = dir.resolve("chunky.wav");
        Files.write(file, withChunks);
        assertArrayEquals(plain, WavReader.read(file).samples());

        byte[] twentyBit = TestWavs.riff(TestWavs.fmtExtensible(1, 1, 16_000, 24, 20),
                TestWavs.chunk("data", TestWavs.encode(Encoding.pcm(24), sine)));
        assertArrayEquals(plain, WavReader.read(twentyBit, "20bit").samples());
    }

    /** Streaming writers leave the data size as 0 or 0xFFFFFFFF: the data then runs to the end of the file. */
    @Test
    void placeholderDataSizesReadToTheEndOfTheFile() throws IOException {
        double[] sine = TestWavs.sine(440, 0.5, 44_100, 5 * 44_100); // over 65536 output samples: the growing path
        byte[] samples = TestWavs.encode(Encoding.pcm(16), sine);
        short[] expected = WavReader.read(TestWavs.wav(Encoding.pcm(16), 44_100, sine), "plain").samples();
        for (long placeholder : new long[] {0, 0xFFFFFFFFL}) {
            byte[] wav = TestWavs.riff(TestWavs.fmt(1, 1, 44_100, 16), TestWavs.chunkHeader("data", placeholder),
                    samples);
            Path file = dir.resolve("live-" + placeholder + ".wav");
            Files.write(file, wav);
            assertArrayEquals(expected, WavReader.read(file).samples(), "file, size " + placeholder);
            try (WavStream s = WavReader.open(file)) {
                assertEquals(samples.length, s.header().dataBytes(), "the file's length gives the data size");
            }
            assertArrayEquals(expected, WavReader.read(new ByteArrayInputStream(wav), "stdin").samples(),
                    "stream, size " + placeholder);
            try (WavStream s = WavReader.open(new ByteArrayInputStream(wav), "stdin")) {
                assertEquals(-1, s.header().dataBytes(), "unknown on a stream");
                assertEquals(-1, s.header().frames());
            }
        }
    }

    @Test
    void headerDescribesTheFileAsIs() throws IOException {
        Path file = dir.resolve("header.wav");
        double[] x = new double[4410];
        Files.write(file, TestWavs.wav(Encoding.extensible(32, true), 44_100, x, x));
        try (WavStream s = WavReader.open(file)) {
            assertEquals(new WavHeader(44_100, 2, 32, true, 4410 * 8), s.header());
            assertEquals(4410, s.header().frames());
            assertEquals(100, s.header().durationMs());
        }
    }

    @Test
    void pathStreamAndBytesGiveTheSameSamples() throws IOException {
        byte[] wav = TestWavs.wav(Encoding.pcm(24), 22_050, TestWavs.sine(300, 0.4, 22_050, 22_050));
        Path file = dir.resolve("same.wav");
        Files.write(file, wav);
        short[] fromFile = WavReader.read(file).samples();
        assertArrayEquals(fromFile, WavReader.read(new ByteArrayInputStream(wav), "stdin").samples());
        assertArrayEquals(fromFile, WavReader.read(wav, "bytes").samples());
    }

    private static double[] scale(double[] x, double gain) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i] * gain;
        return y;
    }
}
