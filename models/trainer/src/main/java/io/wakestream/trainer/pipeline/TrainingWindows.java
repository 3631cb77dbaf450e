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
import io.wakestream.trainer.util.ProgressBar;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds labelled feature windows from clips: positive windows end shortly after the phrase, "partial" windows
 * end inside it (label 0: the phrase is not finished), negative windows come from anywhere in negative clips.
 * Speed and pitch are perturbed per clip (they move the phrase's boundaries); noise, reverberation and gain
 * are applied to the whole window, so the background is continuous across it as in a live stream.
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
    private final FeatureBuilder features;
    private final Augmenter clipAugmenter;
    private final Augmenter windowAugmenter;
    private final Random rnd;

    /** @param coloration strength of the per-clip equaliser and echo ({@link Coloration#voices}); 0 for none */
    TrainingWindows(WindowSampler sampler, FeatureBuilder features, List<float[]> noise, long seed, double coloration) {
        this.sampler = sampler;
        this.features = features;
        this.clipAugmenter = new Augmenter(CLIP_LEVEL.withColoration(Coloration.voices(coloration)), seed, noise);
        this.windowAugmenter = new Augmenter(WINDOW_LEVEL, seed + 1, noise);
        this.rnd = new Random(seed + 2);
    }

    /**
     * @param copies augmented windows per positive clip (and about half as many partial ones)
     * @param negativePerSecond windows per second of negative audio (at least one per clip)
     * @param augment false for clean windows (no augmentation at all)
     */
    WindowSet build(String what, List<Clip> positives, List<Clip> negatives, int copies, double negativePerSecond, boolean augment) {
        List<float[]> x = new ArrayList<>();
        List<Float> y = new ArrayList<>();
        List<float[]> context = new ArrayList<>();
        for (Clip c : negatives) if (c.kind() != Clip.Kind.CONFUSABLE) context.add(Signals.toFloat(c.audio()));
        long total = (long) positives.size() * copies;
        for (Clip c : negatives) total += windowsFor(c, negativePerSecond);
        // Plain background (digital silence, quiet or loud noise) whatever the corpus holds: a stream spends most
        // of its time there, and a model that never saw it answers at random.
        int background = (int) Math.max(20, total / 10);
        total += background;
        try (ProgressBar bar = new ProgressBar("features (" + what + ")", total)) {
            for (Clip clip : positives) {
                for (int k = 0; k < copies; k++) {
                    Clip c = augment ? clipAugmenter.augment(clip) : clip;
                    float[] audio = Signals.toFloat(c.audio());
                    int start = c.hasPhraseBoundaries() ? c.phraseStartSample() : 0;
                    int end = c.hasPhraseBoundaries() ? c.phraseEndSample() : audio.length;
                    float[] before = context.isEmpty() || rnd.nextInt(3) != 0 ? null : context.get(rnd.nextInt(context.size()));
                    add(x, y, sampler.positive(maybeFollowed(audio, end, context), end, before, rnd), 1f, augment);
                    if (k % 2 == 0) add(x, y, sampler.partial(audio, start, end, 0.25, 0.7, before, rnd), 0f, augment);
                    bar.step();
                }
            }
            for (Clip clip : negatives) {
                float[] audio = Signals.toFloat(clip.audio());
                int n = windowsFor(clip, negativePerSecond);
                for (int k = 0; k < n; k++) {
                    Clip c = augment && k % 2 == 1 ? clipAugmenter.augment(clip) : clip;
                    float[] a = c == clip ? audio : Signals.toFloat(c.audio());
                    if (k % 2 == 0) {
                        // Aligned like a positive: the window ends just after the speech ends, with quiet (or some
                        // earlier talk) before it. Without these, "a word ending just now after silence" is all
                        // that separates positives from negatives, and the model learns that instead of the phrase.
                        int speechEnd = Signals.activeRange(a, 16_000, 40, 320)[1];
                        float[] before = context.isEmpty() || rnd.nextInt(3) != 0 ? null : context.get(rnd.nextInt(context.size()));
                        int alignedEnd = speechEnd > 0 ? speechEnd : a.length;
                        add(x, y, sampler.positive(maybeFollowed(a, alignedEnd, context), alignedEnd, before, rnd), 0f, augment);
                    } else {
                        add(x, y, sampler.anywhere(a, rnd), 0f, augment);
                    }
                    bar.step();
                }
            }
            NoiseGenerator.Color[] colors = NoiseGenerator.Color.values();
            for (int k = 0; k < background; k++) {
                float[] w = k % 4 == 0 ? new float[sampler.windowSamples()]
                        : NoiseGenerator.generate(colors[rnd.nextInt(colors.length)], sampler.windowSamples(),
                                Signals.fromDb(-90 + 60 * rnd.nextDouble()), rnd);
                add(x, y, w, 0f, augment && k % 2 == 1);
                bar.step();
            }
        }
        float[] labels = new float[y.size()];
        for (int i = 0; i < labels.length; i++) labels[i] = y.get(i);
        return new WindowSet(x.toArray(new float[0][]), labels);
    }

    /**
     * Negative windows from audio already cut to one window each (hard negatives): each window as it is, and
     * {@code copies - 1} more with this instance's background noise, room and level.
     */
    WindowSet negatives(String what, List<float[]> windows, int copies) {
        List<float[]> x = new ArrayList<>();
        List<Float> y = new ArrayList<>();
        try (ProgressBar bar = new ProgressBar("features (" + what + ")", (long) windows.size() * copies)) {
            for (float[] w : windows) {
                for (int k = 0; k < copies; k++) {
                    add(x, y, w, 0f, k > 0);
                    bar.step();
                }
            }
        }
        return new WindowSet(x.toArray(new float[0][]), new float[y.size()]);
    }

    /**
     * Half the time, the audio up to {@code end} followed, after a short pause, by someone talking on: people say
     * "jarvis, turn on the lights" in one breath. A model that only ever saw the phrase followed by quiet scores it
     * low as soon as the next word enters the window. Aligned negatives get the same treatment, so "speech after
     * the word" is no cue either way.
     */
    private float[] maybeFollowed(float[] audio, int end, List<float[]> context) {
        if (context.isEmpty() || rnd.nextBoolean()) return audio;
        float[] next = context.get(rnd.nextInt(context.size()));
        int gap = 16_000 * (60 + rnd.nextInt(440)) / 1000;
        float[] out = java.util.Arrays.copyOf(audio, end + gap + next.length);
        java.util.Arrays.fill(out, end, end + gap, 0f);
        System.arraycopy(next, 0, out, end + gap, next.length);
        return out;
    }

    private int windowsFor(Clip c, double perSecond) {
        double seconds = c.audio().samples().length / 16_000.0;
        return Math.max(1, (int) Math.round(seconds * perSecond));
    }

    private void add(List<float[]> x, List<Float> y, float[] window, float label, boolean augment) {
        if (augment) {
            Clip w = windowAugmenter.augment(new Clip(Signals.toAudio(window), label > 0, "window", "", "window", Clip.Kind.SPEECH));
            float[] a = Signals.toFloat(w.audio());
            window = a.length == window.length ? a : java.util.Arrays.copyOf(a, window.length);
        }
        x.add(features.window(window));
        y.add(label);
    }

    /** Normalises every window in place with the statistics that go into the manifest. */
    static void normalize(WindowSet set, FeatureNormalization n) {
        for (float[] w : set.features()) n.applyToFrames(w);
    }
}
