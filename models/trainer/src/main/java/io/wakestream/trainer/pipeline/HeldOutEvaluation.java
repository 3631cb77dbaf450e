package io.wakestream.trainer.pipeline;

import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.trainer.data.Clip;
import io.wakestream.trainer.data.Signals;
import io.wakestream.trainer.eval.DetPlot;
import io.wakestream.trainer.eval.DetectionDelay;
import io.wakestream.trainer.eval.Evaluator;
import io.wakestream.trainer.eval.OperatingPoint;
import io.wakestream.trainer.eval.ScoreTrace;
import io.wakestream.trainer.eval.SyntheticEvalAudio;
import io.wakestream.trainer.eval.ThresholdSweep;
import io.wakestream.trainer.util.ProgressBar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Evaluates a model on the clips of speakers it was not trained on, through the real streaming engine:
 * positives clean and with noise at 10 dB SNR, negatives as one long continuous stream.
 *
 * @param part which speakers ("validation" calibrates the threshold, "test" is reported)
 * @param positives positive clips scored
 * @param negativeHours hours of continuous negative audio scored
 * @param clean threshold sweep on clean positives
 * @param noisy threshold sweep on positives at 10 dB SNR (same negatives)
 * @param cpuMsPerAudioSecond single-stream CPU cost measured during the evaluation
 * @param delay how long after the phrase's end in the audio the detector fired on the clean positives it caught,
 *     at the model's own threshold and smoothing: the part of the wake latency that no pipeline can take away
 * @param falseAccepts what was being said where the detector fired on the negative stream with these settings,
 *     most frequent first
 */
public record HeldOutEvaluation(String part, int positives, double negativeHours, List<OperatingPoint> clean,
        List<OperatingPoint> noisy, double cpuMsPerAudioSecond, DetectionDelay delay, List<FalseAcceptSource> falseAccepts) {

    /**
     * One negative clip that made the detector fire, and how often (the stream reuses clips).
     *
     * @param said the clip's text ("noise" for a stretch of noise alone)
     * @param kind what sort of negative it is (confusable, speech, noise ...)
     * @param voice who said it
     */
    public record FalseAcceptSource(String said, String kind, String voice, int count) {}

    /** Where each segment of the negative stream starts (ms) and which clip it holds (null: noise alone). */
    record NegativeSegments(long[] startMs, Clip[] clips) {
        Clip at(long ms) {
            int i = java.util.Arrays.binarySearch(startMs, ms);
            if (i < 0) i = -i - 2;
            return i < 0 ? null : clips[i];
        }
    }

    public static final double NOISY_SNR_DB = 10;

    /**
     * A part's audio scored once by the model: the expensive step. Any detector setting (threshold, smoothing) is
     * then evaluated by replaying the detector over these traces ({@link #at}).
     */
    record Scored(String part, String wakeWord, io.wakestream.engine.features.MfccConfig frames, List<ScoreTrace> clean,
            List<ScoreTrace> noisy, List<Long> cleanPhraseEndsMs, ScoreTrace negative, NegativeSegments segments,
            double cpuMsPerAudioSecond) {

        /** The threshold sweep with this detector's smoothing and refractory period, and its detection delay. */
        HeldOutEvaluation at(io.wakestream.engine.detect.DetectionConfig detection) {
            float[] thresholds = ThresholdSweep.defaultThresholds();
            List<OperatingPoint> cleanPoints = ThresholdSweep.sweep(wakeWord, detection, frames, clean, List.of(negative), thresholds);
            List<OperatingPoint> noisyPoints = ThresholdSweep.sweep(wakeWord, detection, frames, noisy, List.of(negative), thresholds);
            return new HeldOutEvaluation(part, clean.size(), negative.audioMs() / 3_600_000.0, cleanPoints, noisyPoints,
                    cpuMsPerAudioSecond, DetectionDelay.measure(clean, cleanPhraseEndsMs, wakeWord, detection, frames),
                    falseAccepts(detection));
        }

        /**
         * {@code sweep} (made by {@link #at} with the same smoothing and refractory period: the threshold sweep does
         * not depend on the threshold configured) with the delay and false accepts of {@code detection}'s threshold.
         */
        HeldOutEvaluation at(io.wakestream.engine.detect.DetectionConfig detection, HeldOutEvaluation sweep) {
            return new HeldOutEvaluation(part, sweep.positives(), sweep.negativeHours(), sweep.clean(), sweep.noisy(),
                    cpuMsPerAudioSecond, DetectionDelay.measure(clean, cleanPhraseEndsMs, wakeWord, detection, frames),
                    falseAccepts(detection));
        }

        /** The negative clips the detector fires on with these settings, counted, most frequent first. */
        List<FalseAcceptSource> falseAccepts(io.wakestream.engine.detect.DetectionConfig detection) {
            java.util.Map<String, FalseAcceptSource> bySource = new java.util.LinkedHashMap<>();
            for (var d : negative.detections(wakeWord, detection, frames)) {
                // The window that fired ends at detectedAtMs; what set it off was heard a little before.
                Clip c = segments == null ? null : segments.at(Math.max(0, d.detectedAtMs() - 150));
                String said = c == null ? "noise" : c.text();
                String kind = c == null ? "noise" : c.kind().name().toLowerCase(java.util.Locale.ROOT);
                String voice = c == null ? "-" : c.speakerId();
                bySource.merge(said + "|" + voice, new FalseAcceptSource(said, kind, voice, 1),
                        (a, b) -> new FalseAcceptSource(a.said(), a.kind(), a.voice(), a.count() + 1));
            }
            List<FalseAcceptSource> out = new ArrayList<>(bySource.values());
            out.sort(java.util.Comparator.comparingInt(FalseAcceptSource::count).reversed());
            return out;
        }
    }

    /** Scores the part and evaluates the model's own detector settings. */
    static HeldOutEvaluation run(String part, WakeWordModel model, List<Clip> clips, double hours, long seed) {
        var detection = model.manifest().detection();
        return score(part, model, clips, hours, seed).at(detection);
    }

    /**
     * Streams the part's positives (clean, and at 10 dB SNR) and about {@code hours} of its negatives through the
     * model; closes the model.
     */
    static Scored score(String part, WakeWordModel model, List<Clip> clips, double hours, long seed) {
        try (model) {
            Evaluator ev = new Evaluator(model);
            Random rnd = new Random(seed);
            List<ScoreTrace> clean = new ArrayList<>(), noisy = new ArrayList<>();
            List<float[]> negatives = new ArrayList<>();
            List<Clip> negativeClips = new ArrayList<>();
            List<Clip> positives = new ArrayList<>();
            List<Long> cleanPhraseEndsMs = new ArrayList<>();
            for (Clip c : clips) {
                if (c.positive()) positives.add(c);
                else {
                    negatives.add(Signals.toFloat(c.audio()));
                    negativeClips.add(c);
                }
            }
            try (ProgressBar bar = new ProgressBar("evaluate (" + part + " voices): positives", positives.size())) {
                int k = 0;
                for (Clip c : positives) {
                    float[] x = Signals.toFloat(c.audio());
                    // Every other positive is followed by more speech, as a command follows the wake word.
                    float[] next = k++ % 2 == 1 && !negatives.isEmpty() ? negatives.get(rnd.nextInt(negatives.size())) : null;
                    SyntheticEvalAudio.PlacedPositive placed = SyntheticEvalAudio.place(x, next, null, rnd);
                    clean.add(ev.trace(c.source(), new io.wakestream.engine.audio.PcmAudio(placed.pcm(), 16_000)));
                    int phraseEnd = c.hasPhraseBoundaries() ? c.phraseEndSample() : x.length;
                    cleanPhraseEndsMs.add((placed.clipStartSample() + phraseEnd) * 1000L / 16_000);
                    noisy.add(ev.trace(c.source(), new io.wakestream.engine.audio.PcmAudio(SyntheticEvalAudio.positive(x, next, NOISY_SNR_DB, rnd), 16_000)));
                    bar.step();
                }
            }
            long totalMs = (long) (hours * 3_600_000);
            ScoreTrace negative;
            List<Long> segmentStartsMs = new ArrayList<>();
            List<Clip> segmentClips = new ArrayList<>();
            try (ProgressBar bar = new ProgressBar("evaluate (" + part + " voices): negative stream, minutes", totalMs / 60_000)) {
                long[] fed = {0};
                negative = ev.traceStream(part + " negative stream", sink -> SyntheticEvalAudio.negativeStream(negatives, hours, rnd, chunk -> {
                    sink.accept(chunk);
                    long before = fed[0] / 960_000;
                    fed[0] += chunk.length;
                    if (fed[0] / 960_000 > before) bar.advance(fed[0] / 960_000 - before);
                }, (start, clip) -> {
                    segmentStartsMs.add(start * 1000 / 16_000);
                    segmentClips.add(clip < 0 ? null : negativeClips.get(clip));
                }));
            }
            var m = model.manifest();
            return new Scored(part, m.wakePhrase(), m.features(), clean, noisy, cleanPhraseEndsMs, negative,
                    new NegativeSegments(segmentStartsMs.stream().mapToLong(Long::longValue).toArray(),
                            segmentClips.toArray(new Clip[0])), ev.cpuMsPerAudioSecond());
        }
    }

    /**
     * The threshold to ship: the lowest one whose false accepts per hour are within {@code target} (the most
     * sensitive acceptable setting); the highest threshold tried when none is.
     */
    public float thresholdFor(double target) {
        OperatingPoint p = ThresholdSweep.bestWithin(clean, target);
        return p != null ? p.threshold() : clean.get(clean.size() - 1).threshold();
    }

    public OperatingPoint cleanAt(float threshold) {
        return at(clean, threshold);
    }

    public OperatingPoint noisyAt(float threshold) {
        return at(noisy, threshold);
    }

    private static OperatingPoint at(List<OperatingPoint> points, float threshold) {
        OperatingPoint best = points.get(0);
        for (OperatingPoint p : points) if (Math.abs(p.threshold() - threshold) < Math.abs(best.threshold() - threshold)) best = p;
        return best;
    }

    void writeDetPlot(Path png, String phrase) throws IOException {
        Map<String, List<OperatingPoint>> curves = new LinkedHashMap<>();
        curves.put("clean", clean);
        curves.put(String.format("%.0f dB SNR", NOISY_SNR_DB), noisy);
        DetPlot.write(png, "\"" + phrase + "\" on held-out voices (" + positives + " clips, "
                + String.format("%.1f", negativeHours) + " h negative stream)", curves, 1 / Math.max(negativeHours, 1e-9) / 2, 0.5);
    }
}
