package io.wakestream.engine.stream;

import static io.wakestream.engine.model.OpenWakeWordConfig.CONTEXT_SAMPLES;
import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_SIZE;
import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_WINDOW_FRAMES;
import static io.wakestream.engine.model.OpenWakeWordConfig.FIRST_STEP_MEL_FRAMES;
import static io.wakestream.engine.model.OpenWakeWordConfig.MEL_BANDS;
import static io.wakestream.engine.model.OpenWakeWordConfig.MEL_FRAMES_PER_STEP;
import static io.wakestream.engine.model.OpenWakeWordConfig.STEP_SAMPLES;
import static io.wakestream.engine.model.OpenWakeWordConfig.WARM_UP_STEPS;

import io.wakestream.engine.detect.Detection;
import io.wakestream.engine.detect.WakeWordDetector;
import io.wakestream.engine.features.OpenWakeWordStreamState;
import io.wakestream.engine.model.IncrementalEmbedding;
import io.wakestream.engine.model.OpenWakeWordModels;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * openWakeWord's feature path, as its {@code AudioFeatures._streaming_features} and {@code Model.predict} do it when
 * fed 1280-sample chunks: every 80 ms step, the melspectrogram model runs on the step's 1280 samples plus the 480
 * before them (8 new mel frames; 5 on a stream's first step, which has no context: it runs on the 1280 alone), scaled {@code x/10 + 2}; the
 * embedding model runs on the last 76 mel frames; the head runs on the last 16 (or the head's count of)
 * embeddings. A stream starts with 76 mel frames of ones and embeddings of 4 s of noise, and its first 5 scores are
 * 0, as in openWakeWord. A chunk spanning several steps gets one score per step (openWakeWord's predict would return
 * only their maximum), so scores do not depend on chunk sizes.
 *
 * <p>{@link #accept} only cuts steps into the batch; {@link #scoreAndDetect} runs the embedding model batched over
 * the batch's steps (incrementally where {@link IncrementalEmbedding} applies: only the rows a step adds to each
 * layer, 5.6M instead of 42M multiply-adds, same bits), the heads once per window (openWakeWord's are exported for
 * one window), the melspectrogram model once per step (it floors quiet frames relative to its whole input, so
 * batching would change scores), and updates every stream's buffers in the order its steps were added.
 */
final class OpenWakeWordFrontend {
    private static final int STEP_INPUT = CONTEXT_SAMPLES + STEP_SAMPLES;
    /** Mel frames the first step lacks for want of context. */
    private static final int CONTEXT_FRAMES = MEL_FRAMES_PER_STEP - FIRST_STEP_MEL_FRAMES;

    private final OpenWakeWordModels models;
    private final WakeWordDetector detector;
    private final int windowFrames;
    /** Native buffers and scratch arrays reused by every batch (one frontend per engine, one engine per thread). */
    private final OpenWakeWordModels.Buffers buffers = new OpenWakeWordModels.Buffers();
    private final float[] mel = new float[MEL_FRAMES_PER_STEP * MEL_BANDS];
    private float[] embeddingInput = new float[0];
    private float[] embeddings = new float[0];
    private float[] headInput = new float[0];
    private float[] raw = new float[0];
    private float[][] energies = new float[0][];
    private int[] stepFrom = new int[0];
    private float[] melSteps = new float[0];
    private int[] round = new int[0];
    private int[] picked = new int[0];
    private float[] gatheredMel = new float[0];
    private float[] gatheredHistory = new float[0];
    private float[][] histories = new float[0][];
    private float[] gatheredEmbeddings = new float[0];

    OpenWakeWordFrontend(OpenWakeWordModels models, WakeWordDetector detector) {
        this.models = models;
        this.detector = detector;
        this.windowFrames = models.windowFrames();
        if (OpenWakeWordModels.melFrames(STEP_INPUT) != MEL_FRAMES_PER_STEP) throw new IllegalStateException("mel framing changed");
    }

    OpenWakeWordStreamState newState() {
        return new OpenWakeWordStreamState(models.warmUpEmbeddings());
    }

    <S> ScoringBatch<S> newBatch(int initialCapacity) {
        return new ScoringBatch<>(1, STEP_INPUT, initialCapacity);
    }

    <S> void accept(WakeWordStream stream, S id, short[] pcm, int offset, int length, ScoringBatch<S> batch) {
        stream.openWakeWord().accept(pcm, offset, length, (step, audio) -> batch.addAudio(id, step, audio));
    }

    /** The newest mel frame of step {@code step}: the detector's frame index for that step's score. */
    static long newestMelFrame(long step) {
        return (step + 1) * MEL_FRAMES_PER_STEP - CONTEXT_FRAMES - 1;
    }

    <S> void scoreAndDetect(ScoringBatch<S> batch, Function<S, WakeWordStream> streamOf,
            WakeWordEngine.DetectionListener<S> detections, WakeWordEngine.ScoreListener<S> scores) {
        int n = batch.size();
        float[] audio = batch.windows();
        int melWindow = EMBEDDING_WINDOW_FRAMES * MEL_BANDS;
        int headWindow = windowFrames * EMBEDDING_SIZE;
        if (raw.length < n) {
            int cap = Math.max(n, raw.length * 2);
            embeddingInput = new float[cap * melWindow];
            embeddings = new float[cap * EMBEDDING_SIZE];
            headInput = new float[cap * headWindow];
            raw = new float[cap];
            energies = new float[cap][];
            stepFrom = new int[cap];
            melSteps = new float[cap * MEL_FRAMES_PER_STEP * MEL_BANDS];
        }
        // Every step with its context in one melspectrogram call (each keeps its own 80 dB floor).
        int withContext = 0;
        for (int i = 0; i < n; i++) if (batch.frameIndex(i) != 0) stepFrom[withContext++] = i * STEP_INPUT;
        models.melspectrogramSteps(audio, stepFrom, withContext, buffers, melSteps);
        int next = 0;
        for (int i = 0; i < n; i++) {
            OpenWakeWordStreamState s = streamOf.apply(batch.stream(i)).openWakeWord();
            if (batch.frameIndex(i) == 0) {
                // A stream's first step has no context: openWakeWord runs the model on its 1280 samples alone (5 frames).
                models.melspectrogram(audio, i * STEP_INPUT + CONTEXT_SAMPLES, STEP_SAMPLES, buffers, mel, 0);
                s.pushMel(mel, 0, OpenWakeWordModels.melFrames(STEP_SAMPLES));
            } else {
                s.pushMel(melSteps, next++ * MEL_FRAMES_PER_STEP * MEL_BANDS, MEL_FRAMES_PER_STEP);
            }
            // Now, before a later step of the same stream in this batch pushes its frames. Early in a stream the
            // buffer still holds the warm-up's frames, which precede the audio.
            energies[i] = s.energiesDbHeard(newestMelFrame(batch.frameIndex(i)) + 1);
            s.copyMelWindow(embeddingInput, i * melWindow);
        }
        IncrementalEmbedding incremental = models.incremental();
        if (incremental == null) {
            models.embed(embeddingInput, n, buffers, embeddings);
        } else {
            embedIncrementally(incremental, batch, n, streamOf);
        }
        for (int i = 0; i < n; i++) {
            OpenWakeWordStreamState s = streamOf.apply(batch.stream(i)).openWakeWord();
            s.pushEmbedding(embeddings, i * EMBEDDING_SIZE);
            s.copyEmbeddings(headInput, i * headWindow);
        }
        models.score(headInput, n, raw, buffers);
        for (int i = 0; i < n; i++) {
            S id = batch.stream(i);
            long step = batch.frameIndex(i);
            long frame = newestMelFrame(step);
            // openWakeWord: "Zero predictions for first 5 frames during model initialization".
            float score = step < WARM_UP_STEPS ? 0f : raw[i];
            if (scores != null) scores.onScore(id, frame, score);
            Detection d = detector.onScore(streamOf.apply(id).detector(), frame, score, energies[i]);
            if (d != null && detections != null) detections.onDetection(id, d);
            energies[i] = null;
        }
        batch.clear();
    }

    /**
     * Embeddings of the batch's steps by the incremental model: a stream's first step (or first after a restore)
     * runs the whole model, which primes its history; later steps run only the rows they add. A stream's next
     * step needs the history its previous one leaves, so the k-th step of every stream in the batch goes in the
     * k-th round of calls.
     */
    private <S> void embedIncrementally(IncrementalEmbedding inc, ScoringBatch<S> batch, int n, Function<S, WakeWordStream> streamOf) {
        int melWindow = EMBEDDING_WINDOW_FRAMES * MEL_BANDS;
        int tail = IncrementalEmbedding.TAIL_FRAMES * MEL_BANDS;
        int hs = inc.historySize();
        if (round.length < n) {
            int cap = Math.max(n, round.length * 2);
            round = new int[cap];
            picked = new int[cap];
            gatheredMel = new float[cap * melWindow];
            gatheredHistory = new float[cap * hs];
            histories = new float[cap][];
            gatheredEmbeddings = new float[cap * EMBEDDING_SIZE];
        }
        // Rounds count steps per stream object, not per id: a caller may add one stream's steps under several ids
        // (the Flink operator tags each with its chunk), and two steps of one stream in the same round would both
        // step from the same history, giving the later one a wrong embedding (and a wrong history after it).
        // Identity, since WakeWordStream's equals compares contents.
        Map<WakeWordStream, Integer> seen = new IdentityHashMap<>();
        int rounds = 0;
        for (int i = 0; i < n; i++) {
            round[i] = seen.merge(streamOf.apply(batch.stream(i)), 1, Integer::sum) - 1;
            rounds = Math.max(rounds, round[i] + 1);
        }
        for (int r = 0; r < rounds; r++) {
            // Decided before either call: a step primed in this round must not be stepped again.
            for (int i = 0; i < n; i++) {
                if (round[i] == r && (batch.frameIndex(i) == 0 || streamOf.apply(batch.stream(i)).openWakeWord().incrementalHistory() == null)) {
                    round[i] = -1 - r;
                }
            }
            for (boolean whole : new boolean[] {true, false}) {
                int count = 0;
                for (int i = 0; i < n; i++) {
                    if (round[i] == (whole ? -1 - r : r)) picked[count++] = i;
                }
                if (count == 0) continue;
                for (int k = 0; k < count; k++) {
                    int i = picked[k];
                    if (whole) {
                        System.arraycopy(embeddingInput, i * melWindow, gatheredMel, k * melWindow, melWindow);
                    } else {
                        System.arraycopy(embeddingInput, (i + 1) * melWindow - tail, gatheredMel, k * tail, tail);
                        histories[k] = streamOf.apply(batch.stream(i)).openWakeWord().incrementalHistory();
                    }
                }
                if (whole) {
                    inc.prime(gatheredMel, count, buffers, gatheredEmbeddings, gatheredHistory);
                } else {
                    // Each stream's history is read and updated in place.
                    inc.step(gatheredMel, histories, count, buffers, gatheredEmbeddings);
                    Arrays.fill(histories, 0, count, null);
                }
                for (int k = 0; k < count; k++) {
                    int i = picked[k];
                    System.arraycopy(gatheredEmbeddings, k * EMBEDDING_SIZE, embeddings, i * EMBEDDING_SIZE, EMBEDDING_SIZE);
                    if (whole) {
                        OpenWakeWordStreamState s = streamOf.apply(batch.stream(i)).openWakeWord();
                        if (s.incrementalHistory() == null) s.setIncrementalHistory(new float[hs]);
                        System.arraycopy(gatheredHistory, k * hs, s.incrementalHistory(), 0, hs);
                    }
                }
            }
        }
    }

    /** Samples per score. */
    int samplesPerScore() {
        return STEP_SAMPLES;
    }

    /** Audio one score looks back over: the head's embeddings and the first embedding's mel window. */
    int windowSamples() {
        return (windowFrames * MEL_FRAMES_PER_STEP + EMBEDDING_WINDOW_FRAMES) * 160;
    }
}
