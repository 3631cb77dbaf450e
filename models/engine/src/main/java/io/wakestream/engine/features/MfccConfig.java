package io.wakestream.engine.features;

/**
 * Everything that decides what an MFCC frame is. A model's manifest stores one of these, and the trainer, the
 * offline tools and the Flink job all build their {@link MfccExtractor} from it, so features match exactly.
 *
 * @param sampleRate input rate in Hz (the engine runs at 16 kHz)
 * @param frameMs analysis frame length in milliseconds (25)
 * @param hopMs frame step in milliseconds (10)
 * @param fftSize FFT length, a power of two at least the frame length in samples (512)
 * @param melBands number of triangular mel filters (40)
 * @param lowHz lower edge of the first mel filter (20)
 * @param highHz upper edge of the last mel filter, below Nyquist (7600)
 * @param coefficients cepstral coefficients kept after the DCT, c0 included (13)
 * @param preEmphasis pre-emphasis factor {@code y[n] = x[n] - a x[n-1]}, 0 to disable (0.97)
 * @param window analysis window
 * @param logFloor mel energies below this are clamped before the log, so silence gives finite features
 * @param normalization optional fixed per-coefficient normalisation, null for none
 * @param dither deterministic dither added to every sample, in 16-bit LSBs (triangular, +-dither): keeps digital
 *     silence (common in files and TTS output, never produced by a real microphone) from mapping to the log floor,
 *     far outside anything the model saw in training; 0 disables it
 */
public record MfccConfig(
        int sampleRate,
        double frameMs,
        double hopMs,
        int fftSize,
        int melBands,
        double lowHz,
        double highHz,
        int coefficients,
        double preEmphasis,
        WindowFunction window,
        double logFloor,
        FeatureNormalization normalization,
        double dither) {

    /** The form without dither (as manifests written before dither existed). */
    public MfccConfig(int sampleRate, double frameMs, double hopMs, int fftSize, int melBands, double lowHz,
            double highHz, int coefficients, double preEmphasis, WindowFunction window, double logFloor,
            FeatureNormalization normalization) {
        this(sampleRate, frameMs, hopMs, fftSize, melBands, lowHz, highHz, coefficients, preEmphasis, window,
                logFloor, normalization, 0);
    }

    public MfccConfig {
        if (!(dither >= 0 && dither <= 1000)) throw invalid("dither", dither, "0 to 1000 LSB");
        if (sampleRate < 8000 || sampleRate > 48000) throw invalid("sampleRate", sampleRate, "8000 to 48000 Hz");
        if (window == null) throw new IllegalArgumentException("window must be set");
        int frame = (int) Math.round(frameMs * sampleRate / 1000.0);
        int hop = (int) Math.round(hopMs * sampleRate / 1000.0);
        if (frame < 16) throw invalid("frameMs", frameMs, "at least 16 samples");
        if (hop < 1 || hop > frame) throw invalid("hopMs", hopMs, "between one sample and the frame length");
        if (Integer.bitCount(fftSize) != 1 || fftSize < frame) {
            throw invalid("fftSize", fftSize, "a power of two >= the frame length (" + frame + " samples)");
        }
        if (melBands < 1 || melBands > fftSize / 2) throw invalid("melBands", melBands, "1 to fftSize/2");
        if (!(lowHz >= 0) || !(highHz > lowHz) || highHz > sampleRate / 2.0) {
            throw new IllegalArgumentException("mel range must satisfy 0 <= lowHz < highHz <= sampleRate/2, was "
                    + lowHz + " to " + highHz + " Hz at " + sampleRate + " Hz");
        }
        if (coefficients < 1 || coefficients > melBands) throw invalid("coefficients", coefficients, "1 to melBands");
        if (!(preEmphasis >= 0 && preEmphasis < 1)) throw invalid("preEmphasis", preEmphasis, "0 <= a < 1");
        if (!(logFloor > 0)) throw invalid("logFloor", logFloor, "positive");
        if (normalization != null && normalization.mean().length != coefficients) {
            throw new IllegalArgumentException("normalization has " + normalization.mean().length
                    + " coefficients but the config produces " + coefficients);
        }
    }

    /**
     * The defaults: 16 kHz, 25 ms frames every 10 ms, Hamming, FFT 512, 40 mel bands 20-7600 Hz, 13 coefficients,
     * 1 LSB of dither.
     */
    public static MfccConfig defaults() {
        return new MfccConfig(16_000, 25, 10, 512, 40, 20, 7600, 13, 0.97, WindowFunction.HAMMING, 1e-10, null, 1.0);
    }

    public MfccConfig withNormalization(FeatureNormalization n) {
        return new MfccConfig(sampleRate, frameMs, hopMs, fftSize, melBands, lowHz, highHz, coefficients,
                preEmphasis, window, logFloor, n, dither);
    }

    public MfccConfig withDither(double lsb) {
        return new MfccConfig(sampleRate, frameMs, hopMs, fftSize, melBands, lowHz, highHz, coefficients,
                preEmphasis, window, logFloor, normalization, lsb);
    }

    public MfccConfig withCoefficients(int c) {
        return new MfccConfig(sampleRate, frameMs, hopMs, fftSize, melBands, lowHz, highHz, c,
                preEmphasis, window, logFloor, null, dither);
    }

    public int frameLengthSamples() {
        return (int) Math.round(frameMs * sampleRate / 1000.0);
    }

    public int hopSamples() {
        return (int) Math.round(hopMs * sampleRate / 1000.0);
    }

    /** Number of complete frames in {@code samples} samples of audio. */
    public long framesIn(long samples) {
        int frame = frameLengthSamples();
        return samples < frame ? 0 : 1 + (samples - frame) / hopSamples();
    }

    /** Time in ms at which frame {@code index} (0-based) ends: the first moment all of it has been heard. */
    public long frameEndMs(long index) {
        return (index * hopSamples() + frameLengthSamples()) * 1000L / sampleRate;
    }

    /** Time in ms at which frame {@code index} starts. */
    public long frameStartMs(long index) {
        return index * hopSamples() * 1000L / sampleRate;
    }

    private static IllegalArgumentException invalid(String field, Object value, String expected) {
        return new IllegalArgumentException("MFCC " + field + " must be " + expected + ", was " + value);
    }
}
