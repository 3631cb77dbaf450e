package io.wakestream.engine.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds WAV files byte by byte for tests, including the broken and unusual ones real writers produce. */
final class TestWavs {
    static final int PCM = 1;
    static final int FLOAT = 3;
    static final int EXTENSIBLE = 0xFFFE;

    private TestWavs() {}

    /** A sample encoding as it appears in a fmt chunk. */
    record Encoding(String name, int bits, boolean floatingPoint, boolean extensible) {
        static Encoding pcm(int bits) {
            return new Encoding("pcm" + bits, bits, false, false);
        }

        static Encoding ieee(int bits) {
            return new Encoding("float" + bits, bits, true, false);
        }

        static Encoding extensible(int bits, boolean floatingPoint) {
            return new Encoding("ext-" + (floatingPoint ? "float" : "pcm") + bits, bits, floatingPoint, true);
        }

        byte[] fmt(int channels, int rate) {
            int code = floatingPoint ? FLOAT : PCM;
            return extensible ? fmtExtensible(code, channels, rate, bits, bits) : TestWavs.fmt(code, channels, rate, bits);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A complete, well-formed WAV: fmt then data. */
    static byte[] wav(Encoding enc, int rate, double[]... channels) {
        return riff(enc.fmt(channels.length, rate), chunk("data", encode(enc, channels)));
    }

    /** The 16-byte body of a basic fmt chunk, wrapped as a chunk. */
    static byte[] fmt(int tag, int channels, int rate, int bits) {
        int blockAlign = channels * bits / 8;
        ByteBuffer b = le(16).putShort((short) tag).putShort((short) channels).putInt(rate)
                .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
        return chunk("fmt ", b.array());
    }

    /** A 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk whose sub-format GUID carries {@code subFormat}. */
    static byte[] fmtExtensible(int subFormat, int channels, int rate, int bits, int validBits) {
        return fmtExtensible(channels, rate, bits, validBits, guid(subFormat));
    }

    static byte[] fmtExtensible(int channels, int rate, int bits, int validBits, byte[] guid) {
        int blockAlign = channels * bits / 8;
        ByteBuffer b = le(40).putShort((short) EXTENSIBLE).putShort((short) channels).putInt(rate)
                .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits)
                .putShort((short) 22).putShort((short) validBits).putInt(channels == 2 ? 3 : 4).put(guid);
        return chunk("fmt ", b.array());
    }

    /** KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT style GUID for a format tag. */
    static byte[] guid(int code) {
        return le(16).putInt(code).put(new byte[] {
            0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
        }).array();
    }

    /** A chunk with its header and, for odd sizes, the RIFF pad byte. */
    static byte[] chunk(String id, byte[] body) {
        return concat(chunkHeader(id, body.length), body, new byte[body.length & 1]);
    }

    static byte[] chunkHeader(String id, long size) {
        return le(8).put(id.getBytes(StandardCharsets.US_ASCII)).putInt((int) size).array();
    }

    /** "RIFF" size "WAVE" followed by the given chunks (or any bytes). */
    static byte[] riff(byte[]... chunks) {
        byte[] body = concat(chunks);
        return concat(le(12).put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII)).array(), body);
    }

    /** Interleaved sample data; values are scaled by full scale, rounded and clipped like a real writer. */
    static byte[] encode(Encoding enc, double[]... channels) {
        int n = channels[0].length;
        int bytes = enc.bits / 8;
        ByteBuffer b = le(n * channels.length * bytes);
        for (int i = 0; i < n; i++) {
            for (double[] ch : channels) {
                double v = ch[i];
                if (enc.floatingPoint) {
                    if (enc.bits == 32) b.putFloat((float) v);
                    else b.putDouble(v);
                    continue;
                }
                switch (enc.bits) {
                    case 8 -> b.put((byte) (clip(Math.round(v * 128), 128) + 128));
                    case 16 -> b.putShort((short) clip(Math.round(v * 32768), 32768));
                    case 24 -> {
                        long s = clip(Math.round(v * 8388608), 8388608);
                        b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                    }
                    case 32 -> b.putInt((int) clip(Math.round(v * 2147483648.0), 2147483648L));
                    default -> throw new IllegalArgumentException("bits " + enc.bits);
                }
            }
        }
        return b.array();
    }

    static byte[] pcm16(short[] samples) {
        ByteBuffer b = le(samples.length * 2);
        for (short s : samples) b.putShort(s);
        return b.array();
    }

    static double[] sine(double freq, double amplitude, int rate, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = amplitude * Math.sin(2 * Math.PI * freq * i / rate);
        return x;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long clip(long v, long fullScale) {
        return Math.max(-fullScale, Math.min(fullScale - 1, v));
    }
}
