package io.wakestream.agent;

import io.wakestream.schemas.AudioChunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.LongSupplier;

/**
 * Cuts a device's 16 kHz mono audio into {@link AudioChunk}s of a fixed duration, numbered from 0.
 *
 * <p>Every chunk but the last holds exactly {@code chunkMs * 16} samples; the last holds what was left (never
 * zero). So the chunks' samples, concatenated, are exactly the source's samples, and a chunk's position in
 * the stream's audio timeline is {@code sequence * chunkMs}.
 *
 * <p>Capture times: the stream is anchored to the wall clock once, when its first samples arrive, and every
 * chunk's {@code captureTimeMs} is the anchor plus its offset in samples. Deriving them from the sample count
 * instead of reading the clock per chunk keeps them exactly {@code chunkMs} apart, whatever the scheduling
 * jitter. A live source's anchor is the clock minus the duration of those first samples (they were captured
 * before they could be read); a paced source (file, stdin) takes its anchor from a shared origin, so devices
 * simulated together stay on one timeline.
 */
public final class Chunker {
    private final AudioSource source;
    private final String deviceId;
    private final String streamId;
    private final int chunkSamples;
    private final LongSupplier clockMs; // live sources: the wall clock; else null
    private final LongSupplier origin; // paced sources: the shared timeline origin; else null
    private final short[] samples;
    private long anchorMs;
    private boolean anchored;
    private long sequence;
    private long samplesOut;
    private boolean ended;

    private Chunker(AudioSource source, DeviceId device, String streamId, int chunkMs, LongSupplier clockMs,
            LongSupplier origin) {
        if (chunkMs <= 0) throw new IllegalArgumentException("chunk duration must be positive, was " + chunkMs);
        this.source = source;
        this.deviceId = device.value();
        this.streamId = streamId;
        this.chunkSamples = Math.multiplyExact(chunkMs, AudioSource.SAMPLE_RATE / 1000);
        this.clockMs = clockMs;
        this.origin = origin;
        this.samples = new short[chunkSamples];
    }

    /** For audio captured as it happens: anchored at the clock minus the duration of the first samples read. */
    public static Chunker live(AudioSource source, DeviceId device, String streamId, int chunkMs,
            LongSupplier clockMs) {
        return new Chunker(source, device, streamId, chunkMs, clockMs, null);
    }

    /**
     * For audio that is paced by the agent (files, stdin): anchored at {@code origin}, asked once when the first
     * samples arrive (devices simulated together share one memoizing origin; see {@link #sharedOrigin}).
     */
    public static Chunker paced(AudioSource source, DeviceId device, String streamId, int chunkMs,
            LongSupplier origin) {
        return new Chunker(source, device, streamId, chunkMs, null, origin);
    }

    /** An origin that reads the clock the first time it is asked and returns that same time ever after. */
    public static LongSupplier sharedOrigin(LongSupplier clockMs) {
        long[] at = {Long.MIN_VALUE};
        return () -> {
            synchronized (at) {
                if (at[0] == Long.MIN_VALUE) at[0] = clockMs.getAsLong();
                return at[0];
            }
        };
    }

    /**
     * The next chunk, blocking while a live source captures it; null once the source has ended and everything
     * has been returned.
     */
    public AudioChunk next() throws IOException {
        if (ended) return null;
        int n = 0;
        while (n < chunkSamples) {
            int r = source.read(samples, n, chunkSamples - n);
            if (r < 0) {
                ended = true;
                break;
            }
            if (!anchored && r > 0) {
                anchorMs = origin != null ? origin.getAsLong()
                        : clockMs.getAsLong() - r * 1000L / AudioSource.SAMPLE_RATE;
                anchored = true;
            }
            n += r;
        }
        if (n == 0) return null;
        ByteBuffer pcm = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) pcm.putShort(samples[i]);
        pcm.flip();
        AudioChunk chunk = AudioChunk.newBuilder()
                .setDeviceId(deviceId)
                .setStreamId(streamId)
                .setSequence(sequence++)
                .setCaptureTimeMs(anchorMs + samplesOut * 1000 / AudioSource.SAMPLE_RATE)
                .setSampleRate(AudioSource.SAMPLE_RATE)
                .setChannels(1)
                .setPcm(pcm)
                .build();
        samplesOut += n;
        return chunk;
    }

    /** Samples per full chunk. */
    public int chunkSamples() {
        return chunkSamples;
    }

    /** Epoch ms at which the audio returned so far ends (the anchor plus its duration); -1 before any audio. */
    public long endOfAudioMs() {
        return anchored ? anchorMs + samplesOut * 1000 / AudioSource.SAMPLE_RATE : -1;
    }

    public String streamId() {
        return streamId;
    }

    public String deviceId() {
        return deviceId;
    }

    /** Duration of a chunk's audio in microseconds (exact for any sample count at 16 kHz). */
    public static long durationMicros(AudioChunk chunk) {
        int samples = chunk.getPcm().remaining() / 2 / chunk.getChannels();
        return samples * 1_000_000L / chunk.getSampleRate();
    }
}
