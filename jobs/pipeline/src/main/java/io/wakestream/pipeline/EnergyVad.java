package io.wakestream.pipeline;

/**
 * A small energy voice-activity detector that decides where a spoken command ends: after at least
 * {@link VadConfig#minSpeechMs()} of frames at or above the threshold, {@link VadConfig#trailingSilenceMs()} of
 * consecutive frames below it end the utterance.
 *
 * <p>Frames are counted from the first sample fed, never from chunk boundaries, so the decision (and the sample at
 * which it is made) is the same however the audio is split. Mutable, one per command; its state is plain numbers
 * (see the accessors and the restoring constructor) so it lives in Flink keyed state.
 */
public final class EnergyVad implements CommandVad {
    /** Full-scale RMS of 16-bit audio, squared, for dBFS. */
    private static final double FULL_SCALE_SQ = 32768.0 * 32768.0;

    private final int frameSamples;
    private final double thresholdMeanSquare;
    private final CommandEndRule rule;

    private double frameSumSq;
    private int frameFill;

    public EnergyVad(VadConfig config, int sampleRate) {
        this.frameSamples = Math.max(1, config.frameMs() * sampleRate / 1000);
        this.thresholdMeanSquare = FULL_SCALE_SQ * Math.pow(10, config.speechThresholdDbfs() / 10);
        this.rule = CommandEndRule.forFrames(config, config.frameMs());
    }

    /**
     * Restores a VAD from its parts (see the accessors). The derived settings are stored with the state so a
     * command in flight keeps the rules it started with, and the state serializer needs no configuration.
     */
    public EnergyVad(int frameSamples, double thresholdMeanSquare, int minSpeechFrames, int silenceFrames,
            double frameSumSq, int frameFill, int speechFrames, int silenceRun, boolean ended) {
        this.frameSamples = frameSamples;
        this.thresholdMeanSquare = thresholdMeanSquare;
        this.rule = new CommandEndRule(minSpeechFrames, silenceFrames, speechFrames, silenceRun, ended);
        this.frameSumSq = frameSumSq;
        this.frameFill = frameFill;
    }

    /**
     * Feeds samples until the utterance ends.
     *
     * @return how many samples were consumed: {@code len} while the utterance goes on, fewer when it ended inside
     *     this call (the rest of the audio is after the end and not part of it)
     */
    @Override
    public int accept(short[] pcm, int off, int len) {
        if (rule.ended()) return 0;
        for (int i = 0; i < len; i++) {
            double s = pcm[off + i];
            frameSumSq += s * s;
            if (++frameFill == frameSamples) {
                boolean speech = frameSumSq / frameSamples >= thresholdMeanSquare;
                frameSumSq = 0;
                frameFill = 0;
                if (rule.onFrame(speech)) return i + 1;
            }
        }
        return len;
    }

    @Override
    public boolean ended() {
        return rule.ended();
    }

    @Override
    public boolean heardSpeech() {
        return rule.heardSpeech();
    }

    public int frameSamples() { return frameSamples; }
    public double thresholdMeanSquare() { return thresholdMeanSquare; }
    public int minSpeechFrames() { return rule.minSpeechFrames(); }
    public int silenceFrames() { return rule.silenceFrames(); }
    public double frameSumSq() { return frameSumSq; }
    public int frameFill() { return frameFill; }
    public int speechFrames() { return rule.speechFrames(); }
    public int silenceRun() { return rule.silenceRun(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnergyVad v && frameSamples == v.frameSamples
                && Double.compare(thresholdMeanSquare, v.thresholdMeanSquare) == 0
                && Double.compare(frameSumSq, v.frameSumSq) == 0 && frameFill == v.frameFill && rule.equals(v.rule);
    }

    @Override
    public int hashCode() {
        return rule.hashCode();
    }
}
