package io.wakestream.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.wakestream.engine.features.MfccConfig;
import io.wakestream.trainer.data.Clip;
import io.wakestream.trainer.data.NoiseGenerator;
import io.wakestream.trainer.data.Signals;
import io.wakestream.trainer.dataset.FeatureBuilder;
import io.wakestream.trainer.dataset.WindowSampler;
import io.wakestream.trainer.dataset.WindowSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Windows are made on several threads, each item from its own seed: the same seed must give the same windows in
 * the same order whatever the thread count, and the layout (a partial after every other positive, background at
 * the end) must stay what training expects.
 */
class TrainingWindowsTest {
    private static final int FRAMES = 100;
    private static final MfccConfig RAW = MfccConfig.defaults();
    private static final WindowSampler SAMPLER = new WindowSampler(RAW, FRAMES, 20, 400);

    @Test
    void sameSeedSameWindowsWhateverTheThreadCount() {
        List<Clip> positives = positives(4);
        List<Clip> negatives = negatives(5);
        List<float[]> noise = List.of(NoiseGenerator.generate(NoiseGenerator.Color.BROWN, 20_000, 0.1, new Random(9)));

        WindowSet one = windows(5, 1, noise).build("test", positives, negatives, 3, 2.0, true);
        WindowSet three = windows(5, 3, noise).build("test", positives, negatives, 3, 2.0, true);
        assertSame(one, three, "1 and 3 threads");

        int negativeWindows = 0;
        for (Clip c : negatives) negativeWindows += Math.max(1, (int) Math.round(c.audio().samples().length / 16_000.0 * 2.0));
        int background = Math.max(20, (4 * 3 + negativeWindows) / 10);
        assertEquals(4 * 3 + 4 * 2 + negativeWindows + background, one.size());
        assertEquals(4 * 3, one.positives());
        // Per positive clip: copy 0 positive + partial, copy 1 positive, copy 2 positive + partial.
        assertArrayEquals(new float[] {1, 0, 1, 1, 0}, Arrays.copyOf(one.labels(), 5));
        for (float[] w : one.features()) assertEquals(FRAMES * RAW.coefficients(), w.length);

        WindowSet otherSeed = windows(6, 3, noise).build("test", positives, negatives, 3, 2.0, true);
        assertEquals(one.size(), otherSeed.size());
        assertArrayEquals(one.labels(), otherSeed.labels(), "labels follow the plan, not the draws");
        assertFalse(Arrays.deepEquals(one.features(), otherSeed.features()), "another seed, other windows");

        TrainingWindows twice = windows(5, 2, noise);
        twice.build("test", positives, negatives, 3, 2.0, true);
        assertFalse(Arrays.deepEquals(one.features(), twice.build("test", positives, negatives, 3, 2.0, true).features()),
                "a second call on one instance draws afresh");
    }

    @Test
    void cleanWindowsAndHardNegativesDoNotDependOnTheThreadCount() {
        List<Clip> positives = positives(2);
        List<Clip> negatives = negatives(3);
        assertSame(windows(8, 1, List.of()).build("test", positives, negatives, 2, 1.0, false),
                windows(8, 3, List.of()).build("test", positives, negatives, 2, 1.0, false), "clean windows");

        List<float[]> cut = new ArrayList<>();
        for (Clip c : negatives) cut.add(Arrays.copyOf(Signals.toFloat(c.audio()), SAMPLER.windowSamples()));
        WindowSet one = windows(8, 1, List.of()).negatives("test", cut, 3);
        WindowSet three = windows(8, 3, List.of()).negatives("test", cut, 3);
        assertSame(one, three, "hard negatives");
        assertEquals(cut.size() * 3, one.size());
        assertEquals(0, one.positives());
        // The first copy of each window is the window as it is.
        FeatureBuilder features = new FeatureBuilder(RAW, FRAMES);
        for (int i = 0; i < cut.size(); i++) assertArrayEquals(features.window(cut.get(i)), one.features()[3 * i]);
    }

    private static TrainingWindows windows(long seed, int threads, List<float[]> noise) {
        return new TrainingWindows(SAMPLER, new FeatureBuilder(RAW, FRAMES), noise, seed, 0.25, threads);
    }

    private static void assertSame(WindowSet expected, WindowSet actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        assertArrayEquals(expected.labels(), actual.labels(), what);
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.features()[i], actual.features()[i], what + ", window " + i);
    }

    /** A crude voice (harmonics of a gliding pitch) between 0.2 s of quiet on either side, phrase boundaries at its ends. */
    private static List<Clip> positives(int n) {
        List<Clip> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int phrase = 16_000 * (500 + 100 * i) / 1000;
            float[] a = new float[phrase + 6400];
            float[] voice = voice(phrase, 110 + 20 * i);
            System.arraycopy(voice, 0, a, 3200, phrase);
            out.add(new Clip(Signals.toAudio(a), true, "voice" + i, "jarvis", "test", Clip.Kind.WAKE, 3200, 3200 + phrase));
        }
        return out;
    }

    /** Talk, a sound-alike (not used as context) and noise, 0.4 to 2.8 s: shorter and longer than a window. */
    private static List<Clip> negatives(int n) {
        List<Clip> out = new ArrayList<>();
        Random rnd = new Random(4);
        for (int i = 0; i < n; i++) {
            int len = 16_000 * (400 + 600 * i) / 1000;
            Clip.Kind kind = i % 3 == 0 ? Clip.Kind.SPEECH : i % 3 == 1 ? Clip.Kind.CONFUSABLE : Clip.Kind.NOISE;
            float[] a = kind == Clip.Kind.NOISE ? NoiseGenerator.generate(NoiseGenerator.Color.PINK, len, 0.05, rnd) : voice(len, 150 + 10 * i);
            out.add(new Clip(Signals.toAudio(a), false, "voice" + i, "clip " + i, "test", kind));
        }
        return out;
    }

    private static float[] voice(int length, double f0) {
        float[] x = new float[length];
        double phase = 0;
        for (int i = 0; i < length; i++) {
            phase += 2 * Math.PI * f0 * (1 + 0.2 * i / length) / 16_000;
            double v = 0;
            for (int h = 1; h <= 8; h++) v += Math.sin(h * phase) / h;
            x[i] = (float) (0.2 * v);
        }
        return x;
    }
}
