package io.wakestream.engine.stream;

import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.detect.Detection;
import io.wakestream.engine.detect.WakeWordDetector;
import io.wakestream.engine.features.FrameSink;
import io.wakestream.engine.features.MfccExtractor;
import io.wakestream.engine.model.ModelManifest;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.engine.model.WakeWordScorer;

/**
 * The wake-word path for any number of streams: audio -> MFCC frames -> feature window -> (every N frames) a
 * window due for scoring -> batched ONNX scoring -> smoothing and threshold -> detections. For an openWakeWord
 * model (manifest frontend "openwakeword") the frontend is openWakeWord's instead ({@link OpenWakeWordFrontend}):
 * the same API, the same detector.
 *
 * <p>Feeding audio ({@link #accept}) and scoring ({@link #scoreAndDetect}) are separate so a caller can gather
 * windows from many streams and score them in one call. One engine per thread (the MFCC extractor has scratch
 * buffers); the model session underneath is shared.
 */
public final class WakeWordEngine {
    private final ModelManifest manifest;
    private final MfccExtractor extractor;
    private final WakeWordScorer scorer;
    private final WakeWordDetector detector;
    /** Below this a window's score cannot take part in a detection, so it need not be exact (see scoreAndDetect). */
    private final float lowestContributingScore;
    private final int scoreEvery;
    private final int windowFrames;
    /** The openWakeWord frontend, or null for an MFCC model. */
    private final OpenWakeWordFrontend openWakeWord;

    public WakeWordEngine(WakeWordModel model) {
        this(model, model.manifest().detection());
    }

    /** An engine with detection settings other than the manifest's defaults (threshold sweeps, user config). */
    public WakeWordEngine(WakeWordModel model, DetectionConfig detection) {
        this.manifest = model.manifest();
        this.detector = new WakeWordDetector(manifest.wakePhrase(), detection, manifest.features());
        this.lowestContributingScore = detection.lowestContributingScore();
        this.scoreEvery = manifest.scoreEveryFrames();
        this.windowFrames = manifest.windowFrames();
        if (manifest.usesOpenWakeWord()) {
            this.openWakeWord = new OpenWakeWordFrontend(model.openWakeWord(), detector);
            this.extractor = null;
            this.scorer = null;
        } else {
            this.openWakeWord = null;
            this.extractor = new MfccExtractor(manifest.features());
            this.scorer = model.scorer();
        }
    }

    /** Samples between two scores of a stream (MFCC: scoreEveryFrames hops; openWakeWord: one 80 ms step). */
    public int samplesPerScore() {
        return openWakeWord != null ? openWakeWord.samplesPerScore() : scoreEvery * manifest.features().hopSamples();
    }

    /** Audio one score looks back over: the silence a stream's end needs for its last phrase to be seen whole. */
    public int windowSamples() {
        return openWakeWord != null ? openWakeWord.windowSamples() : windowFrames * manifest.features().hopSamples();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public WakeWordStream newStream() {
        if (openWakeWord != null) return new WakeWordStream(openWakeWord.newState(), detector.newState());
        return new WakeWordStream(extractor.newState(),
                new io.wakestream.engine.features.FeatureWindow(windowFrames, manifest.features().coefficients()),
                detector.newState());
    }

    public <S> ScoringBatch<S> newBatch(int initialCapacity) {
        if (openWakeWord != null) return openWakeWord.newBatch(initialCapacity);
        return new ScoringBatch<>(windowFrames, manifest.features().coefficients(), initialCapacity);
    }

    /**
     * Feeds 16 kHz mono samples of one stream; each window that falls due is copied into {@code batch}, tagged
     * with {@code id}. Which windows are due depends only on frame indices, never on chunk boundaries.
     */
    public <S> void accept(WakeWordStream stream, S id, short[] pcm, int offset, int length, ScoringBatch<S> batch) {
        if (openWakeWord != null) {
            openWakeWord.accept(stream, id, pcm, offset, length, batch);
            return;
        }
        extractor.accept(stream.mfcc(), pcm, offset, length, sinkFor(stream, id, batch));
    }

    /** Same as {@link #accept(WakeWordStream, Object, short[], int, int, ScoringBatch)} for float samples in [-1, 1). */
    public <S> void accept(WakeWordStream stream, S id, float[] samples, int offset, int length, ScoringBatch<S> batch) {
        if (openWakeWord != null) {
            // openWakeWord's models take 16-bit sample values.
            short[] pcm = new short[length];
            for (int i = 0; i < length; i++) {
                pcm[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(samples[offset + i] * 32768f)));
            }
            openWakeWord.accept(stream, id, pcm, 0, length, batch);
            return;
        }
        extractor.accept(stream.mfcc(), samples, offset, length, sinkFor(stream, id, batch));
    }

    private <S> FrameSink sinkFor(WakeWordStream stream, S id, ScoringBatch<S> batch) {
        return (frameIndex, coefficients, energyDb) -> {
            stream.window().push(coefficients, energyDb);
            if (stream.window().isFull() && (frameIndex - (windowFrames - 1)) % scoreEvery == 0) {
                batch.add(id, frameIndex, stream.window());
            }
        };
    }

    /** Called for each detection, with the id the window was added under. */
    @FunctionalInterface
    public interface DetectionListener<S> {
        void onDetection(S id, Detection detection);
    }

    /** Called for every scored window (for evaluation and score plots). */
    @FunctionalInterface
    public interface ScoreListener<S> {
        void onScore(S id, long frameIndex, float score);
    }

    /**
     * Scores every window in the batch in one call, runs each stream's detector on its scores in order, reports
     * detections and clears the batch. {@code streamOf} maps an id back to its stream state.
     *
     * <p>With a {@code scores} listener every score is exact. Without one, a score too low to take part in any
     * detection ({@link DetectionConfig#lowestContributingScore()}) may be a lower bound instead, which lets an
     * ensemble kept with its members skip them on such windows ({@link WakeWordScorer#score(float[], int, float[],
     * float)}); the detections are the same either way.
     */
    public <S> void scoreAndDetect(ScoringBatch<S> batch, java.util.function.Function<S, WakeWordStream> streamOf,
            DetectionListener<S> detections, ScoreListener<S> scores) {
        if (batch.isEmpty()) return;
        if (openWakeWord != null) {
            openWakeWord.scoreAndDetect(batch, streamOf, detections, scores);
            return;
        }
        if (scores != null) scorer.score(batch.windows(), batch.size(), batch.scores());
        else scorer.score(batch.windows(), batch.size(), batch.scores(), lowestContributingScore);
        for (int i = 0; i < batch.size(); i++) {
            S id = batch.stream(i);
            long frame = batch.frameIndex(i);
            float score = batch.score(i);
            if (scores != null) scores.onScore(id, frame, score);
            Detection d = detector.onScore(streamOf.apply(id).detector(), frame, score, batch.energies(i));
            if (d != null && detections != null) detections.onDetection(id, d);
        }
        batch.clear();
    }
}
