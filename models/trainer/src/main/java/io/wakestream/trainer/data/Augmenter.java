package io.wakestream.trainer.data;

import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.audio.Resampler;
import io.wakestream.engine.audio.WavReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audio augmentation for training clips: speed perturbation, pitch shift, equalisation, room reverberation, an
 * echo, background noise at a random SNR, and gain, each with the probability and range of an
 * {@link AugmentationConfig}. Works on floats in [-1, 1) at 16 kHz and returns 16 kHz {@link PcmAudio}.
 *
 * <p>Deterministic: the same seed, noise files and sequence of calls give the same output. Not thread-safe (one
 * {@link Random}); use one augmenter per thread.
 */
public final class Augmenter {
    static final int RATE = PcmAudio.ENGINE_SAMPLE_RATE;
    /**
     * Speed and pitch factors are rounded to multiples of 1/{@value #FACTOR_STEPS} so that the resampling ratio
     * {@code 16000*f : 16000} reduces to a small fraction (a short polyphase filter table).
     */
    static final int FACTOR_STEPS = 200;

    private static final Logger log = LoggerFactory.getLogger(Augmenter.class);

    private final AugmentationConfig config;
    private final Random random;
    private final List<float[]> noiseClips;

    /**
     * @param noiseClips background recordings (16 kHz floats) to mix in besides generated noise; may be empty
     */
    public Augmenter(AugmentationConfig config, long seed, List<float[]> noiseClips) {
        this.config = config;
        this.random = new Random(seed);
        List<float[]> usable = new ArrayList<>();
        for (float[] n : noiseClips) if (n.length > 0 && Signals.rms(n) > 0) usable.add(n);
        this.noiseClips = List.copyOf(usable);
    }

    private Augmenter(AugmentationConfig config, Random random, List<float[]> usableNoiseClips) {
        this.config = config;
        this.random = random;
        this.noiseClips = usableNoiseClips;
    }

    /**
     * An augmenter with this one's configuration and noise recordings and its own random sequence from
     * {@code seed}: cheap (the noise list is shared, not checked again, and never written), so parallel work can
     * make one per item or per thread.
     */
    public Augmenter withSeed(long seed) {
        return new Augmenter(config, new Random(seed), noiseClips);
    }

    /** An augmenter with generated noise only. */
    public Augmenter(AugmentationConfig config, long seed) {
        this(config, seed, List.of());
    }

    /** Reads noise WAV files (any rate, resampled to 16 kHz); unreadable ones are logged and skipped. */
    public static List<float[]> loadNoiseFiles(List<Path> files) {
        List<float[]> out = new ArrayList<>();
        for (Path f : files) {
            try {
                float[] x = Signals.toFloat(WavReader.read(f));
                if (x.length == 0 || Signals.rms(x) == 0) log.warn("noise file {} is empty or silent, skipped", f);
                else out.add(x);
            } catch (IOException | RuntimeException e) {
                log.warn("noise file {} skipped: {}", f, e.getMessage());
            }
        }
        return out;
    }

    /**
     * A randomly augmented copy of {@code clip}. Phrase boundaries are moved along with the samples (speed
     * perturbation scales them); the label, speaker and text stay. The source gets an {@code +aug} suffix.
     */
    public Clip augment(Clip clip) {
        float[] x = Signals.toFloat(clip.audio());
        double start = clip.phraseStartSample();
        double end = clip.phraseEndSample();
        if (random.nextDouble() < config.speedProbability()) {
            double f = quantize(uniform(config.speedMin(), config.speedMax()));
            x = changeSpeed(x, f);
            start /= f;
            end /= f;
        }
        if (random.nextDouble() < config.pitchProbability() && config.pitchMaxSemitones() > 0) {
            double semitones = uniform(-config.pitchMaxSemitones(), config.pitchMaxSemitones());
            x = shiftPitch(x, Math.pow(2, semitones / 12));
        }
        Coloration col = config.coloration();
        // Drawn only when enabled, so configurations without colouration keep their random sequence (and the
        // models made before it can be made again).
        if (col.eqProbability() > 0 && random.nextDouble() < col.eqProbability()) x = equalize(x, col);
        if (random.nextDouble() < config.reverbProbability()) {
            float[] h = RoomReverb.impulseResponse(uniform(config.rt60Min(), config.rt60Max()),
                    uniform(config.drrMinDb(), config.drrMaxDb()), RATE, random);
            x = RoomReverb.apply(x, h);
        }
        if (col.echoProbability() > 0 && random.nextDouble() < col.echoProbability()) {
            int delay = (int) Math.round(uniform(col.echoMinMs(), col.echoMaxMs()) * RATE / 1000);
            x = addEcho(x, delay, uniform(col.echoMinGain(), col.echoMaxGain()));
        }
        if (random.nextDouble() < config.noiseProbability()) {
            float[] noise = noise(x.length);
            if (Signals.rms(x) < 1e-4) {
                // A silent clip has no signal to measure an SNR against: add noise at an absolute level.
                double level = Signals.fromDb(uniform(config.silentNoiseMinDbfs(), config.silentNoiseMaxDbfs()));
                x = add(x, Signals.scale(noise, level / Math.max(1e-12, Signals.rms(noise))));
            } else {
                x = mixAtSnr(x, noise, uniform(config.snrMinDb(), config.snrMaxDb()));
            }
        }
        if (random.nextDouble() < config.gainProbability()) {
            x = applyGain(x, uniform(config.gainMinDb(), config.gainMaxDb()));
        }
        x = limitPeak(x, 0.99f);
        int s = -1;
        int e = -1;
        if (clip.hasPhraseBoundaries()) {
            s = (int) Math.min(x.length, Math.round(start));
            e = (int) Math.max(s, Math.min(x.length, Math.round(end)));
        }
        return clip.withAudio(Signals.toAudio(x), s, e, clip.source() + "+aug");
    }

    /** A randomly augmented copy of unlabelled audio (same effects as {@link #augment(Clip)}). */
    public PcmAudio augment(PcmAudio audio) {
        return augment(new Clip(audio, false, "-", "-", "-", Clip.Kind.SPEECH)).audio();
    }

    /**
     * {@code copies} augmented versions of every clip of {@code corpus}, after the originals when
     * {@code keepOriginals}. Clips are processed in corpus order, so the result is deterministic for the seed.
     */
    public ClipCorpus augment(ClipCorpus corpus, int copies, boolean keepOriginals) {
        List<Clip> out = new ArrayList<>();
        if (keepOriginals) out.addAll(corpus.clips());
        for (Clip c : corpus.clips()) for (int i = 0; i < copies; i++) out.add(augment(c));
        return new ClipCorpus(out);
    }

    /** Noise of the given length: a random noise file (random offset, looped) or a random colour. */
    private float[] noise(int length) {
        if (!noiseClips.isEmpty() && random.nextDouble() < config.noiseFileProbability()) {
            float[] src = noiseClips.get(random.nextInt(noiseClips.size()));
            return loop(src, length, random.nextInt(src.length));
        }
        NoiseGenerator.Color[] colors = NoiseGenerator.Color.values();
        return NoiseGenerator.generate(colors[random.nextInt(colors.length)], length, 0.1, random);
    }

    /** 1 to {@code eqMaxBands} peaking bands at log-uniform centres and widths, uniform gains. */
    private float[] equalize(float[] x, Coloration col) {
        int bands = 1 + random.nextInt(col.eqMaxBands());
        for (int b = 0; b < bands; b++) {
            double hz = logUniform(Coloration.EQ_LOW_HZ, Coloration.EQ_HIGH_HZ);
            double q = logUniform(Coloration.EQ_MIN_Q, Coloration.EQ_MAX_Q);
            x = PeakingFilter.apply(x, hz, uniform(col.eqMinDb(), col.eqMaxDb()), q, RATE);
        }
        return x;
    }

    private double logUniform(double lo, double hi) {
        return Math.exp(uniform(Math.log(lo), Math.log(hi)));
    }

    private double uniform(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    /** Rounds a speed/pitch factor to the grid that keeps the resampler's ratio small. */
    static double quantize(double factor) {
        return Math.round(factor * FACTOR_STEPS) / (double) FACTOR_STEPS;
    }

    // ---- the individual effects, usable on their own ----

    /**
     * {@code signal + noise}, with the noise scaled so that signal power / noise power is {@code snrDb}. Powers are
     * means over the whole clip. The noise is looped or cut to the signal's length.
     */
    public static float[] mixAtSnr(float[] signal, float[] noise, double snrDb) {
        float[] n = noise.length == signal.length ? noise : loop(noise, signal.length, 0);
        double ps = Signals.power(signal);
        double pn = Signals.power(n);
        if (pn <= 0) return signal.clone();
        double gain = Math.sqrt(ps / (pn * Math.pow(10, snrDb / 10)));
        float[] out = new float[signal.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (signal[i] + gain * n[i]);
        return out;
    }

    /** {@code x} scaled by {@code db} decibels. */
    public static float[] applyGain(float[] x, double db) {
        return Signals.scale(x, Signals.fromDb(db));
    }

    /**
     * Plays {@code x} {@code factor} times faster: duration divided by the factor, all frequencies multiplied by it
     * (Kaldi-style speed perturbation). Done by resampling as if {@code x} had been recorded at
     * {@code 16000 * factor} Hz; the factor is first rounded to a multiple of 1/{@value #FACTOR_STEPS}.
     */
    public static float[] changeSpeed(float[] x, double factor) {
        int inRate = (int) Math.round(quantize(factor) * RATE);
        if (inRate == RATE) return x.clone();
        return Resampler.resample(x, inRate, RATE);
    }

    /**
     * Raises the pitch by {@code factor} (2 = an octave up) and keeps the duration: a speed change by the factor,
     * then a WSOLA time-stretch back to the original length.
     */
    public static float[] shiftPitch(float[] x, double factor) {
        double f = quantize(factor);
        if (f == 1.0) return x.clone();
        float[] faster = changeSpeed(x, f);
        float[] back = TimeStretch.stretch(faster, (double) x.length / Math.max(1, faster.length));
        // Rounding can leave the length a sample off; make it exact so boundaries stay valid.
        return back.length == x.length ? back : java.util.Arrays.copyOf(back, x.length);
    }

    /** Reverberation with a fresh synthetic impulse response (see {@link RoomReverb}). */
    public static float[] reverberate(float[] x, double rt60, double drrDb, Random random) {
        return RoomReverb.apply(x, RoomReverb.impulseResponse(rt60, drrDb, RATE, random));
    }

    /**
     * {@code x} plus a copy of itself {@code delaySamples} later at {@code gain} (one reflection off a near wall); the
     * length stays, so phrase boundaries stay valid.
     */
    public static float[] addEcho(float[] x, int delaySamples, double gain) {
        if (delaySamples < 1) throw new IllegalArgumentException("echo delay must be at least one sample, was " + delaySamples);
        float[] out = x.clone();
        for (int i = delaySamples; i < x.length; i++) out[i] += (float) (gain * x[i - delaySamples]);
        return out;
    }

    /** {@code length} samples of {@code src} starting at {@code offset}, wrapping around to its start as needed. */
    public static float[] loop(float[] src, int length, int offset) {
        float[] out = new float[length];
        if (src.length == 0) return out;
        int p = Math.floorMod(offset, src.length);
        for (int i = 0; i < length; i++) {
            out[i] = src[p];
            if (++p == src.length) p = 0;
        }
        return out;
    }

    /** Scales {@code x} down (never up) so that its peak is at most {@code maxPeak}, instead of clipping later. */
    static float[] limitPeak(float[] x, float maxPeak) {
        float p = Signals.peak(x);
        return p > maxPeak ? Signals.scale(x, maxPeak / p) : x;
    }

    private static float[] add(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] + b[i];
        return out;
    }

    // ---- placement in a fixed-length window ----

    /**
     * Places a clip in a window of {@code windowSamples}: shorter clips are padded with silence at a random offset,
     * longer ones are cropped at a random offset. For clips with phrase boundaries the offset is chosen so that the
     * whole phrase stays inside the window if it fits, otherwise so that the phrase's end does (the end is what a
     * streaming detector must catch). Boundaries are moved (and clipped) accordingly.
     */
    public static Clip placeInWindow(Clip clip, int windowSamples, Random random) {
        short[] src = clip.audio().samples();
        int n = src.length;
        // offset = window index where src[0] lands; valid range keeps as much audio as possible inside.
        int lo = Math.min(0, windowSamples - n);
        int hi = Math.max(0, windowSamples - n);
        if (clip.hasPhraseBoundaries()) {
            int ps = clip.phraseStartSample();
            int pe = clip.phraseEndSample();
            if (pe - ps <= windowSamples) {
                lo = Math.max(lo, -ps);
                hi = Math.min(hi, windowSamples - pe);
            } else {
                lo = Math.max(lo, -pe + Math.min(windowSamples, pe - ps));
                hi = Math.min(hi, windowSamples - pe);
            }
            if (lo > hi) lo = hi = windowSamples - pe; // phrase end at the window's end
        }
        int offset = lo + (hi > lo ? random.nextInt(hi - lo + 1) : 0);
        short[] out = new short[windowSamples];
        for (int i = 0; i < windowSamples; i++) {
            int j = i - offset;
            if (j >= 0 && j < n) out[i] = src[j];
        }
        int s = -1;
        int e = -1;
        if (clip.hasPhraseBoundaries()) {
            s = Math.max(0, Math.min(windowSamples, clip.phraseStartSample() + offset));
            e = Math.max(s, Math.min(windowSamples, clip.phraseEndSample() + offset));
        }
        return clip.withAudio(new PcmAudio(out, clip.audio().sampleRate()), s, e, clip.source());
    }
}
