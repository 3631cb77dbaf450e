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
    private final int minSpeechFrames;
    private final int silenceFrames;

    private double frameSumSq;
    private int frameFill;
    private int speechFrames;
    private int silenceRun;
    private boolean ended;

    public EnergyVad(VadConfig config, int sampleRate) {
        this.frameSamples = Math.max(1, config.frameMs() * sampleRate / 1000);
        this.thresholdMeanSquare = FULL_SCALE_SQ * Math.pow(10, config.speechThresholdDbfs() / 10);
        this.minSpeechFrames = (config.minSpeechMs() + config.frameMs() - 1) / config.frameMs();
        this.silenceFrames = (config.trailingSilenceMs() + config.frameMs() - 1) / config.frameMs();
    }

    /**
     * Restores a VAD from its parts (see the accessors). The derived settings are stored with the state so a
     * command in flight keeps the rules it started with, and the state serializer needs no configuration.
     */
    public EnergyVad(int frameSamples, double thresholdMeanSquare, int minSpeechFrames, int silenceFrames,
            double frameSumSq, int frameFill, int speechFrames, int silenceRun, boolean ended) {
        this.frameSamples = frameSamples;
        this.thresholdMeanSquare = thresholdMeanSquare;
        this.minSpeechFrames = minSpeechFrames;
        this.silenceFrames = silenceFrames;
        this.frameSumSq = frameSumSq;
        this.frameFill = frameFill;
        this.speechFrames = speechFrames;
        this.silenceRun = silenceRun;
        this.ended = ended;
    }

    /**
     * Feeds samples until the utterance ends.
     *
     * @return how many samples were consumed: {@code len} while the utterance goes on, fewer when it ended inside
     *     this call (the rest of the audio is after the end and not part of it)
     */
    @Override
    public int accept(short[] pcm, int off, int len) {
        if (ended) return 0;
        for (int i = 0; i < len; i++) {
            double s = pcm[off + i];
            frameSumSq += s * s;
            if (++frameFill == frameSamples) {
                boolean speech = frameSumSq / frameSamples >= thresholdMeanSquare;
                frameSumSq = 0;
                frameFill = 0;
                if (speech) {
                    speechFrames++;
                    silenceRun = 0;
                } else if (speechFrames >= minSpeechFrames && speechFrames > 0) {
                    // Silence before any speech does not count: the user may pause after the wake word.
                    if (++silenceRun >= silenceFrames) {
                        ended = true;
                        return i + 1;
                    }
                }
            }
        }
        return len;
    }

    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public boolean heardSpeech() {
        return speechFrames > 0 && speechFrames >= minSpeechFrames;
    }

    public int frameSamples() { return frameSamples; }
    public double thresholdMeanSquare() { return thresholdMeanSquare; }
    public int minSpeechFrames() { return minSpeechFrames; }
    public int silenceFrames() { return silenceFrames; }
    public double frameSumSq() { return frameSumSq; }
    public int frameFill() { return frameFill; }
    public int speechFrames() { return speechFrames; }
    public int silenceRun() { return silenceRun; }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnergyVad v && frameSamples == v.frameSamples
                && Double.compare(thresholdMeanSquare, v.thresholdMeanSquare) == 0
                && minSpeechFrames == v.minSpeechFrames && silenceFrames == v.silenceFrames
                && Double.compare(frameSumSq, v.frameSumSq) == 0 && frameFill == v.frameFill
                && speechFrames == v.speechFrames && silenceRun == v.silenceRun && ended == v.ended;
    }

    @Override
    public int hashCode() {
        return speechFrames * 31 + silenceRun;
    }
}
