package io.wakestream.trainer.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.audio.Pcm;
import io.wakestream.engine.features.FeatureNormalization;
import io.wakestream.engine.features.MfccConfig;
import io.wakestream.engine.features.MfccExtractor;
import io.wakestream.trainer.data.Clip;
import io.wakestream.trainer.data.NoiseGenerator;
import io.wakestream.trainer.data.Signals;
import io.wakestream.trainer.dataset.FeatureBuilder;
import io.wakestream.trainer.nn.KwsNetwork;
import io.wakestream.trainer.nn.KwsNetworkConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
        List<Clip> clips = clips(10, raw);
        FeatureNormalization norm = normalization(clips, raw);

        try (KwsNetwork net = KwsNetwork.create(KwsNetworkConfig.defaults(), 21)) {
            List<HardNegatives.Mined> mined = new HardNegatives(raw, norm, FRAMES, 4, 1).mine(net, clips, 6);
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
            assertEquals(clips.size(), new HardNegatives(raw, norm, FRAMES, 4, 2).mine(net, clips, 100).size());
        }
    }

    /**
     * Clips are scored on several threads, but each with the network calls it would have on its own: the same
     * windows and logits, bit for bit, as scoring clip after clip (the mining as it was before it had threads).
     */
    @Test
    void threadsChangeNothing() {
        MfccConfig raw = MfccConfig.defaults();
        List<Clip> clips = clips(14, raw);
        // Two clips the same: equal logits keep the clips' order.
        clips.add(clips.get(3).withAudio(clips.get(3).audio(), -1, -1, "copy"));
        FeatureNormalization norm = normalization(clips, raw);
        try (KwsNetwork net = KwsNetwork.create(KwsNetworkConfig.defaults(), 5)) {
            List<HardNegatives.Mined> reference = clipByClip(net, clips, raw, norm, 4);
            for (int threads : new int[] {1, 3}) {
                List<HardNegatives.Mined> mined = new HardNegatives(raw, norm, FRAMES, 4, threads).mine(net, clips, clips.size());
                assertEquals(reference.size(), mined.size());
                for (int i = 0; i < mined.size(); i++) {
                    String what = threads + " threads, rank " + i;
                    assertSame(reference.get(i).clip(), mined.get(i).clip(), what);
                    assertEquals(Float.floatToIntBits(reference.get(i).logit()), Float.floatToIntBits(mined.get(i).logit()), what);
                    assertArrayEquals(reference.get(i).audio(), mined.get(i).audio(), what);
                }
            }
        }
    }

    /** Each clip streamed and scored alone, one after another, its best window rescored alone; hardest first. */
    private static List<HardNegatives.Mined> clipByClip(KwsNetwork net, List<Clip> clips, MfccConfig raw, FeatureNormalization norm, int step) {
        MfccExtractor extractor = new MfccExtractor(raw);
        FeatureBuilder features = new FeatureBuilder(raw, FRAMES);
        int c = raw.coefficients();
        int windowSamples = (FRAMES - 1) * raw.hopSamples() + raw.frameLengthSamples();
        List<HardNegatives.Mined> out = new ArrayList<>();
        for (Clip clip : clips) {
            float[] audio = Signals.toFloat(clip.audio());
            float[] padded = new float[windowSamples + audio.length + 6400];
            System.arraycopy(audio, 0, padded, windowSamples, audio.length);
            float[][] all = extractor.extractAll(Pcm.toPcm16(padded));
            List<Integer> ends = new ArrayList<>();
            // The first window ends where the clip starts; the ones before it hear only the silence put before it.
            for (int e = (windowSamples - raw.frameLengthSamples()) / raw.hopSamples() + 1; e < all.length; e += step) ends.add(e);
            float[][] windows = new float[ends.size()][FRAMES * c];
            for (int i = 0; i < windows.length; i++) {
                for (int f = 0; f < FRAMES; f++) System.arraycopy(all[ends.get(i) - FRAMES + 1 + f], 0, windows[i], f * c, c);
                norm.applyToFrames(windows[i]);
            }
            float[] logits = net.logits(windows);
            int best = 0;
            for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
            int start = (ends.get(best) - FRAMES + 1) * raw.hopSamples();
            float[] window = Arrays.copyOfRange(padded, start, start + windowSamples);
            float[] exact = features.window(window);
            norm.applyToFrames(exact);
            out.add(new HardNegatives.Mined(clip, window, net.logits(new float[][] {exact})[0]));
        }
        out.sort(Comparator.comparingDouble(HardNegatives.Mined::logit).reversed());
        return out;
    }

    /** Noise bursts and tones of 0.3-2.5 s: clips shorter and longer than one window. */
    private static List<Clip> clips(int n, MfccConfig raw) {
        Random rnd = new Random(3);
        List<Clip> clips = new ArrayList<>();
        NoiseGenerator.Color[] colors = NoiseGenerator.Color.values();
        for (int i = 0; i < n; i++) {
            int length = 16_000 * (300 + rnd.nextInt(2200)) / 1000;
            float[] a = i % 2 == 0 ? NoiseGenerator.generate(colors[i / 2 % colors.length], length, Signals.fromDb(-30 + 20 * rnd.nextDouble()), rnd)
                    : tone(length, 200 + 300 * i);
            clips.add(new Clip(Signals.toAudio(a), false, "voice" + i, "clip " + i, "test", Clip.Kind.NOISE));
        }
        return clips;
    }

    private static FeatureNormalization normalization(List<Clip> clips, MfccConfig raw) {
        FeatureBuilder features = new FeatureBuilder(raw, FRAMES);
        List<float[]> sample = new ArrayList<>();
        for (Clip c : clips) {
            float[] a = Signals.toFloat(c.audio());
            float[] w = new float[(FRAMES - 1) * raw.hopSamples() + raw.frameLengthSamples()];
            System.arraycopy(a, 0, w, 0, Math.min(a.length, w.length));
            sample.add(features.window(w));
        }
        return FeatureBuilder.statistics(sample, raw.coefficients());
    }

    private static float[] tone(int n, double hz) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (0.2 * Math.sin(2 * Math.PI * hz * i / 16_000));
        return a;
    }
}
