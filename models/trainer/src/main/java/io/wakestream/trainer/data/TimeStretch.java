package io.wakestream.trainer.data;

/**
 * Changes duration without changing pitch, by WSOLA (waveform-similarity overlap-add): 30 ms Hann-windowed frames
 * are laid down every 15 ms in the output, each taken from near its nominal place in the input, shifted by up to
 * 10 ms to where it best continues the previous frame's waveform. The alignment search avoids the phasiness and
 * clicks of plain overlap-add on voiced speech.
 */
public final class TimeStretch {
    /** Frame length at 16 kHz: long enough to hold two periods of a low male voice (~70 Hz). */
    static final int FRAME = 480;
    static final int HOP = FRAME / 2;
    /** How far (samples) a frame may move from its nominal position to line up with the previous one. */
    static final int TOLERANCE = 160;
    /** Lag and sample step of the coarse alignment search. */
    private static final int COARSE = 4;

    private static final double[] WINDOW = new double[FRAME];

    static {
        // Periodic Hann: copies spaced HOP apart sum exactly to one.
        for (int i = 0; i < FRAME; i++) WINDOW[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / FRAME);
    }

    private TimeStretch() {}

    /**
     * Stretches {@code x} to {@code round(x.length * factor)} samples (factor above 1 slows down).
     *
     * @param factor output duration / input duration, 0.25 to 4
     */
    public static float[] stretch(float[] x, double factor) {
        if (!(factor >= 0.25 && factor <= 4)) throw new IllegalArgumentException("factor must be in 0.25..4: " + factor);
        int outLen = (int) Math.round(x.length * factor);
        if (x.length == 0 || outLen == 0) return new float[outLen];
        double analysisHop = HOP / factor;
        int frames = outLen / HOP + 2;
        // Zero padding so that every frame and every search position reads inside the array.
        int pad = FRAME + TOLERANCE;
        int lastNominal = (int) Math.ceil(frames * analysisHop);
        float[] in = new float[pad + Math.max(x.length, lastNominal) + FRAME + 2 * TOLERANCE + HOP];
        System.arraycopy(x, 0, in, pad, x.length);
        double[] y = new double[frames * HOP + FRAME];
        double[] wsum = new double[y.length];
        int prev = 0;
        for (int k = 0; k < frames; k++) {
            // Output frame k is centred on output time k*HOP and nominally on input time k*HOP/factor.
            int nominal = pad + (int) Math.round(k * analysisHop) - HOP;
            int pos = k == 0 ? nominal : bestMatch(in, prev + HOP, nominal);
            int outPos = k * HOP - HOP;
            for (int i = 0; i < FRAME; i++) {
                int o = outPos + i;
                if (o < 0 || o >= y.length) continue;
                y[o] += WINDOW[i] * in[pos + i];
                wsum[o] += WINDOW[i];
            }
            prev = pos;
        }
        float[] out = new float[outLen];
        for (int i = 0; i < outLen; i++) out[i] = (float) (wsum[i] > 1e-3 ? y[i] / wsum[i] : y[i]);
        return out;
    }

    /**
     * The start position within {@code nominal +- TOLERANCE} whose frame best continues the previous frame, i.e.
     * correlates best (normalised) with the input right after it, {@code natural}.
     */
    private static int bestMatch(float[] in, int natural, int nominal) {
        int lo = Math.max(0, nominal - TOLERANCE);
        int hi = Math.min(in.length - FRAME, nominal + TOLERANCE);
        natural = Math.max(0, Math.min(in.length - FRAME, natural));
        int fallback = Math.max(0, Math.min(in.length - FRAME, nominal));
        if (hi < lo || energy(in, natural, 2) < 1e-12) return fallback; // silence: the nominal place is as good as any
        // Coarse search on every fourth lag and sample (the correlation of speech's strong low harmonics at a 4 kHz
        // rate), then refine around the winner at full resolution: a third of the work of a search at every second
        // lag and sample, which cost a third of the time of building training windows.
        int best = fallback;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int p = lo; p <= hi; p += COARSE) {
            double s = score(in, p, natural, COARSE);
            if (s > bestScore) {
                bestScore = s;
                best = p;
            }
        }
        int center = best;
        bestScore = Double.NEGATIVE_INFINITY;
        for (int p = Math.max(lo, center - COARSE + 1); p <= Math.min(hi, center + COARSE - 1); p++) {
            double s = score(in, p, natural, 1);
            if (s > bestScore) {
                bestScore = s;
                best = p;
            }
        }
        return best;
    }

    private static double score(float[] in, int p, int natural, int step) {
        double dot = 0;
        double energy = 0;
        for (int i = 0; i < FRAME; i += step) {
            float v = in[p + i];
            dot += v * in[natural + i];
            energy += v * v;
        }
        return energy > 1e-12 ? dot / Math.sqrt(energy) : 0;
    }

    private static double energy(float[] in, int p, int step) {
        double e = 0;
        for (int i = 0; i < FRAME; i += step) e += in[p + i] * in[p + i];
        return e;
    }
}
