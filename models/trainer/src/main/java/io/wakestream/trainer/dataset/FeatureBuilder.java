package io.wakestream.trainer.dataset;

import io.wakestream.engine.audio.Pcm;
import io.wakestream.engine.features.FeatureNormalization;
import io.wakestream.engine.features.MfccConfig;
import io.wakestream.engine.features.MfccExtractor;
import io.wakestream.engine.features.MfccStreamState;

/**
 * Turns window audio into the exact feature window the engine will build at run time, with the engine's own
 * {@link MfccExtractor}: there is no second feature implementation in the trainer.
 *
 * <p>Not thread-safe (the extractor's scratch buffers): one per thread, see {@link #copy()}.
 */
public final class FeatureBuilder {
    private final MfccConfig config;
    private final MfccExtractor extractor;
    private final int frames;
    private final int coefficients;

    public FeatureBuilder(MfccConfig config, int frames) {
        this.config = config;
        this.extractor = new MfccExtractor(config);
        this.frames = frames;
        this.coefficients = config.coefficients();
    }

    /** A builder of the same windows with its own extractor, for another thread. */
    public FeatureBuilder copy() {
        return new FeatureBuilder(config, frames);
    }

    /** Frames x coefficients, oldest first; the audio must be exactly one window long. */
    public float[] window(float[] audio) {
        float[] out = new float[frames * coefficients];
        MfccStreamState state = extractor.newState();
        int[] n = {0};
        // Same float -> 16-bit -> float path as audio that arrives as PCM at run time.
        short[] pcm = Pcm.toPcm16(audio);
        extractor.accept(state, pcm, 0, pcm.length, (i, c, e) -> {
            if (n[0] < frames) System.arraycopy(c, 0, out, n[0] * coefficients, coefficients);
            n[0]++;
        });
        if (n[0] != frames) {
            throw new IllegalArgumentException("window audio gave " + n[0] + " frames, expected " + frames);
        }
        return out;
    }

    /** Per-coefficient mean and standard deviation over the given (unnormalised) windows. */
    public static FeatureNormalization statistics(Iterable<float[]> windows, int coefficients) {
        double[] sum = new double[coefficients], sq = new double[coefficients];
        long count = 0;
        for (float[] w : windows) {
            for (int i = 0; i < w.length; i++) {
                int c = i % coefficients;
                sum[c] += w[i];
                sq[c] += (double) w[i] * w[i];
            }
            count += w.length / coefficients;
        }
        if (count == 0) throw new IllegalArgumentException("no frames to compute normalisation from");
        float[] mean = new float[coefficients], std = new float[coefficients];
        for (int c = 0; c < coefficients; c++) {
            double m = sum[c] / count;
            mean[c] = (float) m;
            std[c] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, sq[c] / count - m * m)));
        }
        return new FeatureNormalization(mean, std);
    }
}
