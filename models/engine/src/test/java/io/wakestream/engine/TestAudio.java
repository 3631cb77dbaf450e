package io.wakestream.engine;

import java.util.Random;

/** Seeded synthetic audio for tests: speech-like bursts (gliding harmonics with an envelope), noise and silence. */
public final class TestAudio {
    private TestAudio() {}

    /**
     * {@code seconds} of 16 kHz float audio in [-1, 1): alternating segments of silence (exact zeros), low noise,
     * and "syllables" made of a few harmonics of a gliding fundamental under a raised-cosine envelope, plus noise.
     */
    public static float[] speechLike(long seed, double seconds, int sampleRate) {
        Random r = new Random(seed);
        int n = (int) Math.round(seconds * sampleRate);
        float[] out = new float[n];
        int pos = 0;
        while (pos < n) {
            int len = Math.min(n - pos, 800 + r.nextInt(6000));
            int kind = r.nextInt(4);
            if (kind == 0) {
                pos += len; // digital silence
                continue;
            }
            double noise = kind == 1 ? 0.002 + 0.01 * r.nextDouble() : 0.003;
            double f0 = 90 + 200 * r.nextDouble();
            double glide = (r.nextDouble() - 0.5) * 80;
            int harmonics = kind == 1 ? 0 : 2 + r.nextInt(6);
            double amp = 0.05 + 0.5 * r.nextDouble();
            double[] phase = new double[harmonics + 1];
            for (int i = 0; i < len; i++) {
                double t = (double) i / len;
                double env = 0.5 - 0.5 * Math.cos(2 * Math.PI * t);
                double f = f0 + glide * t;
                double v = 0;
                for (int h = 1; h <= harmonics; h++) {
                    phase[h] += 2 * Math.PI * f * h / sampleRate;
                    v += Math.sin(phase[h]) / h;
                }
                v = amp * env * v / 2 + noise * r.nextGaussian();
                out[pos + i] = (float) Math.max(-1.0, Math.min(32767.0 / 32768.0, v));
            }
            pos += len;
        }
        return out;
    }

    /** The same as 16-bit PCM (rounded, clipped). */
    public static short[] speechLikePcm(long seed, double seconds, int sampleRate) {
        float[] f = speechLike(seed, seconds, sampleRate);
        short[] s = new short[f.length];
        for (int i = 0; i < f.length; i++) s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(f[i] * 32768.0)));
        return s;
    }

    public static float[] sine(double hz, double amplitude, int samples, int sampleRate) {
        float[] out = new float[samples];
        for (int i = 0; i < samples; i++) out[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / sampleRate));
        return out;
    }

    /**
     * Random chunk sizes summing to {@code total}: about half shorter than a 160-sample hop (with many of size 1),
     * the rest up to a few thousand samples.
     */
    public static int[] chunkSizes(long seed, int total) {
        Random r = new Random(seed);
        int[] sizes = new int[total];
        int count = 0, left = total;
        while (left > 0) {
            int pick = r.nextInt(10);
            int size;
            if (pick < 2) size = 1;
            else if (pick < 5) size = 1 + r.nextInt(159);
            else if (pick < 8) size = 160 + r.nextInt(1000);
            else size = 1 + r.nextInt(4000);
            size = Math.min(size, left);
            sizes[count++] = size;
            left -= size;
        }
        return java.util.Arrays.copyOf(sizes, count);
    }
}
