package io.wakestream.engine.features;

import io.wakestream.engine.audio.Pcm;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Streaming MFCC frontend: pre-emphasis, framing, window, real FFT (JTransforms), power spectrum, mel
 * filterbank, natural log, orthonormal DCT-II, optional fixed normalisation.
 *
 * <p>The extractor holds only what is derived from the config (FFT plan, window, filterbank, DCT matrix) and
 * scratch buffers; everything a stream carries between chunks lives in {@link MfccStreamState}. A frame depends
 * only on its own samples and the sample before it, so audio fed in any chunk sizes yields bit-identical frames.
 *
 * <p>Not thread-safe (scratch buffers): use one extractor per thread, any number of streams per extractor.
 */
public final class MfccExtractor {
    private final MfccConfig config;
    private final int frameLength;
    private final int hop;
    private final int fftSize;
    private final float preEmphasis;
    private final float dither;
    private final float[] window;
    private final FloatFFT_1D fft;
    private final MelFilterbank filterbank;
    private final float[][] dct;
    private final float logFloor;
    private final FeatureNormalization normalization;

    // Scratch, reused for every frame: no allocation per frame.
    private final float[] fftBuffer;
    private final float[] power;
    private final float[] mel;
    private final float[] coefficients;

    public MfccExtractor(MfccConfig config) {
        this.config = config;
        this.frameLength = config.frameLengthSamples();
        this.hop = config.hopSamples();
        this.fftSize = config.fftSize();
        this.preEmphasis = (float) config.preEmphasis();
        this.dither = (float) (config.dither() / 32768.0);
        this.window = config.window().coefficients(frameLength);
        this.fft = new FloatFFT_1D(fftSize);
        this.filterbank = new MelFilterbank(config.sampleRate(), fftSize, config.melBands(), config.lowHz(), config.highHz());
        this.dct = dctMatrix(config.coefficients(), config.melBands());
        this.logFloor = (float) config.logFloor();
        this.normalization = config.normalization();
        this.fftBuffer = new float[fftSize];
        this.power = new float[fftSize / 2 + 1];
        this.mel = new float[config.melBands()];
        this.coefficients = new float[config.coefficients()];
    }

    public MfccConfig config() {
        return config;
    }

    public MfccStreamState newState() {
        return new MfccStreamState(config);
    }

    /** Feeds 16-bit samples; calls {@code sink} for each frame they complete. */
    public void accept(MfccStreamState state, short[] pcm, int offset, int length, FrameSink sink) {
        checkRange(pcm.length, offset, length);
        checkState(state);
        // Hot loop: locals instead of fields, and the next frame's position compared directly (a division per
        // sample cost as much as the FFT). The float operations are exactly those of one sample at a time.
        float[] ring = state.ring;
        int ringPos = state.ringPos;
        long seen = state.samplesSeen;
        float previous = state.previousSample;
        long nextFrameAt = frameLength + state.framesEmitted * (long) hop;
        for (int i = offset, end = offset + length; i < end; i++) {
            float x = pcm[i] / 32768f;
            if (dither != 0f) x += dither * ditherAt(seen);
            ring[ringPos] = x - preEmphasis * previous;
            previous = x;
            ringPos = ringPos + 1 == frameLength ? 0 : ringPos + 1;
            seen++;
            if (seen == nextFrameAt) {
                state.ringPos = ringPos;
                state.samplesSeen = seen;
                state.previousSample = previous;
                float energyDb = computeFrame(ring, ringPos);
                sink.onFrame(state.framesEmitted++, coefficients, energyDb);
                nextFrameAt += hop;
            }
        }
        state.ringPos = ringPos;
        state.samplesSeen = seen;
        state.previousSample = previous;
    }

    /** Feeds float samples in [-1, 1); calls {@code sink} for each frame they complete. */
    public void accept(MfccStreamState state, float[] samples, int offset, int length, FrameSink sink) {
        checkRange(samples.length, offset, length);
        checkState(state);
        for (int i = offset; i < offset + length; i++) push(state, samples[i], sink);
    }

    /** One sample at a time: the same operations as the loop in the 16-bit {@code accept}. */
    private void push(MfccStreamState s, float x, FrameSink sink) {
        if (dither != 0f) x += dither * ditherAt(s.samplesSeen);
        float emphasised = x - preEmphasis * s.previousSample;
        s.previousSample = x;
        s.ring[s.ringPos] = emphasised;
        s.ringPos = s.ringPos + 1 == frameLength ? 0 : s.ringPos + 1;
        s.samplesSeen++;
        if (s.samplesSeen == frameLength + s.framesEmitted * (long) hop) {
            float energyDb = computeFrame(s.ring, s.ringPos);
            sink.onFrame(s.framesEmitted++, coefficients, energyDb);
        }
    }

    /** Computes one frame from the ring (oldest sample at {@code start}) into {@link #coefficients}. */
    private float computeFrame(float[] ring, int start) {
        double energy = 0;
        int tail = frameLength - start;
        // Oldest part of the ring first, then the wrapped part: two plain loops, no branch per sample.
        for (int n = 0; n < tail; n++) {
            float v = ring[start + n];
            energy += (double) v * v;
            fftBuffer[n] = v * window[n];
        }
        for (int n = tail; n < frameLength; n++) {
            float v = ring[n - tail];
            energy += (double) v * v;
            fftBuffer[n] = v * window[n];
        }
        java.util.Arrays.fill(fftBuffer, frameLength, fftSize, 0f);
        fft.realForward(fftBuffer);
        // JTransforms packs the real FFT as [Re0, Re(n/2), Re1, Im1, Re2, Im2, ...].
        power[0] = fftBuffer[0] * fftBuffer[0];
        power[fftSize / 2] = fftBuffer[1] * fftBuffer[1];
        for (int k = 1; k < fftSize / 2; k++) {
            float re = fftBuffer[2 * k], im = fftBuffer[2 * k + 1];
            power[k] = re * re + im * im;
        }
        filterbank.apply(power, mel);
        for (int b = 0; b < mel.length; b++) mel[b] = (float) Math.log(Math.max(mel[b], logFloor));
        for (int c = 0; c < coefficients.length; c++) {
            float[] row = dct[c];
            float sum = 0f;
            for (int b = 0; b < mel.length; b++) sum += row[b] * mel[b];
            coefficients[c] = sum;
        }
        if (normalization != null) normalization.applyInPlace(coefficients);
        return (float) (10.0 * Math.log10(Math.max(energy / frameLength, 1e-12)));
    }

    /**
     * Triangular noise in (-1, 1) that depends only on the sample's index in its stream (a SplitMix64 hash), so
     * dithered features stay bit-identical whatever the chunking and after a state restore.
     */
    static float ditherAt(long sampleIndex) {
        long z = sampleIndex * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        // Two independent 24-bit uniforms from the one hash; their difference is triangular.
        float a = (z & 0xFFFFFF) * 0x1.0p-24f, b = ((z >>> 32) & 0xFFFFFF) * 0x1.0p-24f;
        return a - b;
    }

    /** Orthonormal DCT-II basis, rows = coefficients, columns = mel bands (as scipy's dct(type=2, norm='ortho')). */
    static float[][] dctMatrix(int coefficients, int bands) {
        float[][] m = new float[coefficients][bands];
        for (int c = 0; c < coefficients; c++) {
            double scale = c == 0 ? Math.sqrt(1.0 / bands) : Math.sqrt(2.0 / bands);
            for (int b = 0; b < bands; b++) m[c][b] = (float) (scale * Math.cos(Math.PI * c * (b + 0.5) / bands));
        }
        return m;
    }

    /** Convenience for whole clips: all frames of {@code pcm}, as [frames][coefficients]. */
    public float[][] extractAll(short[] pcm) {
        MfccStreamState state = newState();
        float[][] out = new float[(int) config.framesIn(pcm.length)][];
        accept(state, pcm, 0, pcm.length, (i, c, e) -> out[(int) i] = c.clone());
        return out;
    }

    MelFilterbank filterbank() {
        return filterbank;
    }

    /**
     * A state restored from parts (e.g. Flink state written under another model's config) must fit this
     * extractor's frame length; otherwise frames would silently be computed from the wrong samples, or fail later
     * with an index out of bounds.
     */
    private void checkState(MfccStreamState s) {
        if (s.ring.length != frameLength || s.ringPos < 0 || s.ringPos >= frameLength) {
            throw new IllegalArgumentException("MFCC stream state holds a ring of " + s.ring.length + " samples at position "
                    + s.ringPos + ", but this extractor's frames are " + frameLength + " samples: state from another config?");
        }
    }

    private static void checkRange(int arrayLength, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > arrayLength) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + arrayLength);
        }
    }
}
