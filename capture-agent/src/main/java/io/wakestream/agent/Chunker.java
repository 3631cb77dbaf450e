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
 * <p>Capture times: the stream is anchored to the wall clock once, when its first samples arrive (minus their
 * duration, for a live source whose samples were captured before they could be read), and every chunk's
 * {@code captureTimeMs} is the anchor plus its offset in samples. Deriving them from the sample count instead of
 * reading the clock per chunk keeps them exactly {@code chunkMs} apart, whatever the scheduling jitter.
 */
public final class Chunker {
    private final AudioSource source;
    private final String deviceId;
    private final String streamId;
    private final int chunkSamples;
    private final LongSupplier clockMs;
    private final short[] samples;
    private long anchorMs;
    private boolean anchored;
    private long sequence;
    private long samplesOut;
    private boolean ended;

    /**
     * @param anchorMs epoch ms of the stream's first sample, or negative to take it from the clock when the first
     *     samples arrive (devices simulated together pass the same anchor so their chunks line up)
     */
    public Chunker(AudioSource source, DeviceId device, String streamId, int chunkMs, LongSupplier clockMs,
            long anchorMs) {
        if (chunkMs <= 0) throw new IllegalArgumentException("chunk duration must be positive, was " + chunkMs);
        this.source = source;
        this.deviceId = device.value();
        this.streamId = streamId;
        this.chunkSamples = Math.multiplyExact(chunkMs, AudioSource.SAMPLE_RATE / 1000);
        this.clockMs = clockMs;
        this.samples = new short[chunkSamples];
        this.anchorMs = anchorMs;
        this.anchored = anchorMs >= 0;
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
                anchorMs = clockMs.getAsLong() - r * 1000L / AudioSource.SAMPLE_RATE;
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
