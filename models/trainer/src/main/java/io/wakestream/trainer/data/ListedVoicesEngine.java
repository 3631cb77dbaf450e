package io.wakestream.trainer.data;

import java.util.List;

/**
 * An engine whose voices are found once, by asking the installed program, and which is available exactly when it has
 * a voice. Subclasses say how to find them.
 */
abstract class ListedVoicesEngine implements TtsEngine {
    private volatile List<TtsVoice> voices;

    /** The voices the installed program offers; empty when it is missing or offers none (say why in the log). */
    protected abstract List<TtsVoice> findVoices();

    @Override
    public final boolean isAvailable() {
        return !voices().isEmpty();
    }

    @Override
    public final List<TtsVoice> voices() {
        List<TtsVoice> v = voices;
        if (v == null) {
            v = findVoices(); // two threads may both look; they find the same voices
            voices = v;
        }
        return v;
    }
}
