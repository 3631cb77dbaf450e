package io.wakestream.agent;

import io.wakestream.engine.audio.Pcm;
import io.wakestream.engine.audio.Resampler;
import java.util.Arrays;

/**
 * Streams interleaved signed 16-bit PCM at any rate and channel count to 16 kHz mono 16-bit: channels are
 * averaged, then the engine's band-limited {@link Resampler} changes the rate. The arithmetic is the engine's
 * WAV path (average in double precision, resample in float, round and clip to 16 bits), so audio captured from
 * a microphone at 44.1 kHz comes out exactly as the same audio read from a 44.1 kHz WAV would.
 *
 * <p>Input may arrive in any byte counts, even splitting a frame; the remainder is kept for the next call.
 */
public final class PcmConverter {
    private final int channels;
    private final boolean bigEndian;
    private final Resampler resampler; // null when the input is already 16 kHz
    private final int frameBytes;
    private byte[] pending = new byte[0];
    private int pendingLen;
    private float[] mono = new float[0];
    private float[] resampled = new float[0];

    public PcmConverter(int sampleRate, int channels, boolean bigEndian) {
        if (channels < 1) throw new IllegalArgumentException("channels must be >= 1, was " + channels);
        this.channels = channels;
        this.bigEndian = bigEndian;
        this.frameBytes = 2 * channels;
        this.resampler = sampleRate == AudioSource.SAMPLE_RATE ? null
                : new Resampler(sampleRate, AudioSource.SAMPLE_RATE);
    }

    /** Converts {@code len} more bytes; returns the 16 kHz samples that are complete (possibly none). */
    public short[] convert(byte[] data, int off, int len) {
        if (pending.length < pendingLen + len) pending = Arrays.copyOf(pending, pendingLen + len);
        System.arraycopy(data, off, pending, pendingLen, len);
        pendingLen += len;
        int frames = pendingLen / frameBytes;
        if (mono.length < frames) mono = new float[frames];
        for (int f = 0, p = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++, p += 2) sum += sample(pending, p) / 32768.0;
            mono[f] = (float) (channels == 1 ? sum : sum * (1.0 / channels));
        }
        int used = frames * frameBytes;
        System.arraycopy(pending, used, pending, 0, pendingLen - used);
        pendingLen -= used;
        if (resampler == null) return toPcm16(mono, frames);
        int max = resampler.maxOutput(frames);
        if (resampled.length < max) resampled = new float[max];
        return toPcm16(resampled, resampler.process(mono, 0, frames, resampled, 0));
    }

    /** Ends the input: the resampler's last samples. A partial frame left over is dropped. */
    public short[] finish() {
        if (resampler == null) return new short[0];
        return Pcm.toPcm16(resampler.flush());
    }

    private int sample(byte[] b, int p) {
        return bigEndian ? (short) ((b[p] << 8) | (b[p + 1] & 0xff)) : (short) ((b[p] & 0xff) | (b[p + 1] << 8));
    }

    private static short[] toPcm16(float[] src, int n) {
        short[] out = new short[n];
        for (int i = 0; i < n; i++) out[i] = Pcm.toPcm16(src[i]);
        return out;
    }
}
