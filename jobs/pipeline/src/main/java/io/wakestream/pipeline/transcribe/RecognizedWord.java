package io.wakestream.pipeline.transcribe;

/**
 * One word as the recogniser heard it.
 *
 * @param word the word (lower case, as in the model's vocabulary)
 * @param startMs start, in ms from the first sample of the transcribed audio
 * @param endMs end, same reference; {@code startMs <= endMs}
 * @param confidence the recogniser's confidence, 0 to 1
 */
public record RecognizedWord(String word, long startMs, long endMs, float confidence) {
    public RecognizedWord {
        if (word == null || word.isEmpty()) throw new IllegalArgumentException("word must not be empty");
        if (startMs < 0 || endMs < startMs) throw new IllegalArgumentException("bad span " + startMs + "-" + endMs + " ms for '" + word + "'");
        if (!(confidence >= 0 && confidence <= 1)) throw new IllegalArgumentException("confidence must be 0 to 1, was " + confidence);
    }
}
