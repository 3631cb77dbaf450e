package io.wakestream.pipeline.kafka;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;

/**
 * The job's topic names. All four must differ: writing an output to the audio topic would feed the job its own
 * events as bad audio.
 */
public record Topics(String audio, String wakeEvents, String transcripts, String deadLetters) implements Serializable {
    public static final String DEFAULT_AUDIO = "audio";
    public static final String DEFAULT_WAKE_EVENTS = "wake-events";
    public static final String DEFAULT_TRANSCRIPTS = "transcripts";
    public static final String DEFAULT_DEAD_LETTERS = "dead-letters";

    public Topics {
        for (String[] t : new String[][] {{"audio", audio}, {"wakeEvents", wakeEvents}, {"transcripts", transcripts},
                {"deadLetters", deadLetters}}) {
            if (t[1] == null || t[1].isBlank()) throw new IllegalArgumentException(t[0] + " topic must be set");
        }
        if (new HashSet<>(List.of(audio, wakeEvents, transcripts, deadLetters)).size() != 4) {
            throw new IllegalArgumentException("the four topics must differ, got audio=" + audio + ", wakeEvents="
                    + wakeEvents + ", transcripts=" + transcripts + ", deadLetters=" + deadLetters);
        }
    }

    public static Topics defaults() {
        return new Topics(DEFAULT_AUDIO, DEFAULT_WAKE_EVENTS, DEFAULT_TRANSCRIPTS, DEFAULT_DEAD_LETTERS);
    }
}
