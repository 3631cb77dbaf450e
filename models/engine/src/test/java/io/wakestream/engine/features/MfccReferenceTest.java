package io.wakestream.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.TestAudio;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The extractor against a from-scratch double-precision reference: pre-emphasis over the stream, symmetric
 * Hamming window, zero padding, a direct O(n^2) DFT, HTK mel triangles, natural log, orthonormal DCT-II.
 *
 * <p>Tolerance: the extractor works in float (24-bit mantissa, eps 6e-8). The FFT's rounding error is about
 * eps * log2(512) relative to the frame's total power, the filterbank and DCT sums add a few eps more; so a
 * band holding at least ~1e-3 of the frame's power sees a relative power error around 1e-4, i.e. a log error
 * around 1e-4. Each cepstral coefficient is an orthonormal combination of 40 such logs (norm 1 rows), so its
 * error is at most sqrt(40) * 1e-4 ~ 6e-4. We allow 1e-3 absolute plus 1e-4 relative (c0 is large, ~ -50).
 * The test signal keeps noise under every burst so no band is numerically empty; digital-silence frames hit
 * the log floor exactly in both implementations.
 */
class MfccReferenceTest {
    private static final double ABS_TOL = 1e-3;
    private static final double REL_TOL = 1e-4;

    @Test
    void coefficientsMatchDirectDftReference() {
        MfccConfig config = MfccConfig.defaults().withDither(0); // the reference has no dither
        checkAgainstReference(config, TestAudio.speechLike(11, 3.0, 16_000), 1e-10);
    }

    @Test
    void coefficientsMatchReferenceWithOtherGeometryAndWindow() {
        // 32 ms frames (512 samples, FFT = frame: no padding), 12.5 ms hop, Hann, 23 bands 50-8000 Hz (to Nyquist),
        // no pre-emphasis, 20 coefficients.
        MfccConfig config = new MfccConfig(16_000, 32, 12.5, 512, 23, 50, 8000, 20, 0.0, WindowFunction.HANN, 1e-8, null);
        checkAgainstReference(config, TestAudio.speechLike(12, 2.0, 16_000), 1e-8);
    }

    @Test
    void coefficientsMatchReferenceWithPaddingTo1024() {
        MfccConfig config = new MfccConfig(16_000, 25, 10, 1024, 40, 20, 7600, 13, 0.97, WindowFunction.HAMMING, 1e-10, null);
        checkAgainstReference(config, TestAudio.speechLike(13, 2.0, 16_000), 1e-10);
    }

    private static void checkAgainstReference(MfccConfig config, float[] audio, double logFloor) {
        MfccExtractor extractor = new MfccExtractor(config);
        FrameLog log = new FrameLog();
        extractor.accept(extractor.newState(), audio, 0, audio.length, log);
        assertEquals(config.framesIn(audio.length), log.size());

        int frameLen = (int) Math.round(config.frameMs() * config.sampleRate() / 1000.0);
        int hop = (int) Math.round(config.hopMs() * config.sampleRate() / 1000.0);
        double[] emphasised = new double[audio.length];
        for (int n = 0; n < audio.length; n++) {
            emphasised[n] = audio[n] - config.preEmphasis() * (n == 0 ? 0.0 : audio[n - 1]);
        }
        Random pick = new Random(42);
        int checked = 0, floored = 0;
        for (int i = 0; i < log.size(); i++) {
            if (i % 7 != 0 && pick.nextInt(4) != 0) continue;
            double[] frame = new double[frameLen];
            System.arraycopy(emphasised, i * hop, frame, 0, frameLen);
            Reference ref = reference(frame, config, logFloor);
            float[] actual = log.frames.get(i);
            for (int c = 0; c < actual.length; c++) {
                double tol = ABS_TOL + REL_TOL * Math.abs(ref.mfcc[c]);
                assertEquals(ref.mfcc[c], actual[c], tol, "frame " + i + " coefficient " + c);
            }
            assertEquals(ref.energyDb, log.energies.get(i), 1e-3, "frame " + i + " energy");
            if (ref.allFloored) floored++;
            checked++;
        }
        assertTrue(checked > 30, "checked " + checked);
        assertTrue(floored < checked, "the signal must not be all silence");
    }

    record Reference(double[] mfcc, double energyDb, boolean allFloored) {}

    /** Everything for one pre-emphasised frame, written independently of the main code, in double precision. */
    static Reference reference(double[] frame, MfccConfig config, double logFloor) {
        int n = frame.length, fftSize = config.fftSize(), sr = config.sampleRate();
        double energy = 0;
        for (double v : frame) energy += v * v;
        double energyDb = 10 * Math.log10(Math.max(energy / n, 1e-12));

        double[] x = new double[fftSize];
        for (int i = 0; i < n; i++) x[i] = frame[i] * window(config.window(), i, n);

        double[] power = new double[fftSize / 2 + 1];
        for (int k = 0; k < power.length; k++) {
            double re = 0, im = 0;
            for (int t = 0; t < fftSize; t++) {
                double a = -2 * Math.PI * (long) k * t / fftSize;
                re += x[t] * Math.cos(a);
                im += x[t] * Math.sin(a);
            }
            power[k] = re * re + im * im;
        }

        int bands = config.melBands();
        double lowMel = 2595 * Math.log10(1 + config.lowHz() / 700), highMel = 2595 * Math.log10(1 + config.highHz() / 700);
        double[] logMel = new double[bands];
        boolean allFloored = true;
        for (int b = 0; b < bands; b++) {
            double left = melToHz(lowMel + (highMel - lowMel) * b / (bands + 1));
            double centre = melToHz(lowMel + (highMel - lowMel) * (b + 1) / (bands + 1));
            double right = melToHz(lowMel + (highMel - lowMel) * (b + 2) / (bands + 1));
            double sum = 0;
            for (int k = 0; k < power.length; k++) {
                double f = (double) k * sr / fftSize;
                double w = f <= left || f >= right ? 0 : f <= centre ? (f - left) / (centre - left) : (right - f) / (right - centre);
                sum += w * power[k];
            }
            if (sum >= logFloor) allFloored = false;
            logMel[b] = Math.log(Math.max(sum, logFloor));
        }

        double[] mfcc = new double[config.coefficients()];
        for (int c = 0; c < mfcc.length; c++) {
            double s = 0;
            for (int b = 0; b < bands; b++) s += logMel[b] * Math.cos(Math.PI * c * (2 * b + 1) / (2.0 * bands));
            mfcc[c] = s * (c == 0 ? Math.sqrt(1.0 / bands) : Math.sqrt(2.0 / bands));
        }
        return new Reference(mfcc, energyDb, allFloored);
    }

    static double window(WindowFunction w, int i, int n) {
        double x = 2 * Math.PI * i / (n - 1);
        return switch (w) {
            case HAMMING -> 0.54 - 0.46 * Math.cos(x);
            case HANN -> 0.5 - 0.5 * Math.cos(x);
            case RECTANGULAR -> 1;
        };
    }

    static double melToHz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }
}
