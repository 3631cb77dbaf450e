package io.wakestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.audio.PcmAudio;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmenterTest {
    static final int RATE = 16_000;

    static float[] sine(double hz, int length, double amplitude) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / RATE));
        return x;
    }

    /** A crude vowel: harmonics of a 140 Hz voice with a slow pitch wobble, so WSOLA has something speech-like. */
    static float[] voiced(int length) {
        float[] x = new float[length];
        double phase = 0;
        for (int i = 0; i < length; i++) {
            double f0 = 140 + 10 * Math.sin(2 * Math.PI * 3 * i / RATE);
            phase += 2 * Math.PI * f0 / RATE;
            double v = 0;
            for (int h = 1; h <= 10; h++) v += Math.sin(h * phase) / h;
            x[i] = (float) (0.2 * v);
        }
        return x;
    }

    @Test
    void mixingGivesTheRequestedSnr() {
        float[] speech = voiced(RATE * 2);
        Random r = new Random(3);
        for (NoiseGenerator.Color c : NoiseGenerator.Color.values()) {
            for (double snr : new double[] {-5, 0, 10, 20, 30}) {
                float[] noise = NoiseGenerator.generate(c, RATE, 0.3, r); // shorter: gets looped
                float[] mixed = Augmenter.mixAtSnr(speech, noise, snr);
                float[] added = new float[mixed.length];
                for (int i = 0; i < mixed.length; i++) added[i] = mixed[i] - speech[i];
                double measured = 10 * Math.log10(Signals.power(speech) / Signals.power(added));
                assertEquals(snr, measured, 0.5, c + " at " + snr + " dB");
            }
        }
    }

    @Test
    void gainScalesTheLevel() {
        float[] x = sine(440, RATE, 0.1);
        for (double db : new double[] {-12, -3, 0, 6}) {
            double measured = Signals.toDb(Signals.rms(Augmenter.applyGain(x, db)) / Signals.rms(x));
            assertEquals(db, measured, 0.01);
        }
    }

    @Test
    void speedPerturbationChangesDurationByTheFactor() {
        float[] x = voiced(RATE * 2);
        for (double f : new double[] {0.9, 0.95, 1.05, 1.1}) {
            float[] y = Augmenter.changeSpeed(x, f);
            assertEquals(x.length / f, y.length, 2.0, "factor " + f);
        }
    }

    @Test
    void speedPerturbationMovesFrequencyToo() {
        float[] x = sine(500, RATE * 2, 0.5);
        float[] y = Augmenter.changeSpeed(x, 1.1);
        assertEquals(550, SpectrumTestUtil.peakFrequency(y, RATE), 3);
    }

    @Test
    void pitchShiftKeepsDurationAndMovesFrequency() {
        for (double factor : new double[] {0.85, 1.2}) {
            float[] x = sine(300, RATE * 2, 0.5);
            float[] y = Augmenter.shiftPitch(x, factor);
            assertEquals(x.length, y.length, x.length * 0.02, "duration");
            double f = SpectrumTestUtil.peakFrequency(Arrays.copyOfRange(y, RATE / 4, y.length - RATE / 4), RATE);
            assertEquals(300 * factor, f, 300 * factor * 0.01, "frequency for factor " + factor);
        }
    }

    @Test
    void pitchShiftOfVoiceKeepsItsLevel() {
        float[] x = voiced(RATE);
        float[] y = Augmenter.shiftPitch(x, 1.12);
        assertEquals(Signals.rms(x), Signals.rms(y), Signals.rms(x) * 0.25);
    }

    @Test
    void timeStretchChangesDuration() {
        float[] x = voiced(RATE);
        for (double f : new double[] {0.5, 0.8, 1.25, 2.0}) {
            assertEquals(Math.round(RATE * f), TimeStretch.stretch(x, f).length);
        }
    }

    @Test
    void timeStretchKeepsASteadyToneSteady() {
        // Frames laid down without lining up their waveforms cancel where they overlap out of phase: the level
        // of a steady tone would dip every 15 ms. Aligned, it stays within a few percent.
        for (double hz : new double[] {100, 300, 1000, 2500}) {
            for (double factor : new double[] {0.85, 1.2}) {
                float[] y = TimeStretch.stretch(sine(hz, RATE * 2, 0.5), factor);
                double lowest = Double.MAX_VALUE;
                double highest = 0;
                for (int p = RATE / 4; p + 160 <= y.length - RATE / 4; p += 80) {
                    double rms = Signals.rms(y, p, p + 160);
                    lowest = Math.min(lowest, rms);
                    highest = Math.max(highest, rms);
                }
                assertTrue(lowest / highest > 0.9, hz + " Hz x" + factor + ": 10 ms level from " + lowest + " to " + highest);
            }
        }
    }

    @Test
    void reverbLengthensTheTailAndKeepsTheLevel() {
        int burst = RATE * 3 / 10;
        float[] x = new float[RATE];
        float[] noise = NoiseGenerator.generate(NoiseGenerator.Color.PINK, burst, 0.1, new Random(5));
        System.arraycopy(noise, 0, x, 0, burst);
        float[] y = Augmenter.reverberate(x, 0.6, 3, new Random(9));
        assertTrue(y.length > x.length, "the tail is kept");
        // Level over the dry burst's span is kept.
        assertEquals(Signals.rms(x, 0, burst), Signals.rms(y, 0, burst), Signals.rms(x, 0, burst) * 0.12);
        // After the burst: the dry signal is silent, the wet one still rings, decaying.
        double early = Signals.rms(y, burst + 800, burst + 2400);
        double late = Signals.rms(y, burst + 4800, burst + 6400);
        assertEquals(0, Signals.rms(x, burst, x.length));
        assertTrue(early > 0.01 * Signals.rms(x, 0, burst), "tail energy " + early);
        assertTrue(late < early, "tail decays");
    }

    @Test
    void impulseResponseDecaysAtRt60() {
        float[] h = RoomReverb.impulseResponse(0.5, 0, RATE, new Random(1));
        assertEquals(1f, h[0]);
        // Energy 100 ms in vs 350 ms in: 250 ms is half of RT60 -> 30 dB down.
        double a = Signals.rms(h, 1400, 1800);
        double b = Signals.rms(h, 5400, 5800);
        assertEquals(-30, Signals.toDb(b / a), 3);
    }

    @Test
    void fftConvolutionMatchesDirectConvolution() {
        Random r = new Random(2);
        float[] x = new float[300];
        float[] h = new float[70];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        for (int i = 0; i < h.length; i++) h[i] = (float) r.nextGaussian();
        float[] y = FftConvolver.convolve(x, h);
        assertEquals(x.length + h.length - 1, y.length);
        for (int n = 0; n < y.length; n++) {
            double s = 0;
            for (int k = 0; k < h.length; k++) if (n - k >= 0 && n - k < x.length) s += x[n - k] * h[k];
            assertEquals(s, y[n], 1e-3);
        }
    }

    static Clip positive(float[] x, int start, int end) {
        return new Clip(Signals.toAudio(x), true, "spk", "jarvis", "test", Clip.Kind.WAKE, start, end);
    }

    @Test
    void sameSeedSameAugmentation() {
        Clip c = positive(voiced(RATE), 1000, 12000);
        AugmentationConfig all = new AugmentationConfig(1, 0, 20, 0, -70, -40, 1, -6, 6, 1, 0.9, 1.1, 1, 2, 1, 0.2, 0.6,
                0, 10);
        for (int seed = 0; seed < 3; seed++) {
            Clip a = new Augmenter(all, seed).augment(c);
            Clip b = new Augmenter(all, seed).augment(c);
            assertArrayEquals(a.audio().samples(), b.audio().samples());
            assertEquals(a.phraseEndSample(), b.phraseEndSample());
        }
        Clip a = new Augmenter(all, 1).augment(c);
        Clip b = new Augmenter(all, 2).augment(c);
        assertFalse(Arrays.equals(a.audio().samples(), b.audio().samples()), "different seeds differ");
    }

    @Test
    void withSeedIsANewAugmenterWithThatSeed() {
        Clip c = positive(voiced(RATE), 1000, 12000);
        // Noise files only (probability 1), one of them silent: the copy must skip it as the constructor does.
        AugmentationConfig noiseFiles = new AugmentationConfig(1, 0, 20, 1, -70, -40, 1, -6, 6, 1, 0.9, 1.1, 1, 2, 1, 0.2,
                0.6, 0, 10);
        List<float[]> noise = List.of(new float[3000], NoiseGenerator.generate(NoiseGenerator.Color.PINK, 7000, 0.1, new Random(2)),
                sine(300, 5000, 0.05));
        Augmenter template = new Augmenter(noiseFiles, 99, noise);
        template.augment(c); // the template's own draws do not move the copy's
        for (long seed : new long[] {0, 17, -5}) {
            Augmenter copy = template.withSeed(seed);
            Augmenter fresh = new Augmenter(noiseFiles, seed, noise);
            for (int i = 0; i < 3; i++) {
                Clip a = copy.augment(c);
                Clip b = fresh.augment(c);
                assertArrayEquals(b.audio().samples(), a.audio().samples(), "seed " + seed + ", call " + i);
                assertEquals(b.phraseEndSample(), a.phraseEndSample());
            }
        }
    }

    @Test
    void augmentKeepsBoundariesConsistent() {
        Clip c = positive(voiced(RATE), 1000, 12000);
        Augmenter aug = new Augmenter(AugmentationConfig.DEFAULT, 11,
                List.of(NoiseGenerator.generate(NoiseGenerator.Color.WHITE, 5000, 0.1, new Random(1))));
        for (int i = 0; i < 20; i++) {
            Clip out = aug.augment(c);
            assertTrue(out.positive());
            assertTrue(out.phraseStartSample() >= 0 && out.phraseEndSample() <= out.audio().samples().length);
            assertTrue(out.phraseEndSample() - out.phraseStartSample() > 9000, out.toString());
            assertTrue(Signals.peak(Signals.toFloat(out.audio())) <= 0.991f);
        }
    }

    @Test
    void augmentsAWholeCorpusDeterministically() {
        ClipCorpus corpus = new ClipCorpus(List.of(positive(voiced(RATE), 100, 15000), positive(voiced(RATE / 2), 0, 8000)));
        ClipCorpus a = new Augmenter(AugmentationConfig.DEFAULT, 5).augment(corpus, 3, true);
        ClipCorpus b = new Augmenter(AugmentationConfig.DEFAULT, 5).augment(corpus, 3, true);
        assertEquals(2 + 6, a.clips().size());
        assertEquals(corpus.clips().get(0), a.clips().get(0));
        for (int i = 0; i < a.clips().size(); i++) {
            assertArrayEquals(a.clips().get(i).audio().samples(), b.clips().get(i).audio().samples());
        }
        assertEquals(6, a.clips().stream().filter(c -> c.source().endsWith("+aug")).count());
    }

    @Test
    void silentClipGetsNoiseAtAnAbsoluteLevel() {
        Clip silence = new Clip(new PcmAudio(new short[RATE], RATE), false, "noise/0", "silence", "t", Clip.Kind.SILENCE);
        AugmentationConfig noiseOnly = new AugmentationConfig(1, 0, 20, 0, -50, -50, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0.2,
                0.6, 0, 10);
        Clip out = new Augmenter(noiseOnly, 4).augment(silence);
        assertEquals(-50, Signals.toDb(Signals.rms(Signals.toFloat(out.audio()))), 1);
    }

    @Test
    void placeInWindowKeepsThePhraseInside() {
        Random r = new Random(8);
        Clip c = positive(voiced(RATE * 2), 4000, 20000);
        for (int i = 0; i < 50; i++) {
            Clip w = Augmenter.placeInWindow(c, RATE * 3 / 2, r);
            assertEquals(RATE * 3 / 2, w.audio().samples().length);
            assertEquals(16000, w.phraseEndSample() - w.phraseStartSample());
            assertTrue(w.phraseStartSample() >= 0 && w.phraseEndSample() <= RATE * 3 / 2);
        }
        Clip shortClip = positive(voiced(RATE / 2), 0, RATE / 2);
        Clip padded = Augmenter.placeInWindow(shortClip, RATE, r);
        assertEquals(RATE / 2, padded.phraseEndSample() - padded.phraseStartSample());
        assertEquals(Signals.rms(Signals.toFloat(shortClip.audio())) * Math.sqrt(0.5),
                Signals.rms(Signals.toFloat(padded.audio())), 1e-3);
    }
}
