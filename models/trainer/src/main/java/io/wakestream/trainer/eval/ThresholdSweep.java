package io.wakestream.trainer.eval;

import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.features.MfccConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * False-reject rate on positive clips and false accepts per hour on continuous negative audio, over a range of
 * thresholds, from score traces. A positive clip counts as caught when the detector fires at least once on it.
 */
public final class ThresholdSweep {
    private ThresholdSweep() {}

    public static List<OperatingPoint> sweep(String wakeWord, DetectionConfig base, MfccConfig frames,
            List<ScoreTrace> positives, List<ScoreTrace> negatives, float[] thresholds) {
        double negativeHours = 0;
        for (ScoreTrace t : negatives) negativeHours += t.audioMs() / 3_600_000.0;
        List<OperatingPoint> points = new ArrayList<>(thresholds.length);
        for (float threshold : thresholds) {
            DetectionConfig c = base.withThreshold(threshold);
            int missed = 0;
            for (ScoreTrace p : positives) if (p.triggers(wakeWord, c, frames) == 0) missed++;
            int falseAccepts = 0;
            for (ScoreTrace n : negatives) falseAccepts += n.triggers(wakeWord, c, frames);
            double frr = positives.isEmpty() ? Double.NaN : (double) missed / positives.size();
            double fah = negativeHours > 0 ? falseAccepts / negativeHours : Double.NaN;
            points.add(new OperatingPoint(threshold, frr, fah, falseAccepts));
        }
        return points;
    }

    /** Thresholds 0.02 to 0.96 in steps of 0.02, then 0.98 to 0.999 in steps of 0.001 and a few
     * above, where the operating points of a confident model sit. */
    public static float[] defaultThresholds() {
        java.util.TreeSet<Float> t = new java.util.TreeSet<>();
        for (int i = 2; i <= 96; i += 2) t.add(i / 100f);
        for (int i = 980; i <= 999; i++) t.add(i / 1000f);
        for (float v : new float[] {0.9993f, 0.9995f, 0.9997f, 0.9998f, 0.9999f}) t.add(v);
        float[] out = new float[t.size()];
        int n = 0;
        for (float v : t) out[n++] = v;
        return out;
    }

    /**
     * The operating point with the lowest false-reject rate whose false accepts per hour are at most
     * {@code maxPerHour} (the lowest such threshold), or null if none is.
     */
    public static OperatingPoint bestWithin(List<OperatingPoint> points, double maxPerHour) {
        OperatingPoint best = null;
        for (OperatingPoint p : points) {
            if (p.falseAcceptsPerHour() <= maxPerHour && (best == null || p.falseRejectRate() < best.falseRejectRate())) best = p;
        }
        return best;
    }
}
