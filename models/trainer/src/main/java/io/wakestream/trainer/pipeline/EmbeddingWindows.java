package io.wakestream.trainer.pipeline;

import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_SIZE;
import static io.wakestream.engine.model.OpenWakeWordConfig.STEP_SAMPLES;

import io.wakestream.engine.audio.Pcm;
import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.model.OpenWakeWordConfig;
import io.wakestream.engine.stream.OpenWakeWordEmbedder;
import io.wakestream.trainer.data.AugmentationConfig;
import io.wakestream.trainer.data.Augmenter;
import io.wakestream.trainer.data.Clip;
import io.wakestream.trainer.data.NoiseGenerator;
import io.wakestream.trainer.data.Signals;
import io.wakestream.trainer.dataset.WindowSet;
import io.wakestream.trainer.util.ProgressBar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Labelled head inputs for a head over openWakeWord's speech embeddings, made the way the engine will see them:
 * each example is a short stream (earlier audio, then the clip, then what follows) fed through the real
 * melspectrogram and embedding models step by step ({@link OpenWakeWordEmbedder}), and the head inputs are cut at
 * 80 ms steps of that stream: half of them in streams that have run long enough that all 16 embeddings come from
 * the stream's own audio, half shortly after a stream started (the window still holds the model's warm-up
 * embeddings).
 *
 * <p>Labels: a step ending 0-480 ms after the phrase ends is positive (the engine scores every step, so the head
 * must say yes for a short while after the phrase); a step ending inside the phrase (25-70% of it) is a "partial"
 * negative, which teaches the head to wait for the whole phrase and to reject words that merely start like it.
 * Negative clips are chained into longer streams of running speech with pauses; their steps right after each
 * clip's speech ends are always taken (the mirror image of a positive: sound-alike words end there), plus others
 * at random. The speed and pitch of each clip are perturbed; noise, room and level are applied to the whole stream.
 */
final class EmbeddingWindows {
    /** Per clip: tempo/pitch only (the MFCC trainer's perturbation). */
    private static final AugmentationConfig CLIP_LEVEL = TrainingWindows.CLIP_LEVEL;
    /** Per stream: background noise, room, level (what the MFCC trainer applies per window). */
    private static final AugmentationConfig STREAM_LEVEL = TrainingWindows.WINDOW_LEVEL;
    private static final int RATE = 16_000;
    /** A positive step ends this long after the phrase at most. */
    private static final int POSITIVE_TAIL_SAMPLES = RATE * TrainerOptions.OPENWAKEWORD_POSITIVE_TAIL_MS.maxMs() / 1000;
    /** Negative clips chained into one stream until it is about this long. */
    private static final int NEGATIVE_STREAM_SAMPLES = RATE * 20;

    private final OpenWakeWordEmbedder embedder;
    private final List<float[]> noise;
    private final long seed;
    private final int threads;

    EmbeddingWindows(OpenWakeWordEmbedder embedder, List<float[]> noise, long seed, int threads) {
        this.embedder = embedder;
        this.noise = noise;
        this.seed = seed;
        this.threads = threads;
    }

    /** One stream to embed and where its labelled steps are. */
    private record Example(float[] audio, int[] steps, float[] labels) {}

    /**
     * @param copies augmented streams per positive clip
     * @param negativePerSecond random steps taken per second of negative audio (besides the aligned ones)
     */
    WindowSet build(String what, List<Clip> positives, List<Clip> negatives, int copies, double negativePerSecond) {
        // Kept as 16-bit audio and converted when used: as floats, hours of talk would double in memory.
        List<PcmAudio> context = new ArrayList<>();
        for (Clip c : negatives) if (c.kind() != Clip.Kind.CONFUSABLE) context.add(c.audio());
        // Streams are made one after another with one random sequence (deterministic for the seed) and embedded in
        // parallel, a bounded number in flight: all of them at once would be hours of audio in memory.
        Random rnd = new Random(seed);
        Augmenter clipAugmenter = new Augmenter(CLIP_LEVEL, seed + 1, noise);
        Augmenter streamAugmenter = new Augmenter(STREAM_LEVEL, seed + 2, noise);
        List<java.util.function.Supplier<Example>> recipes = new ArrayList<>();
        for (Clip clip : positives) {
            for (int k = 0; k < copies; k++) recipes.add(() -> positiveStream(clipAugmenter.augment(clip), context, streamAugmenter, rnd));
        }
        List<Clip> shuffled = new ArrayList<>(negatives);
        java.util.Collections.shuffle(shuffled, rnd);
        List<Clip> chain = new ArrayList<>();
        int chained = 0;
        for (int i = 0; i < shuffled.size(); i++) {
            chain.add(shuffled.get(i));
            chained += shuffled.get(i).audio().samples().length;
            if (chained >= NEGATIVE_STREAM_SAMPLES || i == shuffled.size() - 1) {
                List<Clip> clips = chain;
                recipes.add(() -> negativeStream(clips.stream().map(c -> rnd.nextBoolean() ? clipAugmenter.augment(c) : c).toList(),
                        negativePerSecond, streamAugmenter, rnd));
                chain = new ArrayList<>();
                chained = 0;
            }
        }
        // Plain background (digital silence, quiet or loud noise): a stream spends most of its time there.
        int background = Math.max(4, recipes.size() / 40);
        NoiseGenerator.Color[] colors = NoiseGenerator.Color.values();
        int first = embedder.firstFullyHeardStep();
        for (int k = 0; k < background; k++) {
            boolean silent = k % 4 == 0;
            recipes.add(() -> {
                int length = (first + 12) * STEP_SAMPLES;
                float[] a = silent ? new float[length]
                        : NoiseGenerator.generate(colors[rnd.nextInt(colors.length)], length, Signals.fromDb(-90 + 60 * rnd.nextDouble()), rnd);
                return new Example(a, new int[] {first, first + 5, first + 11}, new float[3]);
            });
        }

        List<float[]> x = new ArrayList<>();
        List<Float> y = new ArrayList<>();
        int window = embedder.windowFrames() * EMBEDDING_SIZE;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "embed");
            t.setDaemon(true);
            return t;
        });
        java.util.ArrayDeque<Future<float[][]>> inFlight = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<float[]> labelsInFlight = new java.util.ArrayDeque<>();
        try (ProgressBar bar = new ProgressBar("embeddings (" + what + "), streams", recipes.size())) {
            for (int i = 0; i <= recipes.size(); i++) {
                if (i < recipes.size()) {
                    Example e = recipes.get(i).get();
                    recipes.set(i, null);
                    labelsInFlight.add(e.labels());
                    inFlight.add(pool.submit(() -> {
                        float[] embeddings = embedder.embeddings(Pcm.toPcm16(e.audio()));
                        float[][] out = new float[e.steps().length][];
                        for (int j = 0; j < out.length; j++) {
                            out[j] = new float[window];
                            embedder.headInput(embeddings, e.steps()[j], out[j], 0);
                        }
                        return out;
                    }));
                }
                while (!inFlight.isEmpty() && (inFlight.size() > 8 * threads || i == recipes.size())) {
                    float[][] windows = inFlight.poll().get();
                    float[] labels = labelsInFlight.poll();
                    for (int j = 0; j < windows.length; j++) {
                        x.add(windows[j]);
                        y.add(labels[j]);
                    }
                    bar.step();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing embeddings", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("computing embeddings failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        float[] labels = new float[y.size()];
        for (int i = 0; i < labels.length; i++) labels[i] = y.get(i);
        return new WindowSet(x.toArray(new float[0][]), labels);
    }

    /**
     * Earlier audio (quiet, or someone talking), the clip, and perhaps more talk after a pause. In half the streams
     * the phrase ends late enough that every labelled step's head input is all stream audio; in the other half it
     * comes 0.3-1.2 s after the stream starts. The stream starts at a random phase of the 80 ms step grid, so the
     * head does not learn one alignment of phrase and steps.
     */
    private Example positiveStream(Clip c, List<PcmAudio> context, Augmenter streamAugmenter, Random rnd) {
        float[] audio = Signals.toFloat(c.audio());
        int[] phrase = c.hasPhraseBoundaries() ? new int[] {c.phraseStartSample(), c.phraseEndSample()}
                : Signals.activeRange(audio, RATE, 40, 320);
        int start = phrase[0];
        int end = phrase[1];
        // Half the streams have run long enough that the head sees only their audio; the other half start shortly
        // before the phrase, so the head also sees the model's warm-up embeddings early in the window, as it does
        // when a device has just connected (and when an evaluation streams each clip on its own).
        boolean fresh = rnd.nextBoolean();
        int fullyHeard = (embedder.firstFullyHeardStep() + 1) * STEP_SAMPLES;
        int before = fresh ? RATE * 3 / 10 + rnd.nextInt(RATE * 9 / 10)
                : Math.max(0, fullyHeard - start) + rnd.nextInt(3 * STEP_SAMPLES);
        int firstStep = fresh ? OpenWakeWordConfig.WARM_UP_STEPS : embedder.firstFullyHeardStep();
        float[] body = followedPerhaps(audio, end, context, rnd);
        int length = Math.min(before + body.length, before + end + POSITIVE_TAIL_SAMPLES + 2 * STEP_SAMPLES);
        float[] stream = new float[Math.max(length, before + end + POSITIVE_TAIL_SAMPLES + STEP_SAMPLES)];
        fillBefore(stream, before, context, rnd);
        System.arraycopy(body, 0, stream, before, Math.min(body.length, stream.length - before));
        stream = augmentStream(stream, streamAugmenter);

        int phraseStart = before + start;
        int phraseEnd = before + end;
        List<Integer> steps = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        int partialFrom = phraseStart + (int) (0.25 * (end - start));
        int partialTo = phraseStart + (int) (0.7 * (end - start));
        List<Integer> partial = new ArrayList<>();
        List<Integer> positive = new ArrayList<>();
        for (int s = firstStep; s < stream.length / STEP_SAMPLES; s++) {
            int stepEnd = (s + 1) * STEP_SAMPLES;
            if (stepEnd >= phraseEnd && stepEnd <= phraseEnd + POSITIVE_TAIL_SAMPLES) {
                positive.add(s);
            } else if (stepEnd >= partialFrom && stepEnd <= partialTo) {
                partial.add(s);
            }
        }
        // Three of the (about six) positive steps: neighbouring steps are nearly the same example.
        java.util.Collections.shuffle(positive, rnd);
        for (int s : positive.subList(0, Math.min(3, positive.size()))) {
            steps.add(s);
            labels.add(1f);
        }
        if (!partial.isEmpty()) {
            steps.add(partial.get(rnd.nextInt(partial.size())));
            labels.add(0f);
        }
        return new Example(stream, ints(steps), floats(labels));
    }

    /**
     * Negative clips one after another with pauses of 0.1-1 s, after enough quiet or talk that the first clip is
     * heard with a full window: running speech as a microphone hears it.
     */
    private Example negativeStream(List<Clip> clips, double perSecond, Augmenter streamAugmenter, Random rnd) {
        int lead = (embedder.firstFullyHeardStep() + 1) * STEP_SAMPLES - rnd.nextInt(RATE);
        List<float[]> parts = new ArrayList<>();
        List<Integer> speechEnds = new ArrayList<>();
        int pos = lead;
        parts.add(new float[lead]);
        for (Clip c : clips) {
            float[] a = Signals.toFloat(c.audio());
            int speechEnd = Signals.activeRange(a, RATE, 40, 320)[1];
            speechEnds.add(pos + (speechEnd > 0 ? speechEnd : a.length));
            int pause = RATE / 10 + rnd.nextInt(RATE * 9 / 10);
            parts.add(a);
            parts.add(new float[pause]);
            pos += a.length + pause;
        }
        float[] stream = Signals.concat(parts.toArray(new float[0][]));
        stream = augmentStream(stream, streamAugmenter);
        int first = embedder.firstFullyHeardStep();
        int last = stream.length / STEP_SAMPLES - 1;
        java.util.TreeSet<Integer> steps = new java.util.TreeSet<>();
        for (int end : speechEnds) {
            // Two steps in the span where a positive would be: just after the speech ends.
            for (int k = 0; k < 2; k++) {
                int s = (end + rnd.nextInt(POSITIVE_TAIL_SAMPLES + 1)) / STEP_SAMPLES - 1;
                if (s >= first && s <= last) steps.add(s);
            }
        }
        int random = (int) Math.round((stream.length - lead) / (double) RATE * perSecond);
        // Mostly where the talk is; some from the quiet start, where the window still holds warm-up embeddings.
        int from = rnd.nextInt(4) == 0 ? OpenWakeWordConfig.WARM_UP_STEPS : Math.max(first, lead / STEP_SAMPLES);
        for (int k = 0; k < random && last >= from; k++) steps.add(from + rnd.nextInt(last - from + 1));
        return new Example(stream, steps.stream().mapToInt(Integer::intValue).toArray(), new float[steps.size()]);
    }

    /** Quiet (2 in 3) or the end of someone else's talk (1 in 3) before the clip, as a live stream has. */
    private static void fillBefore(float[] stream, int before, List<PcmAudio> context, Random rnd) {
        if (before <= 0 || context.isEmpty() || rnd.nextInt(3) != 0) return;
        float[] talk = Signals.toFloat(context.get(rnd.nextInt(context.size())));
        int len = Math.min(before, talk.length);
        // The talk ends a short pause before the clip starts.
        int pause = Math.min(before - len, RATE / 10 + rnd.nextInt(RATE / 2));
        int at = before - pause - len;
        if (at < 0) return;
        System.arraycopy(talk, talk.length - len, stream, at, len);
    }

    /** Half the time the phrase is followed, after a short pause, by more talk ("jarvis, turn on the lights"). */
    private static float[] followedPerhaps(float[] audio, int end, List<PcmAudio> context, Random rnd) {
        if (context.isEmpty() || rnd.nextBoolean()) return audio;
        float[] next = Signals.toFloat(context.get(rnd.nextInt(context.size())));
        int gap = RATE * (60 + rnd.nextInt(440)) / 1000;
        float[] out = Arrays.copyOf(audio, end + gap + next.length);
        Arrays.fill(out, end, end + gap, 0f);
        System.arraycopy(next, 0, out, end + gap, next.length);
        return out;
    }

    private static float[] augmentStream(float[] stream, Augmenter augmenter) {
        Clip c = augmenter.augment(new Clip(Signals.toAudio(stream), false, "stream", "", "stream", Clip.Kind.SPEECH));
        float[] a = Signals.toFloat(c.audio());
        // Reverberation may add a tail; the labelled steps were placed on the original timeline.
        return a.length == stream.length ? a : Arrays.copyOf(a, stream.length);
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private static float[] floats(List<Float> l) {
        float[] out = new float[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = l.get(i);
        return out;
    }
}
