package io.wakestream.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MelFilterbankTest {
    private static final int SR = 16_000, FFT = 512, BANDS = 40;
    private static final double LOW = 20, HIGH = 7600;

    private static double htkMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    /** Centre frequency of band b: equally spaced in mel strictly between LOW and HIGH. */
    private static double centreHz(int b, int bands, double low, double high) {
        double lowMel = htkMel(low), highMel = htkMel(high);
        return MfccReferenceTest.melToHz(lowMel + (highMel - lowMel) * (b + 1) / (bands + 1));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 20, 300, 700, 1000, 3000, 6000, 7600, 8000, 22050})
    void melScaleIsHtkAndInvertible(double hz) {
        assertEquals(htkMel(hz), MelFilterbank.hzToMel(hz), 1e-9 * Math.max(1, htkMel(hz)));
        assertEquals(hz, MelFilterbank.melToHz(MelFilterbank.hzToMel(hz)), 1e-9 * Math.max(1, hz));
        double mel = hz / 3; // any mel value
        assertEquals(mel, MelFilterbank.hzToMel(MelFilterbank.melToHz(mel)), 1e-9 * Math.max(1, mel));
    }

    @Test
    void knownMelValues() {
        assertEquals(0.0, MelFilterbank.hzToMel(0), 0);
        // 1000 Hz is ~1000 mel on the HTK scale (2595 log10(1 + 1000/700) = 999.99)
        assertEquals(999.9855, MelFilterbank.hzToMel(1000), 1e-3);
        assertEquals(2840.0230, MelFilterbank.hzToMel(8000), 1e-3);
    }

    @Test
    void peaksAreIncreasingAndEquallySpacedInMel() {
        MelFilterbank fb = new MelFilterbank(SR, FFT, BANDS, LOW, HIGH);
        assertEquals(BANDS, fb.bands());
        double binHz = (double) SR / FFT;
        double spacing = (htkMel(HIGH) - htkMel(LOW)) / (BANDS + 1);
        int previousPeak = -1;
        for (int b = 0; b < BANDS; b++) {
            int peak = peakBin(fb, b);
            assertTrue(peak > previousPeak, "band " + b + " peak bin " + peak + " after " + previousPeak);
            previousPeak = peak;
            double centre = centreHz(b, BANDS, LOW, HIGH);
            // equally spaced in mel from LOW: the b-th centre is (b+1) spacings above mel(LOW)
            assertEquals(htkMel(LOW) + (b + 1) * spacing, htkMel(centre), 1e-9);
            // the bin carrying the peak weight is one of the two bins around the true centre
            assertTrue(Math.abs(peak * binHz - centre) < binHz, "band " + b + " peaks at " + peak * binHz + " Hz, centre " + centre);
        }
        // first filter starts above LOW, last ends below HIGH
        assertTrue(firstBin(fb, 0) * binHz > LOW);
        assertTrue(lastBin(fb, BANDS - 1) * binHz < HIGH);
    }

    @Test
    void filtersAreTriangularWithPeakAtMostOne() {
        MelFilterbank fb = new MelFilterbank(SR, FFT, BANDS, LOW, HIGH);
        double lowMel = htkMel(LOW), highMel = htkMel(HIGH);
        for (int b = 0; b < BANDS; b++) {
            double left = MfccReferenceTest.melToHz(lowMel + (highMel - lowMel) * b / (BANDS + 1));
            double centre = centreHz(b, BANDS, LOW, HIGH);
            double right = MfccReferenceTest.melToHz(lowMel + (highMel - lowMel) * (b + 2) / (BANDS + 1));
            int peak = peakBin(fb, b);
            float max = fb.weight(b, peak);
            assertTrue(max > 0 && max <= 1f, "band " + b + " peak weight " + max);
            for (int k = 0; k <= FFT / 2; k++) {
                float w = fb.weight(b, k);
                assertTrue(w >= 0f && w <= 1f);
                if (k < peak) assertTrue(w <= fb.weight(b, k + 1), "band " + b + " must rise up to its peak at bin " + k);
                if (k > peak) assertTrue(w <= fb.weight(b, k - 1), "band " + b + " must fall after its peak at bin " + k);
                double f = (double) k * SR / FFT;
                double expected = f <= left || f >= right ? 0 : f <= centre ? (f - left) / (centre - left) : (right - f) / (right - centre);
                assertEquals(expected, w, 1e-6, "band " + b + " bin " + k);
            }
        }
    }

    @Test
    void applySumsWeightedPower() {
        MelFilterbank fb = new MelFilterbank(SR, FFT, BANDS, LOW, HIGH);
        float[] power = new float[FFT / 2 + 1];
        java.util.Random r = new java.util.Random(3);
        for (int k = 0; k < power.length; k++) power[k] = r.nextFloat();
        float[] out = new float[BANDS];
        fb.apply(power, out);
        for (int b = 0; b < BANDS; b++) {
            double sum = 0;
            for (int k = 0; k < power.length; k++) sum += (double) fb.weight(b, k) * power[k];
            assertEquals(sum, out[b], 1e-5 * Math.max(1, sum));
        }
    }

    @Test
    void narrowBandsStillCoverABin() {
        // 64 bands over 0-8000 Hz with a 256-point FFT: the lowest bands are narrower than one 62.5 Hz bin.
        MelFilterbank fb = new MelFilterbank(16_000, 256, 64, 0, 8000);
        for (int b = 0; b < 64; b++) {
            float sum = 0;
            for (int k = 0; k <= 128; k++) sum += fb.weight(b, k);
            assertTrue(sum > 0, "band " + b + " has no bins");
        }
    }

    /**
     * A pure tone puts its energy in the band whose centre is nearest the tone: checked on the filterbank alone
     * (fed a direct-DFT power spectrum of a Hamming-windowed tone, no pre-emphasis).
     */
    @ParameterizedTest
    @CsvSource({"300", "1000", "3000", "6000", "450", "2222"})
    void pureToneLandsInNearestBand(double hz) {
        MfccConfig config = MfccConfig.defaults();
        MfccExtractor extractor = new MfccExtractor(config);
        float[] tone = io.wakestream.engine.TestAudio.sine(hz, 0.5, 400, 16_000);
        double[] x = new double[FFT];
        for (int i = 0; i < 400; i++) x[i] = tone[i] * MfccReferenceTest.window(WindowFunction.HAMMING, i, 400);
        float[] power = new float[FFT / 2 + 1];
        for (int k = 0; k < power.length; k++) {
            double re = 0, im = 0;
            for (int t = 0; t < FFT; t++) {
                re += x[t] * Math.cos(2 * Math.PI * k * t / FFT);
                im -= x[t] * Math.sin(2 * Math.PI * k * t / FFT);
            }
            power[k] = (float) (re * re + im * im);
        }
        float[] mel = new float[BANDS];
        extractor.filterbank().apply(power, mel);
        assertPeakInNearestBand(hz, mel, BANDS, LOW, HIGH);
    }

    /**
     * The loudest band must be the one whose centre is nearest {@code hz}. When the tone sits almost midway between
     * two centres (300 Hz with the default bank: 270.1 and 330.0 Hz), bin quantisation decides, so either of the
     * two is accepted, but then the two must be nearly equal.
     */
    static void assertPeakInNearestBand(double hz, float[] melEnergies, int bands, double low, double high) {
        int nearest = nearestBand(hz, bands, low, high);
        int peak = argmax(melEnergies);
        if (peak == nearest) return;
        int other = hz > centreHz(nearest, bands, low, high) ? nearest + 1 : nearest - 1;
        double dn = Math.abs(centreHz(nearest, bands, low, high) - hz), dOther = Math.abs(centreHz(other, bands, low, high) - hz);
        double gap = Math.abs(centreHz(other, bands, low, high) - centreHz(nearest, bands, low, high));
        assertTrue(peak == other && dOther - dn < 0.1 * gap,
                "tone " + hz + " Hz peaks in band " + peak + " (centre " + centreHz(peak, bands, low, high)
                        + " Hz), nearest centre is band " + nearest + " at " + centreHz(nearest, bands, low, high) + " Hz");
        assertEquals(1.0, melEnergies[nearest] / melEnergies[peak], 0.3, "near-tie bands should be close in energy");
    }

    static int nearestBand(double hz, int bands, double low, double high) {
        int best = 0;
        for (int b = 1; b < bands; b++) {
            if (Math.abs(centreHz(b, bands, low, high) - hz) < Math.abs(centreHz(best, bands, low, high) - hz)) best = b;
        }
        return best;
    }

    static double centre(int b, int bands, double low, double high) {
        return centreHz(b, bands, low, high);
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static int peakBin(MelFilterbank fb, int b) {
        int best = 0;
        for (int k = 1; k <= FFT / 2; k++) if (fb.weight(b, k) > fb.weight(b, best)) best = k;
        return best;
    }

    private static int firstBin(MelFilterbank fb, int b) {
        for (int k = 0; k <= FFT / 2; k++) if (fb.weight(b, k) > 0) return k;
        return -1;
    }

    private static int lastBin(MelFilterbank fb, int b) {
        for (int k = FFT / 2; k >= 0; k--) if (fb.weight(b, k) > 0) return k;
        return -1;
    }
}
