package io.wakestream.pipeline.transcribe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordErrorRateTest {
    @Test
    void identicalTextsHaveNoErrors() {
        assertEquals(new WordErrorRate.Score(0, 5), WordErrorRate.score("turn on the kitchen lights", "turn on the kitchen lights"));
    }

    @Test
    void substitutionsDeletionsAndInsertionsCountOneEach() {
        assertEquals(1, WordErrorRate.score("turn on the kitchen lights", "third on the kitchen lights").errors());
        assertEquals(2, WordErrorRate.score("set a timer for ten minutes", "timer for ten minutes").errors());
        assertEquals(2, WordErrorRate.score("open the door", "please open the door now").errors());
        // the cat sat on the mat -> the cat sit on mat: one substitution, one deletion.
        assertEquals(2.0 / 6, WordErrorRate.of("the cat sat on the mat", "the cat sit on mat"), 1e-12);
    }

    @Test
    void theFewestEditsAreCountedNotAPositionalComparison() {
        // Shifted by one word: a positional count would say 4 of 4 wrong; one deletion and one insertion fix it.
        assertEquals(2, WordErrorRate.score("a b c d", "b c d e").errors());
    }

    @Test
    void insertionsCanPushTheRateAboveOne() {
        assertEquals(7.0 / 6, WordErrorRate.of("what is the weather like tomorrow", "isn't that where they're like to my rope"), 1e-12);
    }

    @Test
    void caseAndPunctuationAreNotErrors() {
        assertEquals(0, WordErrorRate.of("Turn ON the lights!", "turn on, the lights"));
        assertEquals(List.of("isn't", "it", "42"), WordErrorRate.words("  Isn't it... 42?"));
    }

    @Test
    void emptyTexts() {
        assertEquals(0, WordErrorRate.of("", ""));
        assertEquals(1, WordErrorRate.of("lights on", ""));
        assertEquals(Double.POSITIVE_INFINITY, WordErrorRate.of("", "the"));
        assertEquals(List.of(), WordErrorRate.words(" ?! "));
    }

    @Test
    void aCorpusRateIsTotalErrorsOverTotalReferenceWords() {
        WordErrorRate.Score total = WordErrorRate.score("one two three four", "one two three four")
                .plus(WordErrorRate.score("five six", "five"));
        assertEquals(new WordErrorRate.Score(1, 6), total);
        assertEquals(1.0 / 6, total.rate(), 1e-12); // not the mean of 0 and 1/2
    }
}
