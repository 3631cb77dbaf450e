package io.wakestream.trainer.data;

/**
 * Ranges and probabilities for {@link Augmenter}. Each effect is applied to a clip with its probability, with a
 * parameter drawn uniformly from its range.
 *
 * @param noiseProbability chance of adding background noise
 * @param snrMinDb lowest signal-to-noise ratio (dB)
 * @param snrMaxDb highest signal-to-noise ratio (dB)
 * @param noiseFileProbability when noise files were given, chance of using one instead of generated noise
 * @param silentNoiseMinDbfs for (nearly) silent clips, where SNR means nothing: lowest noise level (dBFS RMS)
 * @param silentNoiseMaxDbfs ... highest noise level (dBFS RMS)
 * @param gainProbability chance of changing the level
 * @param gainMinDb lowest gain (dB)
 * @param gainMaxDb highest gain (dB)
 * @param speedProbability chance of speed perturbation (tempo and pitch together, like a tape played faster)
 * @param speedMin slowest factor (0.9 = 10% slower and lower)
 * @param speedMax fastest factor
 * @param pitchProbability chance of a pitch shift that keeps the duration
 * @param pitchMaxSemitones largest shift up or down, in semitones
 * @param reverbProbability chance of adding room reverberation
 * @param rt60Min shortest reverberation time (s)
 * @param rt60Max longest reverberation time (s)
 * @param drrMinDb lowest direct-to-reverberant ratio (dB; low is far from the microphone)
 * @param drrMaxDb highest direct-to-reverberant ratio (dB)
 * @param coloration equaliser and echo ({@link Coloration#NONE}: neither)
 */
public record AugmentationConfig(
        double noiseProbability, double snrMinDb, double snrMaxDb, double noiseFileProbability,
        double silentNoiseMinDbfs, double silentNoiseMaxDbfs,
        double gainProbability, double gainMinDb, double gainMaxDb,
        double speedProbability, double speedMin, double speedMax,
        double pitchProbability, double pitchMaxSemitones,
        double reverbProbability, double rt60Min, double rt60Max, double drrMinDb, double drrMaxDb,
        Coloration coloration) {

    /** Moderate settings for wake-word training: most clips noisy, some reverberant, all within realistic ranges. */
    public static final AugmentationConfig DEFAULT = new AugmentationConfig(
            0.8, 0, 30, 0.5,
            -70, -40,
            0.7, -12, 6,
            0.5, 0.9, 1.1,
            0.3, 2.0,
            0.4, 0.15, 0.8, 0, 12);

    /** Nothing applied (for tests and for "clean" copies). */
    public static final AugmentationConfig NONE = new AugmentationConfig(
            0, 0, 30, 0, -70, -40, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0.15, 0.8, 0, 12);

    /** Without colouration. */
    public AugmentationConfig(
            double noiseProbability, double snrMinDb, double snrMaxDb, double noiseFileProbability,
            double silentNoiseMinDbfs, double silentNoiseMaxDbfs,
            double gainProbability, double gainMinDb, double gainMaxDb,
            double speedProbability, double speedMin, double speedMax,
            double pitchProbability, double pitchMaxSemitones,
            double reverbProbability, double rt60Min, double rt60Max, double drrMinDb, double drrMaxDb) {
        this(noiseProbability, snrMinDb, snrMaxDb, noiseFileProbability, silentNoiseMinDbfs, silentNoiseMaxDbfs,
                gainProbability, gainMinDb, gainMaxDb, speedProbability, speedMin, speedMax, pitchProbability,
                pitchMaxSemitones, reverbProbability, rt60Min, rt60Max, drrMinDb, drrMaxDb, Coloration.NONE);
    }

    public AugmentationConfig {
        if (coloration == null) coloration = Coloration.NONE;
        probability("noiseProbability", noiseProbability);
        probability("noiseFileProbability", noiseFileProbability);
        probability("gainProbability", gainProbability);
        probability("speedProbability", speedProbability);
        probability("pitchProbability", pitchProbability);
        probability("reverbProbability", reverbProbability);
        range("snr", snrMinDb, snrMaxDb);
        range("silentNoise", silentNoiseMinDbfs, silentNoiseMaxDbfs);
        range("gain", gainMinDb, gainMaxDb);
        range("speed", speedMin, speedMax);
        range("rt60", rt60Min, rt60Max);
        range("drr", drrMinDb, drrMaxDb);
        if (speedMin < 0.5 || speedMax > 2.0) throw new IllegalArgumentException("speed factors must be in 0.5..2");
        if (pitchMaxSemitones < 0 || pitchMaxSemitones > 12) throw new IllegalArgumentException("pitch shift must be 0..12 semitones");
        if (rt60Min <= 0) throw new IllegalArgumentException("rt60Min must be positive");
    }

    /** This configuration with {@code c} as its colouration. */
    public AugmentationConfig withColoration(Coloration c) {
        return new AugmentationConfig(noiseProbability, snrMinDb, snrMaxDb, noiseFileProbability, silentNoiseMinDbfs,
                silentNoiseMaxDbfs, gainProbability, gainMinDb, gainMaxDb, speedProbability, speedMin, speedMax,
                pitchProbability, pitchMaxSemitones, reverbProbability, rt60Min, rt60Max, drrMinDb, drrMaxDb, c);
    }

    private static void probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(name + " must be in 0..1, was " + p);
    }

    private static void range(String name, double lo, double hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException(name + " range is empty: " + lo + " > " + hi);
    }
}
