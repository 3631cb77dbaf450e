package io.wakestream.agent;

import java.io.IOException;
import java.io.InputStream;

/**
 * Raw 16 kHz mono signed 16-bit little-endian PCM from a stream (stdin): what {@code arecord -f S16_LE -r 16000
 * -c 1 -t raw} or {@code sox ... -t raw -r 16000 -c 1 -b 16 -e signed -} writes. There is no header to check the
 * format against, so it is the sender's job to get it right.
 *
 * <p>A sample split across two reads of the underlying stream (pipes deliver arbitrary byte counts) is kept
 * until its second byte arrives; a lone byte at the very end is dropped.
 */
public final class RawPcmSource implements AudioSource {
    private final InputStream in;
    private final String name;
    private byte[] bytes = new byte[0];
    private int carry = -1; // the first byte of a sample whose second byte has not arrived, or -1
    private boolean ended;

    public RawPcmSource(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    @Override
    public int read(short[] buf, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!ended) {
            int want = len * 2 - (carry >= 0 ? 1 : 0);
            if (bytes.length < want) bytes = new byte[want];
            int n = in.read(bytes, 0, want);
            if (n < 0) {
                ended = true;
                break;
            }
            int samples = 0;
            int p = 0;
            if (carry >= 0 && n > 0) {
                buf[off + samples++] = (short) (carry | (bytes[p++] << 8));
                carry = -1;
            }
            for (; p + 1 < n; p += 2) buf[off + samples++] = (short) ((bytes[p] & 0xff) | (bytes[p + 1] << 8));
            if (p < n) carry = bytes[p] & 0xff;
            if (samples > 0) return samples;
        }
        return -1;
    }

    @Override
    public String description() {
        return name + " (raw 16 kHz mono s16le)";
    }

    @Override
    public boolean live() {
        return false; // a pipe can be slowed down (paced) without losing anything
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
