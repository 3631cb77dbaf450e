package io.wakestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusablePhrasesTest {
    @TempDir
    static Path cache;

    static ConfusablePhrases confusables;

    @BeforeAll
    static void setUp() {
        PronunciationDictionary dict = PronunciationDictionary.standard(cache);
        assumeTrue(dict.isPhonetic(), "espeak-ng is not installed: skipping phonetic confusable tests");
        confusables = new ConfusablePhrases(dict, WordList.builtin());
    }

    @Test
    void jarvisConfusablesShareFirstOrLastSyllableAndNeverContainJarvis() throws Exception {
        List<ConfusablePhrases.Confusable> all = confusables.all("Jarvis");
        List<String> texts = all.stream().map(ConfusablePhrases.Confusable::text).toList();
        assertTrue(texts.stream().anyMatch(t -> List.of("jargon", "jarring", "jar").contains(t)), texts.toString());
        assertTrue(texts.stream().anyMatch(t -> List.of("service", "travis", "davis").contains(t)), texts.toString());
        assertTrue(all.stream().anyMatch(c -> c.category() == ConfusablePhrases.Category.FIRST_SYLLABLE));
        assertTrue(all.stream().anyMatch(c -> c.category() == ConfusablePhrases.Category.LAST_SYLLABLE));
        WakePhraseFilter f = new WakePhraseFilter("jarvis");
        for (String t : texts) assertFalse(f.containsPhrase(t), t);
    }

    @Test
    void multiWordPhrase() throws Exception {
        List<ConfusablePhrases.Confusable> list = confusables.generate("hey jarvis", 60);
        WakePhraseFilter f = new WakePhraseFilter("hey jarvis");
        for (ConfusablePhrases.Confusable c : list) assertFalse(f.containsPhrase(c.text()), c.text());
        assertTrue(list.stream().anyMatch(c -> c.text().equals("jarvis")));
    }
}
