package io.wakestream.trainer.data;

import io.wakestream.engine.audio.Pcm;
import io.wakestream.engine.audio.PcmAudio;

/** Small float-signal helpers shared by synthesis and augmentation. Signals are floats in [-1, 1). */
public final class Signals {
    private Signals() {}

    /** Root mean square; 0 for an empty signal. */
    public static double rms(float[] x) {
        return rms(x, 0, x.length);
    }

    /** RMS of {@code x[from..to)}. */
    public static double rms(float[] x, int from, int to) {
        if (to <= from) return 0;
        double s = 0;
        for (int i = from; i < to; i++) s += (double) x[i] * x[i];
        return Math.sqrt(s / (to - from));
    }

    /** Mean power (mean square). */
    public static double power(float[] x) {
        double r = rms(x);
        return r * r;
    }

    /** Largest absolute sample. */
    public static float peak(float[] x) {
        float p = 0;
        for (float v : x) p = Math.max(p, Math.abs(v));
        return p;
    }

    /** Decibels of an amplitude ratio. */
    public static double toDb(double amplitudeRatio) {
        return 20 * Math.log10(amplitudeRatio);
    }

    /** Amplitude ratio of a decibel value. */
    public static double fromDb(double db) {
        return Math.pow(10, db / 20);
    }

    /** A new array with every sample multiplied by {@code gain}. */
    public static float[] scale(float[] x, double gain) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = (float) (x[i] * gain);
        return out;
    }

    /** Floats of a 16-bit clip. */
    public static float[] toFloat(PcmAudio audio) {
        return Pcm.toFloat(audio.samples());
    }

    /** A 16 kHz 16-bit clip of float samples (clipped at full scale). */
    public static PcmAudio toAudio(float[] x) {
        return new PcmAudio(Pcm.toPcm16(x), PcmAudio.ENGINE_SAMPLE_RATE);
    }

    /**
     * The span that is not leading or trailing silence, as {@code [start, end)} sample indices. A 10 ms frame
     * counts as sound when its RMS is within {@code thresholdDb} of the loudest frame (and above -70 dBFS); a
     * small margin is kept around the sound so that soft consonants at the edges ("f", "s") are not clipped.
     * Returns {@code [0, 0)} for a silent signal.
     */
    public static int[] activeRange(float[] x, int sampleRate, double thresholdDb, int marginSamples) {
        int frame = Math.max(1, sampleRate / 100);
        int frames = (x.length + frame - 1) / frame;
        double[] level = new double[frames];
        double max = 0;
        for (int f = 0; f < frames; f++) {
            level[f] = rms(x, f * frame, Math.min(x.length, (f + 1) * frame));
            max = Math.max(max, level[f]);
        }
        double threshold = Math.max(max * fromDb(-Math.abs(thresholdDb)), fromDb(-70));
        int first = -1;
        int last = -1;
        for (int f = 0; f < frames; f++) {
            if (level[f] >= threshold) {
                if (first < 0) first = f;
                last = f;
            }
        }
        if (first < 0) return new int[] {0, 0};
        int start = Math.max(0, first * frame - marginSamples);
        int end = Math.min(x.length, (last + 1) * frame + marginSamples);
        return new int[] {start, end};
    }

    /** {@code x} without leading and trailing silence (see {@link #activeRange}), 40 dB below peak, 20 ms margin. */
    public static float[] trimSilence(float[] x, int sampleRate) {
        int[] r = activeRange(x, sampleRate, 40, sampleRate / 50);
        return java.util.Arrays.copyOfRange(x, r[0], r[1]);
    }

    /** Concatenation of the parts. */
    public static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        float[] out = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
