package io.wakestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PhrasesTest {
    @Test
    void wakePhraseFilterMatchesWholeWordsCaseInsensitively() {
        WakePhraseFilter f = new WakePhraseFilter("Hey  Jarvis!");
        assertEquals("hey jarvis", f.phrase());
        assertTrue(f.containsPhrase("HEY JARVIS turn it on"));
        assertTrue(f.containsPhrase("ok, hey, jarvis."));
        assertFalse(f.containsPhrase("they jarvis"));
        assertFalse(f.containsPhrase("hey jarvisson"));
        assertFalse(f.containsPhrase("jarvis hey"));
        WakePhraseFilter j = new WakePhraseFilter("jarvis");
        assertTrue(j.containsPhrase("Jarvis's car"));
        assertFalse(j.containsPhrase("jarvise"));
    }

    @Test
    void runningSpeechNeverContainsThePhrase() {
        RunningSpeech rs = new RunningSpeech("turn on the lights", WordList.builtin());
        assertTrue(rs.sentences().size() > 250, "sentences: " + rs.sentences().size());
        WakePhraseFilter f = new WakePhraseFilter("turn on the lights");
        for (String s : rs.sentences()) assertFalse(f.containsPhrase(s), s);
        RunningSpeech hey = new RunningSpeech("hey", List.of("hey", "you", "there"));
        Random r = new Random(1);
        for (int i = 0; i < 200; i++) assertFalse(hey.randomWords(r, 1, 4).contains("hey"));
        assertEquals(rs.pick(new Random(4), 10), rs.pick(new Random(4), 10));
        assertEquals(10, rs.pick(new Random(4), 10).stream().distinct().count());
    }

    @Test
    void wordListIsCleanAndLargeEnough() {
        List<String> w = WordList.builtin();
        assertTrue(w.size() > 3000, "words: " + w.size());
        for (String s : w) assertTrue(s.matches("[a-z]+"), s);
    }

    @Test
    void parsesEspeakPhonemes() {
        Pronunciation p = Pronunciation.parseEspeak("dZ_'A@_v_I_s");
        assertEquals(List.of("dZ", "A@", "v", "I", "s"), p.phones());
        assertEquals(1, p.stressIndex());
        assertEquals(List.of("dZ", "A@"), p.firstSyllableHead());
        assertEquals(List.of("v", "I", "s"), p.lastSyllable());
        assertEquals(List.of("A@", "v", "I", "s"), p.rhyme());
        // language switches, pauses, tone numbers and variant digits are dropped
        assertEquals(List.of("dZ", "A@", "v", "I", "s"), Pronunciation.parseEspeak("(en)_dZ_'A@55_v_I55_s_(cmn)__|").phones());
        assertEquals(List.of("h", "eI", "dZ", "A@", "v", "I", "s"), Pronunciation.parseEspeak("h_'eI dZ_'A@_v_I2_s").phones());
        assertEquals(2, Pronunciation.parseEspeak("b_'V_?_n-").syllableCount());
    }

    @Test
    void phoneticDistanceRanksSimilarSoundsCloser() {
        List<String> jarvis = List.of("dZ", "A@", "v", "I", "s");
        double java = PhoneticDistance.distance(jarvis, List.of("dZ", "A:", "v", "@"));
        double banana = PhoneticDistance.distance(jarvis, List.of("b", "@", "n", "a", "n", "@"));
        assertTrue(java < banana, java + " vs " + banana);
        assertEquals(0, PhoneticDistance.distance(jarvis, jarvis));
        assertEquals(0.5, PhoneticDistance.substitution("s", "z"));
    }
}
