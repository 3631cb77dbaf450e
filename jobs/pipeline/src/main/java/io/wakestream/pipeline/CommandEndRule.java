package io.wakestream.pipeline;

/**
 * The rule both end-of-command VADs apply to their frames, whatever decides that a frame is speech: after
 * {@code minSpeechFrames} speech frames, {@code silenceFrames} consecutive non-speech frames end the command.
 * Silence before any speech does not count (the user may pause after the wake word). Mutable, one per command; its
 * state is plain numbers so it lives in Flink keyed state with the VAD that owns it.
 */
final class CommandEndRule {
    private final int minSpeechFrames;
    private final int silenceFrames;
    private int speechFrames;
    private int silenceRun;
    private boolean ended;

    /** A new command's rule for frames of {@code frameMs}. */
    static CommandEndRule forFrames(VadConfig config, int frameMs) {
        return new CommandEndRule((config.minSpeechMs() + frameMs - 1) / frameMs,
                Math.max(1, (config.trailingSilenceMs() + frameMs - 1) / frameMs), 0, 0, false);
    }

    /** Restores a rule from its parts. */
    CommandEndRule(int minSpeechFrames, int silenceFrames, int speechFrames, int silenceRun, boolean ended) {
        this.minSpeechFrames = minSpeechFrames;
        this.silenceFrames = silenceFrames;
        this.speechFrames = speechFrames;
        this.silenceRun = silenceRun;
        this.ended = ended;
    }

    /** Counts one frame; returns whether the command has now ended. */
    boolean onFrame(boolean speech) {
        if (speech) {
            speechFrames++;
            silenceRun = 0;
        } else if (speechFrames >= minSpeechFrames && speechFrames > 0) {
            if (++silenceRun >= silenceFrames) ended = true;
        }
        return ended;
    }

    boolean ended() { return ended; }
    boolean heardSpeech() { return speechFrames > 0 && speechFrames >= minSpeechFrames; }
    int minSpeechFrames() { return minSpeechFrames; }
    int silenceFrames() { return silenceFrames; }
    int speechFrames() { return speechFrames; }
    int silenceRun() { return silenceRun; }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandEndRule r && minSpeechFrames == r.minSpeechFrames && silenceFrames == r.silenceFrames
                && speechFrames == r.speechFrames && silenceRun == r.silenceRun && ended == r.ended;
    }

    @Override
    public int hashCode() {
        return speechFrames * 31 + silenceRun;
    }
}
