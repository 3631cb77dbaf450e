package io.wakestream.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.features.FeatureNormalization;
import io.wakestream.engine.features.MfccConfig;
import io.wakestream.trainer.data.Clip;
import io.wakestream.trainer.data.NoiseGenerator;
import io.wakestream.trainer.data.Signals;
import io.wakestream.trainer.dataset.FeatureBuilder;
import io.wakestream.trainer.nn.KwsNetwork;
import io.wakestream.trainer.nn.KwsNetworkConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Mining on a (randomly initialised) network: whatever it scores, the clips come back hardest first, one window
 * each, ranked by that window's logit as a training window (the engine's features of exactly that audio).
 */
class HardNegativesTest {
    private static final int FRAMES = 100;

    @Test
    void keepsEachClipsHighestScoringWindowHardestFirst() {
        MfccConfig raw = MfccConfig.defaults();
        FeatureBuilder features = new FeatureBuilder(raw, FRAMES);
        Random rnd = new Random(3);
        List<Clip> clips = new ArrayList<>();
        NoiseGenerator.Color[] colors = NoiseGenerator.Color.values();
        for (int i = 0; i < 10; i++) {
            // Noise bursts and tones of 0.3-2.5 s: clips shorter and longer than one window.
            int n = 16_000 * (300 + rnd.nextInt(2200)) / 1000;
            float[] a = i % 2 == 0 ? NoiseGenerator.generate(colors[i / 2 % colors.length], n, Signals.fromDb(-30 + 20 * rnd.nextDouble()), rnd)
                    : tone(n, 200 + 300 * i);
            clips.add(new Clip(Signals.toAudio(a), false, "voice" + i, "clip " + i, "test", Clip.Kind.NOISE));
        }
        List<float[]> sample = new ArrayList<>();
        for (Clip c : clips) {
            float[] a = Signals.toFloat(c.audio());
            float[] w = new float[(FRAMES - 1) * raw.hopSamples() + raw.frameLengthSamples()];
            System.arraycopy(a, 0, w, 0, Math.min(a.length, w.length));
            sample.add(features.window(w));
        }
        FeatureNormalization norm = FeatureBuilder.statistics(sample, raw.coefficients());

        try (KwsNetwork net = KwsNetwork.create(KwsNetworkConfig.defaults(), 21)) {
            List<HardNegatives.Mined> mined = new HardNegatives(raw, norm, FRAMES, 4).mine(net, clips, 6);
            assertEquals(6, mined.size());
            Set<Clip> distinct = new HashSet<>();
            for (int i = 0; i < mined.size(); i++) {
                HardNegatives.Mined m = mined.get(i);
                assertTrue(distinct.add(m.clip()), "one window per clip");
                if (i > 0) assertTrue(m.logit() <= mined.get(i - 1).logit(), "hardest first");
                assertEquals((FRAMES - 1) * raw.hopSamples() + raw.frameLengthSamples(), m.audio().length, "one window of audio");
                float[] w = features.window(m.audio());
                norm.applyToFrames(w);
                float again = net.logits(new float[][] {w})[0];
                System.err.printf("mined %s: logit %.4f, recomputed %.4f%n", m.clip().text(), m.logit(), again);
                assertEquals(m.logit(), again, 1e-4, "the logit is that of the window returned, as a training window");
            }
            // Asking for more than there are gives every clip, still hardest first.
            assertEquals(clips.size(), new HardNegatives(raw, norm, FRAMES, 4).mine(net, clips, 100).size());
        }
    }

    private static float[] tone(int n, double hz) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (0.2 * Math.sin(2 * Math.PI * hz * i / 16_000));
        return a;
    }
}
