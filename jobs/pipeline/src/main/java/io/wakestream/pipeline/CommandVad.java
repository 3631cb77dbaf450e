package io.wakestream.pipeline;

/**
 * Decides where a spoken command ends, for {@link CommandCollector}: the {@link EnergyVad} or the
 * {@link SileroCommandVad}, chosen by {@link VadConfig#kind()}. Mutable, one per command; its state is plain
 * numbers and arrays so it lives in Flink keyed state ({@link DeviceStateSerializer} writes each kind).
 */
public sealed interface CommandVad permits EnergyVad, SileroCommandVad {
    /**
     * Feeds samples until the utterance ends.
     *
     * @return how many samples were consumed: {@code len} while the utterance goes on, fewer when it ended inside
     *     this call (the rest of the audio is after the end and not part of it)
     */
    int accept(short[] pcm, int off, int len);

    /** True once trailing silence after enough speech was seen. */
    boolean ended();

    /** True if at least the minimum of speech was heard (a segment worth transcribing). */
    boolean heardSpeech();

    /** A new detector for a command, as {@code config} says. */
    static CommandVad create(VadConfig config, int sampleRate) {
        return switch (config.kind()) {
            case ENERGY -> new EnergyVad(config, sampleRate);
            case SILERO -> new SileroCommandVad(config, sampleRate);
        };
    }
}
