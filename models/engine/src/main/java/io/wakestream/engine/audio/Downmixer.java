package io.wakestream.engine.audio;

/**
 * Decodes interleaved little-endian WAV sample frames into mono floats in [-1, 1), averaging the channels.
 *
 * <p>Averaging (rather than summing or taking the left channel) keeps the level of a centred source and can
 * never clip. Integer samples are scaled by their full-scale value (128, 32768, 2^23, 2^31), so 16-bit input
 * maps exactly onto {@link Pcm#toFloat(short)}. The channel sum is taken in double precision, which is exact
 * for 16-bit stereo: the mean of two 16-bit samples then rounds back to 16 bits with a single rounding.
 */
final class Downmixer {
    private final int channels;
    private final int bytesPerSample;
    private final boolean floatingPoint;

    Downmixer(WavHeader header) {
        this.channels = header.channels();
        this.bytesPerSample = header.bitsPerSample() / 8;
        this.floatingPoint = header.floatingPoint();
    }

    /** Decodes {@code frames} whole frames from {@code src} into {@code dst[0 .. frames)}. */
    void toMono(byte[] src, int frames, float[] dst) {
        int p = 0;
        double scale = 1.0 / channels;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += sample(src, p);
                p += bytesPerSample;
            }
            dst[f] = (float) (channels == 1 ? sum : sum * scale);
        }
    }

    /**
     * Copies 16-bit mono samples unchanged: the path for audio already in the engine's format, so it comes out
     * bit for bit as it went in.
     */
    static void copyPcm16(byte[] src, int frames, short[] dst, int dstOff) {
        for (int f = 0, p = 0; f < frames; f++, p += 2) {
            dst[dstOff + f] = (short) ((src[p] & 0xff) | (src[p + 1] << 8));
        }
    }

    private double sample(byte[] b, int p) {
        switch (bytesPerSample) {
            case 1:
                // 8-bit WAV is unsigned with 128 as silence; every wider format is signed.
                return ((b[p] & 0xff) - 128) / 128.0;
            case 2:
                return (short) ((b[p] & 0xff) | (b[p + 1] << 8)) / 32768.0;
            case 3:
                return ((b[p] & 0xff) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] << 16)) / 8388608.0;
            case 4:
                int bits = (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8) | ((b[p + 2] & 0xff) << 16) | (b[p + 3] << 24);
                return floatingPoint ? finite(Float.intBitsToFloat(bits)) : bits / 2147483648.0;
            case 8:
                long lo = (b[p] & 0xffL) | ((b[p + 1] & 0xffL) << 8) | ((b[p + 2] & 0xffL) << 16)
                        | ((b[p + 3] & 0xffL) << 24);
                long hi = (b[p + 4] & 0xffL) | ((b[p + 5] & 0xffL) << 8) | ((b[p + 6] & 0xffL) << 16)
                        | ((long) b[p + 7] << 24);
                return finite(Double.longBitsToDouble(lo | (hi << 32)));
            default:
                throw new IllegalStateException("bytes per sample " + bytesPerSample);
        }
    }

    /**
     * Float WAVs may hold NaN or infinities (broken DSP upstream). One such sample would smear across the whole
     * resampling filter, so NaN becomes silence and infinities become full scale; finite values beyond +-1 are
     * kept (float files may use headroom) and clipped only when converted to 16 bits.
     */
    private static double finite(double v) {
        if (Double.isNaN(v)) return 0;
        if (Double.isInfinite(v)) return v > 0 ? 1 : -1;
        return v;
    }
}
