package io.wakestream.engine.stream;

import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.detect.Detection;
import io.wakestream.engine.model.WakeWordModel;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream, start to end: feed chunks of any size, get detections. Used by the offline detector and the
 * evaluator; the Flink job uses {@link WakeWordEngine} directly to batch across devices.
 */
public final class StreamingDetector {
    /** Windows scored per ONNX call when a large chunk arrives at once. */
    private static final int MAX_BATCH = 64;

    private final WakeWordEngine engine;
    private final WakeWordStream stream;
    private final ScoringBatch<WakeWordStream> batch;
    private final WakeWordEngine.ScoreListener<WakeWordStream> scoreListener;
    private long samples;
    private boolean finished;

    public StreamingDetector(WakeWordModel model) {
        this(model, model.manifest().detection(), null);
    }

    /**
     * @param scoreListener receives every raw score with its frame index (null for none)
     */
    public StreamingDetector(WakeWordModel model, DetectionConfig detection, ScoreListener scoreListener) {
        this.engine = new WakeWordEngine(model, detection);
        this.stream = engine.newStream();
        this.batch = engine.newBatch(MAX_BATCH);
        this.scoreListener = scoreListener == null ? null : (id, frame, score) -> scoreListener.onScore(frame, score);
    }

    /** Receives raw scores. */
    @FunctionalInterface
    public interface ScoreListener {
        void onScore(long frameIndex, float score);
    }

    /** Feeds samples; returns the detections they completed (empty most of the time). */
    public List<Detection> accept(short[] pcm, int offset, int length) {
        if (finished) throw new IllegalStateException("stream already finished");
        List<Detection> out = new ArrayList<>();
        int step = MAX_BATCH * engine.samplesPerScore();
        for (int pos = offset; pos < offset + length; pos += step) {
            int n = Math.min(step, offset + length - pos);
            engine.accept(stream, stream, pcm, pos, n, batch);
            engine.scoreAndDetect(batch, s -> s, (s, d) -> out.add(d), scoreListener);
        }
        samples += length;
        return out;
    }

    /**
     * Ends the stream: feeds one window of silence so a phrase at the very end (or a clip shorter than the
     * window) is still seen whole, and returns any last detections.
     */
    public List<Detection> finish() {
        long heard = samples;
        short[] silence = new short[engine.windowSamples()];
        List<Detection> out = accept(silence, 0, silence.length);
        finished = true;
        long endMs = heard * 1000 / engine.manifest().features().sampleRate();
        List<Detection> clipped = new ArrayList<>(out.size());
        for (Detection d : out) {
            clipped.add(new Detection(d.wakeWord(), d.score(), Math.min(d.audioStartMs(), endMs),
                    Math.min(d.audioEndMs(), endMs), d.detectedAtMs()));
        }
        return clipped;
    }

    public long samplesSeen() {
        return samples;
    }
}
