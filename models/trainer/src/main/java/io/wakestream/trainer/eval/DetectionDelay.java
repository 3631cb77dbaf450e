package io.wakestream.trainer.eval;

import java.util.List;

/**
 * How long after the phrase's end in the audio a detector fired, over the positives it caught: from the phrase's end
 * to the end of the window whose score made it fire. The part of wake latency that no pipeline can take away.
 *
 * @param caught clips measured (none: the percentiles are NaN)
 * @param p50Ms median, milliseconds of audio
 * @param p95Ms 95th percentile (nearest rank)
 * @param maxMs the longest
 */
public record DetectionDelay(int caught, double p50Ms, double p95Ms, double maxMs) {
    public static DetectionDelay of(List<Long> delaysMs) {
        if (delaysMs.isEmpty()) return new DetectionDelay(0, Double.NaN, Double.NaN, Double.NaN);
        long[] d = delaysMs.stream().mapToLong(Long::longValue).sorted().toArray();
        return new DetectionDelay(d.length, percentile(d, 0.50), percentile(d, 0.95), d[d.length - 1]);
    }

    /** Nearest rank. */
    private static double percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * The delays of the first detection on each trace whose phrase end is known ({@code phraseEndsMs} entry not
     * null), with the given detector settings.
     */
    public static DetectionDelay measure(List<ScoreTrace> traces, List<Long> phraseEndsMs, String wakeWord,
            io.wakestream.engine.detect.DetectionConfig detection, io.wakestream.engine.features.MfccConfig frames) {
        List<Long> delays = new java.util.ArrayList<>();
        for (int i = 0; i < traces.size(); i++) {
            Long end = phraseEndsMs.get(i);
            if (end == null) continue;
            var d = traces.get(i).firstDetection(wakeWord, detection, frames);
            if (d != null) delays.add(d.detectedAtMs() - end);
        }
        return of(delays);
    }
}
