package io.wakestream.pipeline;

import io.wakestream.engine.model.ModelLoadException;
import io.wakestream.engine.vad.SileroVad;
import io.wakestream.engine.vad.SileroVadState;
import java.nio.file.Path;

/**
 * The end of a command by the Silero VAD: a 32 ms frame is speech when its speech probability is at or above the
 * threshold; after {@link VadConfig#minSpeechMs()} of speech frames, {@link VadConfig#trailingSilenceMs()} of
 * consecutive non-speech frames end the utterance (the {@link EnergyVad}'s rules, on Silero's frames).
 *
 * <p>Frames are counted from the first sample fed (the partial frame waits in the {@link SileroVadState}), so the
 * decision and the sample at which it is made do not depend on chunking. The model itself is not state: it is the
 * JVM-wide {@link SileroVad} for {@link #modelPath()}, looked up on first use (the operator loads it at open, so
 * a restored state finds it loaded).
 */
public final class SileroCommandVad implements CommandVad {
    private final String modelPath;
    private final float threshold;
    private final CommandEndRule rule;
    private final SileroVadState state;
    private SileroVad model;

    public SileroCommandVad(VadConfig config, int sampleRate) {
        if (sampleRate != SileroVad.SAMPLE_RATE) {
            throw new IllegalArgumentException("the Silero VAD runs at " + SileroVad.SAMPLE_RATE + " Hz, not " + sampleRate);
        }
        int frameMs = SileroVad.FRAME_SAMPLES * 1000 / SileroVad.SAMPLE_RATE;
        this.modelPath = config.sileroModel();
        this.threshold = (float) config.sileroThreshold();
        this.rule = CommandEndRule.forFrames(config, frameMs);
        this.state = new SileroVadState();
    }

    /**
     * Restores a VAD from its parts (see the accessors). The derived settings are stored with the state so a
     * command in flight keeps the rules it started with, and the state serializer needs no configuration.
     */
    public SileroCommandVad(String modelPath, float threshold, int minSpeechFrames, int silenceFrames,
            SileroVadState state, int speechFrames, int silenceRun, boolean ended) {
        this.modelPath = modelPath;
        this.threshold = threshold;
        this.rule = new CommandEndRule(minSpeechFrames, silenceFrames, speechFrames, silenceRun, ended);
        this.state = state;
    }

    @Override
    public int accept(short[] pcm, int off, int len) {
        if (rule.ended()) return 0;
        return model().accept(state, pcm, off, len, p -> rule.onFrame(p >= threshold));
    }

    private SileroVad model() {
        if (model == null) {
            try {
                model = SileroVad.load(Path.of(modelPath));
            } catch (ModelLoadException e) {
                throw new IllegalStateException("the command's Silero VAD cannot be loaded: " + e.getMessage(), e);
            }
        }
        return model;
    }

    @Override
    public boolean ended() {
        return rule.ended();
    }

    @Override
    public boolean heardSpeech() {
        return rule.heardSpeech();
    }

    public String modelPath() { return modelPath; }
    public float threshold() { return threshold; }
    public int minSpeechFrames() { return rule.minSpeechFrames(); }
    public int silenceFrames() { return rule.silenceFrames(); }
    /** The live state (the serializer reads its parts). */
    public SileroVadState state() { return state; }
    public int speechFrames() { return rule.speechFrames(); }
    public int silenceRun() { return rule.silenceRun(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof SileroCommandVad v && modelPath.equals(v.modelPath)
                && Float.compare(threshold, v.threshold) == 0 && state.equals(v.state) && rule.equals(v.rule);
    }

    @Override
    public int hashCode() {
        return rule.hashCode();
    }

    @Override
    public String toString() {
        return "SileroCommandVad[speechFrames=" + rule.speechFrames() + ", silenceRun=" + rule.silenceRun() + ", ended=" + rule.ended()
                + ", frames=" + state.frames() + "]";
    }
}
