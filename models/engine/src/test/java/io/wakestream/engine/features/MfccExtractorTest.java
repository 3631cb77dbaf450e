package io.wakestream.engine.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.TestAudio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MfccExtractorTest {

    /** Frames in n samples, counted the slow way: frame i exists when samples [i*hop, i*hop+len) are all there. */
    private static long countFrames(long n, int frameLen, int hop) {
        long count = 0;
        while (count * hop + frameLen <= n) count++;
        return count;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 159, 160, 399, 400, 401, 559, 560, 561, 719, 720, 16_000, 16_001, 48_123})
    void frameCountMatchesFramesIn(int n) {
        MfccConfig config = MfccConfig.defaults();
        assertEquals(400, config.frameLengthSamples());
        assertEquals(160, config.hopSamples());
        assertEquals(countFrames(n, 400, 160), config.framesIn(n));
        short[] pcm = new short[n];
        java.util.Random r = new java.util.Random(n);
        for (int i = 0; i < n; i++) pcm[i] = (short) r.nextInt(2000);
        FrameLog log = new FrameLog();
        MfccExtractor extractor = new MfccExtractor(config);
        MfccStreamState s = extractor.newState();
        extractor.accept(s, pcm, 0, n, log);
        assertEquals(config.framesIn(n), log.size());
        for (int i = 0; i < log.size(); i++) assertEquals(i, log.indices.get(i));
        assertEquals(log.size(), s.framesEmitted());
        assertEquals(log.size(), extractor.extractAll(pcm).length);
    }

    @Test
    void frameCountWithHopNotDividingFrame() {
        MfccConfig c = new MfccConfig(16_000, 32, 12.5, 512, 23, 50, 8000, 20, 0.0, WindowFunction.HANN, 1e-8, null);
        for (long n : new long[] {0, 511, 512, 711, 712, 713, 100_000}) assertEquals(countFrames(n, 512, 200), c.framesIn(n));
    }

    /**
     * Frame i covers samples [i*hop, i*hop + frameLength): a lone impulse at sample p (which pre-emphasis turns
     * into samples p and p+1) is heard exactly by the frames covering p or p+1, and all others are silent.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 159, 160, 399, 400, 1234, 2000, 2399})
    void frameIStartsAtSampleIHop(int p) {
        MfccConfig config = MfccConfig.defaults().withDither(0);
        short[] pcm = new short[4000];
        pcm[p] = 16_000;
        MfccExtractor extractor = new MfccExtractor(config);
        FrameLog log = new FrameLog();
        extractor.accept(extractor.newState(), pcm, 0, pcm.length, log);
        for (int i = 0; i < log.size(); i++) {
            long start = (long) i * 160, end = start + 400;
            boolean covers = (p >= start && p < end) || (p + 1 >= start && p + 1 < end);
            assertEquals(covers, log.energies.get(i) > -100f, "frame " + i + " energy " + log.energies.get(i) + " impulse at " + p);
        }
        assertEquals(0, config.frameStartMs(0));
        assertEquals(10, config.frameStartMs(1));
        assertEquals(25, config.frameEndMs(0));
        assertEquals(35, config.frameEndMs(1));
        assertEquals(1000 * 123 * 160 / 16_000, config.frameStartMs(123));
    }

    @Test
    void dctMatrixIsOrthonormal() {
        for (int[] shape : new int[][] {{40, 40}, {13, 40}, {23, 23}, {1, 5}}) {
            float[][] d = MfccExtractor.dctMatrix(shape[0], shape[1]);
            assertEquals(shape[0], d.length);
            for (int i = 0; i < shape[0]; i++) {
                assertEquals(shape[1], d[i].length);
                for (int j = 0; j < shape[0]; j++) {
                    double dot = 0;
                    for (int b = 0; b < shape[1]; b++) dot += (double) d[i][b] * d[j][b];
                    assertEquals(i == j ? 1.0 : 0.0, dot, 1e-6, shape[0] + "x" + shape[1] + " rows " + i + "," + j);
                }
            }
            // row 0 is the constant sqrt(1/M), row 1 starts positive and decreases (cos, not sin)
            for (int b = 0; b < shape[1]; b++) assertEquals(Math.sqrt(1.0 / shape[1]), d[0][b], 1e-7);
            if (shape[0] > 1) assertTrue(d[1][0] > 0 && d[1][shape[1] - 1] < 0);
        }
        // square: columns orthonormal too (it is a rotation)
        float[][] d = MfccExtractor.dctMatrix(40, 40);
        for (int a = 0; a < 40; a++) {
            for (int b = 0; b < 40; b++) {
                double dot = 0;
                for (int c = 0; c < 40; c++) dot += (double) d[c][a] * d[c][b];
                assertEquals(a == b ? 1.0 : 0.0, dot, 1e-6);
            }
        }
    }

    /** End to end: with as many coefficients as bands, inverting the orthonormal DCT gives the log mel energies. */
    @ParameterizedTest
    @ValueSource(doubles = {300, 1000, 3000, 6000})
    void pureToneThroughExtractorPeaksInNearestBand(double hz) {
        MfccConfig config = new MfccConfig(16_000, 25, 10, 512, 40, 20, 7600, 40, 0.97, WindowFunction.HAMMING, 1e-10, null);
        MfccExtractor extractor = new MfccExtractor(config);
        float[] tone = TestAudio.sine(hz, 0.5, 4000, 16_000);
        FrameLog log = new FrameLog();
        extractor.accept(extractor.newState(), tone, 0, tone.length, log);
        float[][] d = MfccExtractor.dctMatrix(40, 40);
        for (int f = 1; f < log.size(); f++) { // frame 0 includes the tone's onset
            float[] c = log.frames.get(f);
            float[] mel = new float[40];
            for (int b = 0; b < 40; b++) {
                double logMel = 0;
                for (int k = 0; k < 40; k++) logMel += (double) d[k][b] * c[k];
                mel[b] = (float) Math.exp(logMel);
            }
            MelFilterbankTest.assertPeakInNearestBand(hz, mel, 40, 20, 7600);
        }
    }

    @Test
    void silenceGivesFiniteFeaturesAtTheLogFloor() {
        MfccConfig config = MfccConfig.defaults().withDither(0);
        MfccExtractor extractor = new MfccExtractor(config);
        float[][] frames = extractor.extractAll(new short[16_000]);
        assertEquals(98, frames.length);
        FrameLog log = new FrameLog();
        extractor.accept(extractor.newState(), new float[1600], 0, 1600, log);
        // log(1e-10) in every band; the DCT of a constant has only c0 = sqrt(M) * value
        double c0 = Math.sqrt(40) * Math.log(1e-10);
        for (float[] f : frames) {
            for (float v : f) assertTrue(Float.isFinite(v));
            assertEquals(c0, f[0], 1e-3);
            for (int c = 1; c < f.length; c++) assertEquals(0, f[c], 1e-4);
        }
        for (float e : log.energies) {
            assertTrue(Float.isFinite(e));
            assertEquals(-120f, e, 1e-4f);
        }
    }

    @Test
    void normalisationAppliesMeanAndStd() {
        float[] mean = new float[13], std = new float[13];
        for (int i = 0; i < 13; i++) {
            mean[i] = (i - 6) * 1.7f;
            std[i] = 0.3f + i;
        }
        MfccConfig plain = MfccConfig.defaults();
        MfccConfig normalised = plain.withNormalization(new FeatureNormalization(mean, std));
        short[] pcm = TestAudio.speechLikePcm(21, 1.0, 16_000);
        float[][] a = new MfccExtractor(plain).extractAll(pcm);
        float[][] b = new MfccExtractor(normalised).extractAll(pcm);
        assertEquals(a.length, b.length);
        for (int f = 0; f < a.length; f++) {
            for (int c = 0; c < 13; c++) {
                double expected = ((double) a[f][c] - mean[c]) / std[c];
                assertEquals(expected, b[f][c], 1e-5 * Math.max(1, Math.abs(expected)), "frame " + f + " c" + c);
            }
        }
        // normalisation does not touch energies
        FrameLog la = new FrameLog(), lb = new FrameLog();
        new MfccExtractor(plain).accept(new MfccStreamState(plain), pcm, 0, pcm.length, la);
        new MfccExtractor(normalised).accept(new MfccStreamState(normalised), pcm, 0, pcm.length, lb);
        assertEquals(la.energies, lb.energies);
    }

    @Test
    void normalisationIsDefensivelyCopied() {
        float[] mean = new float[13], std = new float[13];
        java.util.Arrays.fill(std, 2f);
        FeatureNormalization n = new FeatureNormalization(mean, std);
        std[0] = 100f;
        n.std()[1] = 100f;
        assertEquals(2f, n.std()[0]);
        assertEquals(2f, n.std()[1]);
        assertEquals(new FeatureNormalization(new float[13], n.std()), n);
    }

    @Test
    void rejectsStateOfAnotherGeometry() {
        MfccExtractor defaults = new MfccExtractor(MfccConfig.defaults());
        MfccConfig other = new MfccConfig(16_000, 32, 10, 512, 40, 20, 7600, 13, 0.97, WindowFunction.HAMMING, 1e-10, null);
        MfccStreamState foreign = new MfccStreamState(other);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> defaults.accept(foreign, new short[10], 0, 10, (i, c, en) -> {}));
        assertTrue(e.getMessage().contains("512") && e.getMessage().contains("400"), e.getMessage());
        MfccStreamState badPos = new MfccStreamState(new float[400], 400, 0, 0, 0f);
        assertThrows(IllegalArgumentException.class, () -> defaults.accept(badPos, new float[10], 0, 10, (i, c, en) -> {}));
    }

    @Test
    void rangeChecks() {
        MfccExtractor x = new MfccExtractor(MfccConfig.defaults());
        MfccStreamState s = x.newState();
        assertThrows(IndexOutOfBoundsException.class, () -> x.accept(s, new short[10], 5, 6, (i, c, e) -> {}));
        assertThrows(IndexOutOfBoundsException.class, () -> x.accept(s, new float[10], -1, 2, (i, c, e) -> {}));
        x.accept(s, new short[10], 10, 0, (i, c, e) -> {});
        assertEquals(0, s.samplesSeen());
        assertArrayEquals(new float[400], s.ring());
    }

    @Test
    void ditherLiftsDigitalSilenceOffTheLogFloorDeterministically() {
        MfccExtractor dithered = new MfccExtractor(MfccConfig.defaults());
        float[][] a = dithered.extractAll(new short[16_000]);
        float[][] b = dithered.extractAll(new short[16_000]);
        double floorC0 = Math.sqrt(40) * Math.log(1e-10);
        for (int i = 0; i < a.length; i++) {
            // 1 LSB of noise is about 100 dB below full scale, far above a 1e-10 floor in every band.
            assertTrue(a[i][0] > floorC0 + 20, "frame " + i + " c0 " + a[i][0]);
            assertArrayEquals(a[i], b[i], "same samples, same dither");
        }
        // The dither is triangular in (-1, 1) LSB with mean ~0.
        double sum = 0;
        for (long k = 0; k < 100_000; k++) {
            float d = MfccExtractor.ditherAt(k);
            assertTrue(d > -1f && d < 1f);
            sum += d;
        }
        assertEquals(0, sum / 100_000, 0.01);
    }
}
