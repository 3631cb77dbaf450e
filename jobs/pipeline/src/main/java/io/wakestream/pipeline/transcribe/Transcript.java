package io.wakestream.pipeline.transcribe;

import java.util.List;

/**
 * What the recogniser made of one piece of audio.
 *
 * @param text the words separated by single spaces; empty when nothing was recognised
 * @param words the words in order with times relative to the start of the audio
 */
public record Transcript(String text, List<RecognizedWord> words) {
    public static final Transcript EMPTY = new Transcript("", List.of());

    public Transcript {
        if (text == null) throw new IllegalArgumentException("text must not be null");
        words = List.copyOf(words);
    }

    public boolean isEmpty() {
        return words.isEmpty() && text.isEmpty();
    }
}
