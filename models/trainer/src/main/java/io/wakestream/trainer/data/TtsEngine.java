package io.wakestream.trainer.data;

import io.wakestream.engine.audio.PcmAudio;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A text-to-speech engine that can be asked for its voices and made to speak.
 *
 * <p>Implementations must be safe to call from several threads at once (each call runs its own process).
 */
public interface TtsEngine {
    /** Short engine name, used in voice ids and cache keys: {@code espeak-ng}, {@code flite}, {@code festival}. */
    String name();

    /** True when the engine is installed and answers; cheap after the first call. */
    boolean isAvailable();

    /** Every usable voice, in a deterministic order; empty when the engine is not available. */
    List<TtsVoice> voices();

    /**
     * Speaks {@code text} and returns the audio at 16 kHz mono.
     *
     * @throws TtsException when the engine fails or times out; the message includes the engine's stderr
     */
    PcmAudio synthesize(String text, TtsVoice voice, SpeechStyle style) throws TtsException;

    /**
     * How {@code voice} pronounces {@code text}, when the engine can tell (espeak-ng can); empty otherwise. Used to
     * check that a foreign-accent voice says the wake phrase recognisably before using it for positives.
     */
    default Optional<Pronunciation> pronounce(String text, TtsVoice voice) {
        return Optional.empty();
    }

    /**
     * {@code n} voices made up for this run (new synthetic speakers), deterministic for a seed; empty when the engine
     * cannot make voices. They come on top of {@link #voices()}, and {@link #synthesize} speaks with them afterwards.
     *
     * @param cacheDir where the engine may keep what the voices need
     */
    default List<TtsVoice> generatedVoices(int n, long seed, Path cacheDir) throws IOException {
        return List.of();
    }

    /**
     * True for an engine whose voices a corpus uses only when its spec draws them by name ({@code --engine-draws
     * NAME=K}), on top of the voice budget, so that installing it changes no existing recipe's corpus.
     */
    default boolean onRequestOnly() {
        return false;
    }

    /** What to install when this engine is asked for and has no voice that speaks (packages to name), or "". */
    default String installHint() {
        return "";
    }
}
