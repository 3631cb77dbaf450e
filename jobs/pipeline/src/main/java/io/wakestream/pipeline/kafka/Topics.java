package io.wakestream.pipeline.kafka;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;

/**
 * The job's topic names. All must differ: writing an output to the audio topic would feed the job its own events as
 * bad audio. The partial-transcripts topic is only written when the job publishes partial transcripts.
 */
public record Topics(String audio, String wakeEvents, String transcripts, String deadLetters, String partialTranscripts)
        implements Serializable {
    public static final String DEFAULT_AUDIO = "audio";
    public static final String DEFAULT_WAKE_EVENTS = "wake-events";
    public static final String DEFAULT_TRANSCRIPTS = "transcripts";
    public static final String DEFAULT_DEAD_LETTERS = "dead-letters";
    /** The partial-transcripts topic's name is the transcripts topic's with this suffix unless given. */
    public static final String PARTIAL_SUFFIX = "-partial";

    public Topics {
        for (String[] t : new String[][] {{"audio", audio}, {"wakeEvents", wakeEvents}, {"transcripts", transcripts},
                {"deadLetters", deadLetters}, {"partialTranscripts", partialTranscripts}}) {
            if (t[1] == null || t[1].isBlank()) throw new IllegalArgumentException(t[0] + " topic must be set");
        }
        if (new HashSet<>(List.of(audio, wakeEvents, transcripts, deadLetters, partialTranscripts)).size() != 5) {
            throw new IllegalArgumentException("the topics must differ, got audio=" + audio + ", wakeEvents="
                    + wakeEvents + ", transcripts=" + transcripts + ", deadLetters=" + deadLetters
                    + ", partialTranscripts=" + partialTranscripts);
        }
    }

    /** Partial transcripts on {@code <transcripts>-partial}. */
    public Topics(String audio, String wakeEvents, String transcripts, String deadLetters) {
        this(audio, wakeEvents, transcripts, deadLetters, transcripts == null ? null : transcripts + PARTIAL_SUFFIX);
    }

    public static Topics defaults() {
        return new Topics(DEFAULT_AUDIO, DEFAULT_WAKE_EVENTS, DEFAULT_TRANSCRIPTS, DEFAULT_DEAD_LETTERS);
    }
}
