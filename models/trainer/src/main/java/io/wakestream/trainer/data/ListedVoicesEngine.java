package io.wakestream.trainer.data;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

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

    /**
     * Those of {@code candidates} that say a word: where a program lists voices whose data may be missing, a
     * synthesis is the only sure test. The others are logged, each with why, after {@code skipped}.
     */
    protected final List<TtsVoice> thoseThatSpeak(List<TtsVoice> candidates, Logger log, String skipped) {
        List<TtsVoice> out = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        for (TtsVoice v : candidates) {
            try {
                synthesize("hello", v, SpeechStyle.NORMAL);
                out.add(v);
            } catch (TtsException e) {
                silent.add(v.voiceId() + " (" + e.getMessage() + ")");
            }
        }
        if (!silent.isEmpty()) log.info("{}: {}", skipped, silent);
        return List.copyOf(out);
    }

    /**
     * An engine a corpus uses only when its spec asks for it by name ({@link TtsEngine#onRequestOnly}), which says
     * what to install when it is asked for and cannot speak.
     */
    abstract static class OnRequest extends ListedVoicesEngine {
        private final String name;
        private final String installHint;

        OnRequest(String name, String installHint) {
            this.name = name;
            this.installHint = installHint;
        }

        @Override
        public final String name() {
            return name;
        }

        @Override
        public final boolean onRequestOnly() {
            return true;
        }

        @Override
        public final String installHint() {
            return installHint;
        }
    }
}
