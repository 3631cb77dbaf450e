package io.wakestream.trainer.pipeline;

import io.wakestream.engine.features.FeatureNormalization;
import io.wakestream.trainer.data.AugmentationConfig;
import io.wakestream.trainer.data.Augmenter;
import io.wakestream.trainer.data.Clip;
import io.wakestream.trainer.data.Coloration;
import io.wakestream.trainer.data.NoiseGenerator;
import io.wakestream.trainer.data.Signals;
import io.wakestream.trainer.dataset.FeatureBuilder;
import io.wakestream.trainer.dataset.WindowSampler;
import io.wakestream.trainer.dataset.WindowSet;
import io.wakestream.trainer.util.Parallel;
import io.wakestream.trainer.util.Seeds;
import io.wakestream.trainer.util.ProgressBar;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds labelled feature windows from clips: positive windows end shortly after the phrase, "partial" windows
 * end inside it (label 0: the phrase is not finished), negative windows come from anywhere in negative clips.
 * Speed and pitch are perturbed per clip (they move the phrase's boundaries); noise, reverberation and gain
 * are applied to the whole window, so the background is continuous across it as in a live stream.
 *
 * <p>The work is cut into items (one augmented copy of a positive clip, one negative clip, one background
 * window), planned in output order, and made on {@code threads} threads. Each item draws from its own random
 * sequence and augmenters, seeded from the seed and the item's index: the same seed gives the same windows in the
 * same order whatever the thread count.
 */
final class TrainingWindows {
    /** Per clip: tempo/pitch (and the colouration the trainer is asked for). */
    static final AugmentationConfig CLIP_LEVEL = new AugmentationConfig(
            0, 0, 30, 0, -70, -40, 0, 0, 0,
            0.6, 0.88, 1.12, 0.4, 2.5,
            0, 0.15, 0.8, 0, 12);
    /** Per window: background noise, room, level. */
    static final AugmentationConfig WINDOW_LEVEL = new AugmentationConfig(
            0.85, -3, 30, 0.5, -75, -40, 0.8, -18, 6,
            0, 1, 1, 0, 0,
            0.4, 0.15, 0.9, 0, 12);

    private final WindowSampler sampler;
    /** Copied for each thread: its extractor is not thread-safe. */
    private final FeatureBuilder features;
    /** Templates for each item's own augmenters ({@link Augmenter#withSeed}); never used themselves. */
    private final Augmenter clipAugmenter;
    private final Augmenter windowAugmenter;
    private final long seed;
    private final int threads;
    /** Calls so far: a second call on this instance draws afresh instead of repeating the first. */
    private int calls;

    /**
     * @param coloration strength of the per-clip equaliser and echo ({@link Coloration#voices}); 0 for none
     * @param threads threads making windows; the windows do not depend on it
     */
    TrainingWindows(WindowSampler sampler, FeatureBuilder features, List<float[]> noise, long seed, double coloration, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        this.sampler = sampler;
        this.features = features;
        this.clipAugmenter = new Augmenter(CLIP_LEVEL.withColoration(Coloration.voices(coloration)), seed, noise);
        this.windowAugmenter = new Augmenter(WINDOW_LEVEL, seed + 1, noise);
        this.seed = seed;
        this.threads = threads;
    }

    /** One item of work: its windows, in output order, from its own draws. */
    private interface Item {
        float[][] windows(Draws d);
    }

    /**
     * @param copies augmented windows per positive clip (and about half as many partial ones)
     * @param negativePerSecond windows per second of negative audio (at least one per clip)
     * @param augment false for clean windows (no augmentation at all)
     */
    WindowSet build(String what, List<Clip> positives, List<Clip> negatives, int copies, double negativePerSecond, boolean augment) {
        int call = calls++;
        List<float[]> context = new ArrayList<>();
        for (Clip c : negatives) if (c.kind() != Clip.Kind.CONFUSABLE) context.add(Signals.toFloat(c.audio()));
        // Planned one after another in output order, with the labels of the windows each item makes.
        List<Item> items = new ArrayList<>();
        List<float[]> labels = new ArrayList<>();
        for (Clip clip : positives) {
            for (int k = 0; k < copies; k++) {
                boolean partial = k % 2 == 0;
                items.add(d -> positiveWindows(clip, partial, context, augment, d));
                labels.add(partial ? new float[] {1f, 0f} : new float[] {1f});
            }
        }
        long total = (long) positives.size() * copies;
        for (Clip clip : negatives) {
            int n = windowsFor(clip, negativePerSecond);
            items.add(d -> negativeWindows(clip, n, context, augment, d));
            labels.add(new float[n]);
            total += n;
        }
        // Plain background (digital silence, quiet or loud noise) whatever the corpus holds: a stream spends most
        // of its time there, and a model that never saw it answers at random.
        int background = (int) Math.max(20, total / 10);
        for (int k = 0; k < background; k++) {
            boolean silent = k % 4 == 0;
            boolean augmentWindow = augment && k % 2 == 1;
            items.add(d -> new float[][] {d.features(background(silent, d.rnd), augmentWindow)});
            labels.add(new float[1]);
        }

        int[] first = new int[items.size() + 1];
        for (int i = 0; i < items.size(); i++) first[i + 1] = first[i] + labels.get(i).length;
        float[][] x = new float[first[items.size()]][];
        float[] y = new float[x.length];
        for (int i = 0; i < items.size(); i++) System.arraycopy(labels.get(i), 0, y, first[i], labels.get(i).length);
        try (ProgressBar bar = new ProgressBar("features (" + what + ")", x.length)) {
            Parallel.forEach(items.size(), threads, "features (" + what + ")", features::copy, (builder, i) -> {
                float[][] w = items.get(i).windows(new Draws(itemSeed(call, i), builder));
                if (w.length != first[i + 1] - first[i]) throw new IllegalStateException("item " + i + " made " + w.length + " windows");
                System.arraycopy(w, 0, x, first[i], w.length);
                bar.advance(w.length);
            });
        }
        return new WindowSet(x, y);
    }

    /**
     * Negative windows from audio already cut to one window each (hard negatives): each window as it is, and
     * {@code copies - 1} more with background noise, room and level.
     */
    WindowSet negatives(String what, List<float[]> windows, int copies) {
        int call = calls++;
        float[][] x = new float[windows.size() * copies][];
        try (ProgressBar bar = new ProgressBar("features (" + what + ")", x.length)) {
            Parallel.forEach(windows.size(), threads, "features (" + what + ")", features::copy, (builder, i) -> {
                Draws d = new Draws(itemSeed(call, i), builder);
                for (int k = 0; k < copies; k++) x[i * copies + k] = d.features(windows.get(i), k > 0);
                bar.advance(copies);
            });
        }
        return new WindowSet(x, new float[x.length]);
    }

    /**
     * One augmented copy of a positive clip: a window ending shortly after the phrase (label 1) and, when asked
     * for, one ending inside it (label 0), both with the same earlier audio before the clip.
     */
    private float[][] positiveWindows(Clip clip, boolean withPartial, List<float[]> context, boolean augment, Draws d) {
        Random rnd = d.rnd;
        Clip c = augment ? d.clipAugmenter.augment(clip) : clip;
        float[] audio = Signals.toFloat(c.audio());
        int start = c.hasPhraseBoundaries() ? c.phraseStartSample() : 0;
        int end = c.hasPhraseBoundaries() ? c.phraseEndSample() : audio.length;
        float[] before = context.isEmpty() || rnd.nextInt(3) != 0 ? null : context.get(rnd.nextInt(context.size()));
        float[] positive = d.features(sampler.positive(maybeFollowed(audio, end, context, rnd), end, before, rnd), augment);
        if (!withPartial) return new float[][] {positive};
        return new float[][] {positive, d.features(sampler.partial(audio, start, end, 0.25, 0.7, before, rnd), augment)};
    }

    /** The {@code n} windows of one negative clip: aligned like a positive and from anywhere, by turns. */
    private float[][] negativeWindows(Clip clip, int n, List<float[]> context, boolean augment, Draws d) {
        Random rnd = d.rnd;
        float[] audio = Signals.toFloat(clip.audio());
        float[][] out = new float[n][];
        for (int k = 0; k < n; k++) {
            Clip c = augment && k % 2 == 1 ? d.clipAugmenter.augment(clip) : clip;
            float[] a = c == clip ? audio : Signals.toFloat(c.audio());
            if (k % 2 == 0) {
                // Aligned like a positive: the window ends just after the speech ends, with quiet (or some
                // earlier talk) before it. Without these, "a word ending just now after silence" is all
                // that separates positives from negatives, and the model learns that instead of the phrase.
                int speechEnd = Signals.activeRange(a, 16_000, 40, 320)[1];
                float[] before = context.isEmpty() || rnd.nextInt(3) != 0 ? null : context.get(rnd.nextInt(context.size()));
                int alignedEnd = speechEnd > 0 ? speechEnd : a.length;
                out[k] = d.features(sampler.positive(maybeFollowed(a, alignedEnd, context, rnd), alignedEnd, before, rnd), augment);
            } else {
                out[k] = d.features(sampler.anywhere(a, rnd), augment);
            }
        }
        return out;
    }

    /** Digital silence, or noise of a random colour at -90 to -30 dBFS. */
    private float[] background(boolean silent, Random rnd) {
        if (silent) return new float[sampler.windowSamples()];
        NoiseGenerator.Color[] colors = NoiseGenerator.Color.values();
        return NoiseGenerator.generate(colors[rnd.nextInt(colors.length)], sampler.windowSamples(),
                Signals.fromDb(-90 + 60 * rnd.nextDouble()), rnd);
    }

    /**
     * Half the time, the audio up to {@code end} followed, after a short pause, by someone talking on: people say
     * "jarvis, turn on the lights" in one breath. A model that only ever saw the phrase followed by quiet scores it
     * low as soon as the next word enters the window. Aligned negatives get the same treatment, so "speech after
     * the word" is no cue either way.
     */
    private static float[] maybeFollowed(float[] audio, int end, List<float[]> context, Random rnd) {
        if (context.isEmpty() || rnd.nextBoolean()) return audio;
        float[] next = context.get(rnd.nextInt(context.size()));
        int gap = 16_000 * (60 + rnd.nextInt(440)) / 1000;
        float[] out = java.util.Arrays.copyOf(audio, end + gap + next.length);
        java.util.Arrays.fill(out, end, end + gap, 0f);
        System.arraycopy(next, 0, out, end + gap, next.length);
        return out;
    }

    private static int windowsFor(Clip c, double perSecond) {
        double seconds = c.audio().samples().length / 16_000.0;
        return Math.max(1, (int) Math.round(seconds * perSecond));
    }

    /**
     * Item {@code item}'s seed in call {@code call}: SplitMix64's finaliser over the seed and both indices, so
     * neighbouring items' sequences have nothing in common.
     */
    private long itemSeed(int call, int item) {
        return Seeds.mix(Seeds.mix(seed + Seeds.GOLDEN_GAMMA * (call + 1L)) + Seeds.GOLDEN_GAMMA * (item + 1L));
    }

    /**
     * What one item draws from: its own random sequence and augmenters (an {@link Augmenter} is not thread-safe,
     * and sharing one would tie an item's draws to the items before it), and the feature builder of the thread
     * it runs on.
     */
    private final class Draws {
        final Random rnd;
        final Augmenter clipAugmenter;
        private final Augmenter windowAugmenter;
        private final FeatureBuilder features;

        Draws(long itemSeed, FeatureBuilder features) {
            // Each seed hashed from the item's, not drawn from the item's Random: a java.util.Random seeded with
            // another's outputs starts from bits of that one's state, and the two sequences are not independent.
            this.rnd = new Random(itemSeed);
            this.clipAugmenter = TrainingWindows.this.clipAugmenter.withSeed(Seeds.mix(itemSeed + Seeds.GOLDEN_GAMMA));
            this.windowAugmenter = TrainingWindows.this.windowAugmenter.withSeed(Seeds.mix(itemSeed + 2 * Seeds.GOLDEN_GAMMA));
            this.features = features;
        }

        /** The features of one window, after background noise, room and level when {@code augment}. */
        float[] features(float[] window, boolean augment) {
            if (augment) {
                Clip w = windowAugmenter.augment(new Clip(Signals.toAudio(window), false, "window", "", "window", Clip.Kind.SPEECH));
                float[] a = Signals.toFloat(w.audio());
                window = a.length == window.length ? a : java.util.Arrays.copyOf(a, window.length);
            }
            return features.window(window);
        }
    }

    /** Normalises every window in place with the statistics that go into the manifest. */
    static void normalize(WindowSet set, FeatureNormalization n) {
        for (float[] w : set.features()) n.applyToFrames(w);
    }
}
