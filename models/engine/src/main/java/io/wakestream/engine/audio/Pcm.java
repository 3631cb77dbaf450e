package io.wakestream.engine.audio;

/** Conversions between 16-bit PCM and floats in [-1, 1). */
public final class Pcm {
    private Pcm() {}

    public static float toFloat(short s) {
        return s / 32768f;
    }

    /** Rounds to the nearest 16-bit value and clips, so loud augmented audio saturates instead of wrapping. */
    public static short toPcm16(float f) {
        float v = f * 32768f;
        if (v >= 32767f) return Short.MAX_VALUE;
        if (v <= -32768f) return Short.MIN_VALUE;
        return (short) Math.round(v);
    }

    public static float[] toFloat(short[] pcm) {
        float[] out = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) out[i] = pcm[i] / 32768f;
        return out;
    }

    public static short[] toPcm16(float[] samples) {
        short[] out = new short[samples.length];
        for (int i = 0; i < samples.length; i++) out[i] = toPcm16(samples[i]);
        return out;
    }
}
