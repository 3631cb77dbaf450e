package io.wakestream.engine.audio;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Streaming band-limited resampler (Kaiser-windowed sinc, rational ratio), used to bring any WAV to the
 * engine's 16 kHz.
 *
 * <h2>Filter</h2>
 * The ratio {@code outputRate / inputRate} is reduced to {@code L / M}. Output sample {@code k} is the input
 * evaluated at input time {@code k * M / L} through a windowed-sinc kernel whose passband ends at
 * {@value #PASSBAND_EDGE} and whose stopband starts at {@value #STOPBAND_EDGE} of the Nyquist frequency of the
 * lower rate (cutoff in the middle, 0.925), so nothing above the output's Nyquist can alias back. The Kaiser
 * window ({@code beta} about 8.4) gives roughly {@value #STOPBAND_ATTENUATION_DB} dB stopband attenuation and
 * a passband ripple of about 0.001 dB. The kernel is precomputed as a polyphase table with one row per
 * output phase ({@code L} rows, at most {@value #MAX_EXACT_PHASES}); for odd ratios with more phases the
 * kernel is tabulated at {@value #INTERPOLATED_PHASES} phases per input sample and linearly interpolated,
 * which stays below -100 dB of error. Each row is normalised to sum to one so DC passes exactly.
 *
 * <h2>Timing</h2>
 * The output is time-aligned with the input: output sample {@code k} is centred on input time
 * {@code k * inputRate / outputRate}, with no group-delay shift. The signal is taken to be zero before
 * the first and after the last input sample. For {@code n} input samples the total output is exactly
 * {@link #outputLength(long, int, int) ceil(n * outputRate / inputRate)} samples, so the output spans the
 * same time as the input.
 *
 * <h2>Streaming</h2>
 * Feed input with {@link #process(float[], int, int, float[], int)} in any chunk sizes, then call
 * {@link #flush(float[], int)} once to get the tail (outputs that need input "from the future" are held back
 * until it arrives or until the flush supplies the trailing zeros). The concatenated output is bit-for-bit
 * identical to feeding the whole signal at once, because every output sample is computed from the same
 * input values with the same taps in the same order, however the input was split. Memory is bounded by the
 * filter length plus a fixed block, whatever the input length. Latency is half the filter length
 * (about 2.3 ms for 44.1 kHz to 16 kHz).
 *
 * <p>Equal input and output rates pass the samples through unchanged. Instances are not thread-safe; use one
 * per stream.
 */
public final class Resampler {
    /** Passband edge as a fraction of the lower rate's Nyquist frequency: 6.8 kHz for 16 kHz output. */
    static final double PASSBAND_EDGE = 0.85;
    /** Stopband edge: the lower rate's Nyquist itself, so no frequency that could alias is let through. */
    static final double STOPBAND_EDGE = 1.0;
    /** Kaiser design target; sets both beta and the number of taps. */
    static final double STOPBAND_ATTENUATION_DB = 85.0;
    /** Largest {@code L} for which a table row per output phase is stored (200 taps each: 3.2 MB). */
    static final int MAX_EXACT_PHASES = 4096;
    /** Table resolution, per input sample, for ratios with more phases than {@link #MAX_EXACT_PHASES}. */
    static final int INTERPOLATED_PHASES = 1024;
    /** Largest supported ratio between the rates; beyond it the filter gets impractically long. */
    static final int MAX_RATIO = 64;
    /** Input samples copied into the work buffer per step; bounds memory for arbitrarily large chunks. */
    private static final int BLOCK = 4096;

    private final int inputRate;
    private final int outputRate;
    private final int up; // L
    private final int down; // M
    private final boolean passthrough;
    private final FilterBank bank;
    private final int taps; // K, a multiple of 4
    private final int half; // K / 2: output k uses inputs n_k - half + 1 .. n_k + half
    private final float[] scratchTaps; // interpolated taps for the current output (interpolated mode only)

    // Streaming state. buf[i] holds input sample number bufStart + i (negative numbers are the zeros before
    // the signal); inputs are appended at bufStart + bufLen == received.
    private final float[] buf;
    private long bufStart;
    private int bufLen;
    private long received;
    private long produced;
    private long nextIndex; // floor(produced * M / L): input sample at or just before the next output
    private int nextPhase; // (produced * M) mod L: the next output's fractional position, in 1/L samples
    private boolean flushed;

    /**
     * Creates a resampler from {@code inputRate} to {@code outputRate} (Hz, each 1 to 1,000,000, at most
     * {@value #MAX_RATIO} times apart).
     */
    public Resampler(int inputRate, int outputRate) {
        if (inputRate <= 0 || outputRate <= 0 || inputRate > 1_000_000 || outputRate > 1_000_000) {
            throw new IllegalArgumentException(
                    "sample rates must be 1 to 1000000 Hz, got " + inputRate + " -> " + outputRate);
        }
        if (inputRate > (long) outputRate * MAX_RATIO || outputRate > (long) inputRate * MAX_RATIO) {
            throw new IllegalArgumentException("resampling ratio " + inputRate + " -> " + outputRate
                    + " is more than " + MAX_RATIO + ":1");
        }
        this.inputRate = inputRate;
        this.outputRate = outputRate;
        int g = gcd(inputRate, outputRate);
        this.up = outputRate / g;
        this.down = inputRate / g;
        this.passthrough = inputRate == outputRate;
        if (passthrough) {
            bank = null;
            taps = 0;
            half = 0;
            scratchTaps = null;
            buf = null;
        } else {
            bank = FilterBank.forRates(inputRate, outputRate, up);
            taps = bank.taps;
            half = taps / 2;
            scratchTaps = bank.exact ? null : new float[taps];
            // History (< taps), one block, and the trailing zeros of the flush (half).
            buf = new float[taps + BLOCK + half];
            // The zeros before the signal: output 0 reads inputs -half + 1 .. half.
            bufLen = half - 1;
            bufStart = -bufLen;
        }
    }

    /** Resamples a whole signal in one call (convenience for clips; uses the streaming path). */
    public static float[] resample(float[] input, int inputRate, int outputRate) {
        Resampler r = new Resampler(inputRate, outputRate);
        float[] out = new float[Math.toIntExact(outputLength(input.length, inputRate, outputRate))];
        int n = r.process(input, 0, input.length, out, 0);
        n += r.flush(out, n);
        if (n != out.length) throw new AssertionError("resampler produced " + n + " of " + out.length);
        return out;
    }

    /** The total output for {@code inputLength} input samples: {@code ceil(inputLength * out / in)}. */
    public static long outputLength(long inputLength, int inputRate, int outputRate) {
        int g = gcd(inputRate, outputRate);
        return ceilDiv(inputLength * (outputRate / g), inputRate / g);
    }

    public int inputRate() {
        return inputRate;
    }

    public int outputRate() {
        return outputRate;
    }

    /** Filter length in input samples (0 when the rates are equal); the output lags the input by half of it. */
    int filterLength() {
        return taps;
    }

    /** Input samples fed so far. */
    public long inputCount() {
        return received;
    }

    /** Output samples returned so far. */
    public long outputCount() {
        return produced;
    }

    /**
     * The most output samples that {@code process} with {@code inputLength} more samples, or a flush after it,
     * can write: size the output array with this.
     */
    public int maxOutput(int inputLength) {
        return Math.toIntExact(ceilDiv((received + inputLength) * up, down) - produced);
    }

    /**
     * Feeds {@code len} input samples and writes every output sample that is now complete.
     *
     * @param out receives the output from {@code outOff}; needs room for {@link #maxOutput(int) maxOutput(len)}
     * @return the number of output samples written (may be 0 while the filter fills)
     * @throws IllegalStateException after {@link #flush(float[], int)}
     */
    public int process(float[] in, int off, int len, float[] out, int outOff) {
        if (flushed) throw new IllegalStateException("process() after flush()");
        if (off < 0 || len < 0 || off > in.length - len) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", length " + in.length);
        }
        if (passthrough) {
            System.arraycopy(in, off, out, outOff, len);
            received += len;
            produced += len;
            return len;
        }
        int written = 0;
        while (len > 0) {
            int n = Math.min(len, BLOCK);
            System.arraycopy(in, off, buf, bufLen, n);
            bufLen += n;
            received += n;
            off += n;
            len -= n;
            written += produceWhile(received - half, out, outOff + written);
            compact();
        }
        return written;
    }

    /** Convenience form of {@link #process(float[], int, int, float[], int)} returning a new array. */
    public float[] process(float[] in, int off, int len) {
        float[] out = new float[maxOutput(len)];
        int n = process(in, off, len, out, 0);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * Ends the input: writes the remaining output, computed as if zeros followed the last input sample, so the
     * total output is exactly {@link #outputLength(long, int, int)} of the input fed. Later calls write nothing.
     *
     * @param out needs room for {@link #maxOutput(int) maxOutput(0)} samples from {@code outOff}
     * @return the number of output samples written
     */
    public int flush(float[] out, int outOff) {
        if (flushed) return 0;
        flushed = true;
        if (passthrough) return 0;
        long total = ceilDiv(received * up, down);
        // The last output sits before input `received`, so it reads at most `half` samples past the end.
        Arrays.fill(buf, bufLen, bufLen + half, 0f);
        bufLen += half;
        int written = 0;
        while (produced < total) {
            written += produce(out, outOff + written);
        }
        return written;
    }

    /** Convenience form of {@link #flush(float[], int)} returning a new array. */
    public float[] flush() {
        float[] out = new float[maxOutput(0)];
        int n = flush(out, 0);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Produces outputs while the next one's centre index is below {@code limit} (all its inputs have arrived). */
    private int produceWhile(long limit, float[] out, int outOff) {
        int written = 0;
        while (nextIndex < limit) {
            written += produce(out, outOff + written);
        }
        return written;
    }

    private int produce(float[] out, int outOff) {
        int base = (int) (nextIndex - half + 1 - bufStart);
        float v;
        if (bank.exact) {
            v = dot(buf, base, bank.table, nextPhase * taps, taps);
        } else {
            bank.interpolate(nextPhase, up, scratchTaps);
            v = dot(buf, base, scratchTaps, 0, taps);
        }
        out[outOff] = v;
        produced++;
        nextPhase += down;
        nextIndex += nextPhase / up;
        nextPhase %= up;
        return 1;
    }

    /**
     * Dot product with four interleaved accumulators: the summation order is fixed (so results do not depend
     * on how the input was chunked) but the four chains run in parallel, which is what makes an hour of audio
     * take seconds.
     */
    private static float dot(float[] x, int xOff, float[] h, int hOff, int n) {
        float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
        for (int j = 0; j < n; j += 4) {
            a0 += x[xOff + j] * h[hOff + j];
            a1 += x[xOff + j + 1] * h[hOff + j + 1];
            a2 += x[xOff + j + 2] * h[hOff + j + 2];
            a3 += x[xOff + j + 3] * h[hOff + j + 3];
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** Drops the inputs that no future output will read. */
    private void compact() {
        long firstNeeded = nextIndex - half + 1;
        int drop = (int) Math.min(Math.max(0, firstNeeded - bufStart), bufLen);
        if (drop == 0) return;
        System.arraycopy(buf, drop, buf, 0, bufLen - drop);
        bufLen -= drop;
        bufStart += drop;
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /**
     * The precomputed kernel. Row {@code r} holds the {@code taps} weights for an output whose position is
     * {@code r / phases} of an input sample after input {@code n}; weight {@code j} multiplies input
     * {@code n - taps/2 + 1 + j}.
     */
    static final class FilterBank {
        final int taps;
        final int phases;
        final boolean exact; // one row per output phase; otherwise phases + 1 rows to interpolate between
        final float[] table;

        private FilterBank(int taps, int phases, boolean exact, float[] table) {
            this.taps = taps;
            this.phases = phases;
            this.exact = exact;
            this.table = table;
        }

        /** Designs kept for reuse: a bank is immutable, and designing one costs more than resampling a short clip. */
        private static final int CACHED_DESIGNS = 64;

        private static final ConcurrentHashMap<Long, FilterBank> DESIGNS = new ConcurrentHashMap<>();

        /**
         * The bank for this pair of rates, designed once: the trainer's speed and pitch perturbation resample
         * thousands of clips between a few dozen rates, and designing the kernel was about a twentieth of the
         * time of building training windows.
         */
        static FilterBank forRates(int inputRate, int outputRate, int up) {
            long key = ((long) inputRate << 32) | outputRate;
            FilterBank bank = DESIGNS.get(key);
            if (bank == null) {
                bank = design(inputRate, outputRate, up);
                if (DESIGNS.size() >= CACHED_DESIGNS) {
                    DESIGNS.clear(); // many rates in one JVM: start over rather than grow without bound
                }
                DESIGNS.put(key, bank);
            }
            return bank;
        }

        static FilterBank design(int inputRate, int outputRate, int up) {
            double lowerNyquist = Math.min(inputRate, outputRate) / 2.0;
            // All frequencies in cycles per input sample, because the kernel is evaluated on the input grid.
            double cutoff = (PASSBAND_EDGE + STOPBAND_EDGE) / 2 * lowerNyquist / inputRate;
            double transition = (STOPBAND_EDGE - PASSBAND_EDGE) * lowerNyquist / inputRate;
            double a = STOPBAND_ATTENUATION_DB;
            double beta = 0.1102 * (a - 8.7); // Kaiser's formula for a > 50 dB
            // Kaiser's length estimate: order = (A - 8) / (2.285 * transition in rad/sample).
            double order = (a - 8) / (2.285 * 2 * Math.PI * transition);
            int half = (int) Math.ceil(order / 2);
            half += half & 1; // taps = 2 * half is then a multiple of 4, for the unrolled dot product
            int taps = 2 * half;

            boolean exact = up <= MAX_EXACT_PHASES;
            int phases = exact ? up : INTERPOLATED_PHASES;
            int rows = exact ? phases : phases + 1;
            float[] table = new float[rows * taps];
            double i0Beta = besselI0(beta);
            double[] row = new double[taps];
            for (int r = 0; r < rows; r++) {
                double frac = (double) r / phases;
                double sum = 0;
                for (int j = 0; j < taps; j++) {
                    double t = frac + half - 1 - j; // distance from the output's position to this input
                    double x = t / half;
                    double w = x * x >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - x * x)) / i0Beta;
                    row[j] = 2 * cutoff * sinc(2 * cutoff * t) * w;
                    sum += row[j];
                }
                for (int j = 0; j < taps; j++) table[r * taps + j] = (float) (row[j] / sum);
            }
            return new FilterBank(taps, phases, exact, table);
        }

        /** Taps for output phase {@code phase / up}, interpolated linearly between the two nearest rows. */
        void interpolate(int phase, int up, float[] dst) {
            long scaled = (long) phase * phases;
            int r = (int) (scaled / up);
            float w = (float) (scaled % up) / up;
            int a = r * taps;
            int b = a + taps;
            for (int j = 0; j < taps; j++) {
                dst[j] = table[a + j] + w * (table[b + j] - table[a + j]);
            }
        }

        private static double sinc(double x) {
            if (x == 0) return 1;
            double px = Math.PI * x;
            return Math.sin(px) / px;
        }

        /** Modified Bessel function of the first kind, order 0 (power series; converges fast for x below 20). */
        static double besselI0(double x) {
            double sum = 1;
            double term = 1;
            double q = x * x / 4;
            for (int k = 1; k < 200; k++) {
                term *= q / ((double) k * k);
                sum += term;
                if (term < sum * 1e-17) break;
            }
            return sum;
        }
    }
}
