package io.wakestream.trainer.nn;

import java.util.Random;

/** Small generated data sets for the trainer and exporter tests. */
final class SyntheticData {

    final float[][] features;
    final float[] labels;

    private SyntheticData(float[][] features, float[] labels) {
        this.features = features;
        this.labels = labels;
    }

    /**
     * A learnable task: positives carry a bright horizontal band (8 frames, all coefficients)
     * at a random time, negatives are noise only. Half of the windows are positive.
     */
    static SyntheticData band(KwsNetworkConfig config, int count, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[count][];
        float[] y = new float[count];
        int t = config.frames();
        int c = config.coefficients();
        int bandFrames = Math.min(8, t);
        for (int i = 0; i < count; i++) {
            float[] w = noise(random, t * c, 0f, 1f);
            if (i % 2 == 1) {
                y[i] = 1f;
                int start = random.nextInt(t - bandFrames + 1);
                for (int f = start; f < start + bandFrames; f++) {
                    for (int k = 0; k < c; k++) {
                        w[f * c + k] += 2.5f;
                    }
                }
            }
            x[i] = w;
        }
        return new SyntheticData(x, y);
    }

    /** Windows of noise with labels that are pure coin flips: nothing to learn. */
    static SyntheticData noiseLabels(KwsNetworkConfig config, int count, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[count][];
        float[] y = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = noise(random, config.windowSize(), 0f, 1f);
            y[i] = random.nextBoolean() ? 1f : 0f;
        }
        return new SyntheticData(x, y);
    }

    /** Gaussian windows with a non-zero mean and scale, so BatchNorm statistics move. */
    static float[][] windows(KwsNetworkConfig config, int count, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[count][];
        for (int i = 0; i < count; i++) {
            x[i] = noise(random, config.windowSize(), 1.5f, 3f);
        }
        return x;
    }

    private static float[] noise(Random random, int size, float mean, float std) {
        float[] w = new float[size];
        for (int j = 0; j < size; j++) {
            w[j] = mean + std * (float) random.nextGaussian();
        }
        return w;
    }
}
