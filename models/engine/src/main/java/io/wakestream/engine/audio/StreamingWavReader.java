package io.wakestream.engine.audio;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@link WavStream} over an input positioned at the start of the data chunk: reads the data a bounded block at
 * a time (about {@value #BLOCK_BYTES} bytes), downmixes, resamples to 16 kHz and hands out 16-bit samples.
 *
 * <p>Memory is a few fixed buffers whatever the file's length. The output does not depend on the sizes the
 * caller reads in: the raw blocks are cut the same way regardless, and the resampler's output is independent
 * of how its input is split anyway.
 *
 * <p>A data chunk that ends before its declared size is reported by the {@code read} call that hits the end
 * of the input, before the samples decoded from that last partial block are handed out: a caller never sees
 * a quietly shortened clip end normally.
 */
final class StreamingWavReader implements WavStream {
    static final int BLOCK_BYTES = 64 * 1024;
    private static final int OUT_RATE = PcmAudio.ENGINE_SAMPLE_RATE;

    private final InputStream in;
    private final String source;
    private final WavHeader header;
    private final int bytesPerFrame;
    private final boolean passthrough; // already 16-bit mono 16 kHz: copy the samples
    private final Downmixer downmixer;
    private final Resampler resampler; // null when the rate is already 16 kHz

    private final byte[] raw;
    private final float[] mono;
    private float[] resampled;
    private short[] pending;
    private int pendingPos;
    private int pendingLen;

    private long dataRead;
    private boolean finished;
    private IOException failure;
    private boolean closed;

    StreamingWavReader(InputStream in, String source, WavHeader header) {
        this.in = in;
        this.source = source;
        this.header = header;
        this.bytesPerFrame = header.bytesPerFrame();
        this.passthrough = header.isEngineFormat();
        this.downmixer = new Downmixer(header);
        this.resampler = header.sampleRate() == OUT_RATE ? null : new Resampler(header.sampleRate(), OUT_RATE);
        int framesPerBlock = Math.max(1, BLOCK_BYTES / bytesPerFrame);
        this.raw = new byte[framesPerBlock * bytesPerFrame];
        this.mono = new float[framesPerBlock];
        this.resampled = new float[resampler == null ? 0 : resampler.maxOutput(framesPerBlock)];
        this.pending = new short[Math.max(framesPerBlock, resampled.length)];
    }

    @Override
    public WavHeader header() {
        return header;
    }

    String source() {
        return source;
    }

    /** Total samples this stream will deliver, or -1 if the data length is not known in advance. */
    long expectedLength() {
        long frames = header.frames();
        return frames < 0 ? -1 : Resampler.outputLength(frames, header.sampleRate(), OUT_RATE);
    }

    @Override
    public int read(short[] buf, int off, int len) throws IOException {
        if (closed) throw new IOException(source + ": stream closed");
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", length " + buf.length);
        }
        if (failure != null) throw failure;
        if (len == 0) return 0;
        while (pendingPos == pendingLen) {
            if (finished) return -1;
            try {
                fill();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
        int n = Math.min(len, pendingLen - pendingPos);
        System.arraycopy(pending, pendingPos, buf, off, n);
        pendingPos += n;
        return n;
    }

    /** Reads the next block of data and converts it into {@code pending} (which is empty). */
    private void fill() throws IOException {
        pendingPos = 0;
        pendingLen = 0;
        long declared = header.dataBytes();
        int want = declared < 0 ? raw.length : (int) Math.min(raw.length, declared - dataRead);
        int n = want == 0 ? 0 : in.readNBytes(raw, 0, want);
        if (declared >= 0 && n < want) {
            throw new WavFormatException(source, "truncated: data chunk declares " + declared
                    + " bytes but the file ends after " + (dataRead + n));
        }
        if (n % bytesPerFrame != 0) {
            throw new WavFormatException(source, "truncated: the data ends in the middle of a sample frame ("
                    + n % bytesPerFrame + " of " + bytesPerFrame + " bytes)");
        }
        dataRead += n;
        boolean end = n < want || (declared >= 0 && dataRead == declared) || n == 0;
        int frames = n / bytesPerFrame;
        if (passthrough) {
            Downmixer.copyPcm16(raw, frames, pending, 0);
            pendingLen = frames;
        } else if (frames > 0) {
            downmixer.toMono(raw, frames, mono);
            if (resampler == null) {
                toPcm16(mono, frames);
            } else {
                ensureResampledCapacity(resampler.maxOutput(frames));
                toPcm16(resampled, resampler.process(mono, 0, frames, resampled, 0));
            }
        }
        if (end) {
            if (resampler != null) {
                ensureResampledCapacity(resampler.maxOutput(0));
                toPcm16(resampled, resampler.flush(resampled, 0));
            }
            finished = true;
        }
    }

    /** Appends converted samples to {@code pending}. */
    private void toPcm16(float[] src, int n) {
        if (pending.length < pendingLen + n) {
            pending = java.util.Arrays.copyOf(pending, pendingLen + n);
        }
        for (int i = 0; i < n; i++) pending[pendingLen + i] = Pcm.toPcm16(src[i]);
        pendingLen += n;
    }

    private void ensureResampledCapacity(int n) {
        if (resampled.length < n) resampled = new float[n];
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        in.close();
    }
}
