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
 * window due for scoring -> batched ONNX scoring -> smoothing and threshold -> detections.
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
    private final int scoreEvery;
    private final int windowFrames;

    public WakeWordEngine(WakeWordModel model) {
        this(model, model.manifest().detection());
    }

    /** An engine with detection settings other than the manifest's defaults (threshold sweeps, user config). */
    public WakeWordEngine(WakeWordModel model, DetectionConfig detection) {
        this.manifest = model.manifest();
        this.extractor = new MfccExtractor(manifest.features());
        this.scorer = model.scorer();
        this.detector = new WakeWordDetector(manifest.wakePhrase(), detection, manifest.features());
        this.scoreEvery = manifest.scoreEveryFrames();
        this.windowFrames = manifest.windowFrames();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public WakeWordStream newStream() {
        return new WakeWordStream(extractor.newState(),
                new io.wakestream.engine.features.FeatureWindow(windowFrames, manifest.features().coefficients()),
                detector.newState());
    }

    public <S> ScoringBatch<S> newBatch(int initialCapacity) {
        return new ScoringBatch<>(windowFrames, manifest.features().coefficients(), initialCapacity);
    }

    /**
     * Feeds 16 kHz mono samples of one stream; each window that falls due is copied into {@code batch}, tagged
     * with {@code id}. Which windows are due depends only on frame indices, never on chunk boundaries.
     */
    public <S> void accept(WakeWordStream stream, S id, short[] pcm, int offset, int length, ScoringBatch<S> batch) {
        extractor.accept(stream.mfcc(), pcm, offset, length, sinkFor(stream, id, batch));
    }

    /** Same as {@link #accept(WakeWordStream, Object, short[], int, int, ScoringBatch)} for float samples in [-1, 1). */
    public <S> void accept(WakeWordStream stream, S id, float[] samples, int offset, int length, ScoringBatch<S> batch) {
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
     */
    public <S> void scoreAndDetect(ScoringBatch<S> batch, java.util.function.Function<S, WakeWordStream> streamOf,
            DetectionListener<S> detections, ScoreListener<S> scores) {
        if (batch.isEmpty()) return;
        scorer.score(batch.windows(), batch.size(), batch.scores());
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
