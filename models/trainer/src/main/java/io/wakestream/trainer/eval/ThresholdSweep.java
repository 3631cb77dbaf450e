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

    /**
     * Thresholds 0.02 to 0.96 in steps of 0.02, then evenly in log-odds from 0.97 up to about 1 - 1e-7 (steps of
     * 0.25 in the logit), where a confident model's operating points sit: a false-accept target of 0.5 per hour is
     * one score in about 45,000, and a grid that stops at 0.9999 leaves such a model only "1.000".
     */
    public static float[] defaultThresholds() {
        java.util.TreeSet<Float> t = new java.util.TreeSet<>();
        for (int i = 2; i <= 96; i += 2) t.add(i / 100f);
        for (double logit = 3.5; logit <= 16.0 + 1e-9; logit += 0.25) {
            float p = (float) (1 / (1 + Math.exp(-logit)));
            if (p < 1f) t.add(p);
        }
        float[] out = new float[t.size()];
        int n = 0;
        for (float v : t) out[n++] = v;
        return out;
    }

    /**
     * A threshold as people read it: three decimals below 0.999, else as many as tell it from 1 (0.99995,
     * 0.9999994), so a confident model's threshold is never shown as "1.000".
     */
    public static String format(float threshold) {
        double rest = 1.0 - threshold;
        if (threshold < 0.999f || rest <= 0) return String.format(java.util.Locale.ROOT, "%.3f", threshold);
        // Two significant digits of what is left below 1: 0.99995, 0.9999988.
        int decimals = (int) Math.ceil(-Math.log10(rest)) + 1;
        return new java.math.BigDecimal(threshold).setScale(decimals, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
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
