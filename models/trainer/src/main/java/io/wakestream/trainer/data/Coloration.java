package io.wakestream.trainer.data;

/**
 * Timbre effects for {@link Augmenter}: a random equaliser (peaking bands) and a discrete echo. Synthetic voices
 * differ from one another mostly in pitch and tempo, which speed and pitch perturbation already cover; people,
 * rooms and microphones also differ in which frequency bands carry energy (a weak third formant, a bright or muffled
 * microphone, a hard wall nearby). A model that saw only the TTS engines' timbres misses those voices even when it
 * has learnt the word.
 *
 * @param eqProbability chance of equalising a clip
 * @param eqMaxBands the equaliser has 1 to this many peaking bands (centre 150 to 6500 Hz, Q 0.7 to 4, log-uniform)
 * @param eqMinDb lowest band gain (dB; negative cuts)
 * @param eqMaxDb highest band gain (dB)
 * @param echoProbability chance of adding one echo
 * @param echoMinMs shortest echo delay (ms)
 * @param echoMaxMs longest echo delay (ms)
 * @param echoMinGain quietest echo, as a fraction of the signal
 * @param echoMaxGain loudest echo
 */
public record Coloration(double eqProbability, int eqMaxBands, double eqMinDb, double eqMaxDb,
        double echoProbability, double echoMinMs, double echoMaxMs, double echoMinGain, double echoMaxGain) {

    /** No colouration (the augmentation of models made before it existed). */
    public static final Coloration NONE = new Coloration(0, 1, 0, 0, 0, 40, 40, 0, 0);

    static final double EQ_LOW_HZ = 150;
    static final double EQ_HIGH_HZ = 6500;
    static final double EQ_MIN_Q = 0.7;
    static final double EQ_MAX_Q = 4;

    public Coloration {
        if (!(eqProbability >= 0 && eqProbability <= 1)) throw new IllegalArgumentException("eqProbability must be in 0..1, was " + eqProbability);
        if (!(echoProbability >= 0 && echoProbability <= 1)) throw new IllegalArgumentException("echoProbability must be in 0..1, was " + echoProbability);
        if (eqMaxBands < 1 || eqMaxBands > 8) throw new IllegalArgumentException("eqMaxBands must be 1 to 8, was " + eqMaxBands);
        if (!(eqMinDb <= eqMaxDb) || eqMinDb < -40 || eqMaxDb > 20) {
            throw new IllegalArgumentException("equaliser gains must be ordered and within -40..20 dB, were " + eqMinDb + ".." + eqMaxDb);
        }
        if (!(echoMinMs > 0 && echoMinMs <= echoMaxMs && echoMaxMs <= 1000)) {
            throw new IllegalArgumentException("echo delays must be ordered and within (0, 1000] ms, were " + echoMinMs + ".." + echoMaxMs);
        }
        if (!(echoMinGain >= 0 && echoMinGain <= echoMaxGain && echoMaxGain < 1)) {
            throw new IllegalArgumentException("echo gains must be ordered and within [0, 1), were " + echoMinGain + ".." + echoMaxGain);
        }
    }

    /**
     * The trainer's colouration at strength {@code p}: with chance p an equaliser of 1 to 3 bands between -20 and
     * +10 dB (cuts go deeper than boosts: a missing formant is common, a doubled one is not), and with chance p/4 an
     * echo 40 to 200 ms late at 10 to 40%.
     */
    public static Coloration voices(double p) {
        if (p == 0) return NONE;
        return new Coloration(p, 3, -20, 10, p / 4, 40, 200, 0.1, 0.4);
    }

    public boolean isNone() {
        return eqProbability == 0 && echoProbability == 0;
    }
}
