package io.wakestream.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class MfccConfigTest {

    private static void assertInvalid(String field, Executable make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
        assertTrue(e.getMessage() != null && e.getMessage().contains(field), "message should name " + field + ": " + e.getMessage());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        MfccConfig d = MfccConfig.defaults();
        assertEquals(16_000, d.sampleRate());
        assertEquals(400, d.frameLengthSamples());
        assertEquals(160, d.hopSamples());
        assertEquals(512, d.fftSize());
        assertEquals(40, d.melBands());
        assertEquals(13, d.coefficients());
        assertEquals(WindowFunction.HAMMING, d.window());
        assertNull(d.normalization());
    }

    @Test
    void fftSmallerThanFrameIsRejected() {
        assertInvalid("fftSize", () -> new MfccConfig(16_000, 25, 10, 256, 40, 20, 7600, 13, 0.97, WindowFunction.HAMMING, 1e-10, null));
        assertInvalid("fftSize", () -> new MfccConfig(16_000, 25, 10, 500, 40, 20, 7600, 13, 0.97, WindowFunction.HAMMING, 1e-10, null));
    }

    @Test
    void highHzAboveNyquistIsRejected() {
        assertInvalid("highHz", () -> new MfccConfig(16_000, 25, 10, 512, 40, 20, 8001, 13, 0.97, WindowFunction.HAMMING, 1e-10, null));
        assertInvalid("lowHz", () -> new MfccConfig(16_000, 25, 10, 512, 40, 7600, 7600, 13, 0.97, WindowFunction.HAMMING, 1e-10, null));
        assertInvalid("lowHz", () -> new MfccConfig(16_000, 25, 10, 512, 40, -1, 7600, 13, 0.97, WindowFunction.HAMMING, 1e-10, null));
        // exactly Nyquist is fine
        new MfccConfig(16_000, 25, 10, 512, 40, 0, 8000, 13, 0.97, WindowFunction.HAMMING, 1e-10, null);
    }

    @Test
    void moreCoefficientsThanBandsIsRejected() {
        assertInvalid("coefficients", () -> new MfccConfig(16_000, 25, 10, 512, 40, 20, 7600, 41, 0.97, WindowFunction.HAMMING, 1e-10, null));
        assertInvalid("coefficients", () -> new MfccConfig(16_000, 25, 10, 512, 40, 20, 7600, 0, 0.97, WindowFunction.HAMMING, 1e-10, null));
        assertInvalid("coefficients", () -> MfccConfig.defaults().withCoefficients(41));
    }

    @Test
    void normalisationOfWrongLengthIsRejected() {
        FeatureNormalization twelve = new FeatureNormalization(new float[12], filled(12, 1f));
        assertInvalid("normalization", () -> MfccConfig.defaults().withNormalization(twelve));
        assertInvalid("normalization", () -> new FeatureNormalization(new float[13], filled(12, 1f)));
        assertInvalid("std[3]", () -> {
            float[] std = filled(13, 1f);
            std[3] = 0f;
            new FeatureNormalization(new float[13], std);
        });
        assertInvalid("std[0]", () -> new FeatureNormalization(new float[1], new float[] {Float.NaN}));
        assertInvalid("mean[2]", () -> new FeatureNormalization(new float[] {0, 0, Float.POSITIVE_INFINITY}, filled(3, 1f)));
    }

    @Test
    void otherInvalidFields() {
        assertInvalid("sampleRate", () -> new MfccConfig(4000, 25, 10, 512, 40, 20, 1900, 13, 0.97, WindowFunction.HAMMING, 1e-10, null));
        assertInvalid("hopMs", () -> new MfccConfig(16_000, 25, 30, 512, 40, 20, 7600, 13, 0.97, WindowFunction.HAMMING, 1e-10, null));
        assertInvalid("hopMs", () -> new MfccConfig(16_000, 25, 0, 512, 40, 20, 7600, 13, 0.97, WindowFunction.HAMMING, 1e-10, null));
        assertInvalid("frameMs", () -> new MfccConfig(16_000, 0.5, 0.5, 512, 40, 20, 7600, 13, 0.97, WindowFunction.HAMMING, 1e-10, null));
        assertInvalid("melBands", () -> new MfccConfig(16_000, 25, 10, 512, 257, 20, 7600, 13, 0.97, WindowFunction.HAMMING, 1e-10, null));
        assertInvalid("preEmphasis", () -> new MfccConfig(16_000, 25, 10, 512, 40, 20, 7600, 13, 1.0, WindowFunction.HAMMING, 1e-10, null));
        assertInvalid("logFloor", () -> new MfccConfig(16_000, 25, 10, 512, 40, 20, 7600, 13, 0.97, WindowFunction.HAMMING, 0, null));
        assertInvalid("window", () -> new MfccConfig(16_000, 25, 10, 512, 40, 20, 7600, 13, 0.97, null, 1e-10, null));
    }

    @Test
    void withCoefficientsDropsNormalisationOfTheOldLength() {
        float[] mean = new float[13];
        MfccConfig n = MfccConfig.defaults().withNormalization(new FeatureNormalization(mean, filled(13, 1f)));
        MfccConfig c20 = n.withCoefficients(20);
        assertEquals(20, c20.coefficients());
        assertNull(c20.normalization());
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
