package io.wakestream.pipeline;

import java.util.Arrays;

/**
 * Collects the 16 kHz mono audio that follows a wake event until its {@link CommandVad} hears the command end or
 * the maximum length is reached. Mutable; plain parts so it lives in Flink keyed state.
 */
public final class CommandCollector {
    private final String wakeEventId;
    private final long startSample;
    private final int maxSamples;
    private final CommandVad vad;
    private short[] samples;
    private int length;
    private boolean closed;

    /**
     * @param startSample where the command starts, in samples of the stream timeline
     */
    public CommandCollector(String wakeEventId, long startSample, int maxSamples, CommandVad vad) {
        this(wakeEventId, startSample, maxSamples, vad, new short[Math.min(maxSamples, 16_000)], 0, false);
    }

    /** Restores a collector from its parts (see the accessors). */
    public CommandCollector(String wakeEventId, long startSample, int maxSamples, CommandVad vad, short[] samples,
            int length, boolean closed) {
        if (maxSamples < 1) throw new IllegalArgumentException("maxSamples must be positive");
        this.wakeEventId = wakeEventId;
        this.startSample = startSample;
        this.maxSamples = maxSamples;
        this.vad = vad;
        this.samples = samples.length == 0 ? new short[16] : samples;
        this.length = length;
        this.closed = closed;
    }

    /**
     * Appends samples up to the end of the command.
     *
     * @return samples consumed; fewer than {@code len} when the command ended inside them ({@link #isClosed()})
     */
    public int accept(short[] pcm, int off, int len) {
        if (closed) return 0;
        int room = maxSamples - length;
        int n = vad.accept(pcm, off, Math.min(len, room));
        if (length + n > samples.length) samples = Arrays.copyOf(samples, Math.min(maxSamples, Math.max(length + n, samples.length * 2)));
        System.arraycopy(pcm, off, samples, length, n);
        length += n;
        if (vad.ended() || length == maxSamples) closed = true;
        return n;
    }

    public boolean isClosed() {
        return closed;
    }

    /** True if the command has enough speech to be worth transcribing. */
    public boolean hasSpeech() {
        return vad.heardSpeech();
    }

    public String wakeEventId() { return wakeEventId; }
    public long startSample() { return startSample; }
    public int maxSamples() { return maxSamples; }
    public CommandVad vad() { return vad; }
    public int length() { return length; }

    /** The collected samples (a copy of exactly {@link #length()} samples). */
    public short[] samples() {
        return Arrays.copyOf(samples, length);
    }
}
