package io.wakestream.trainer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Running-speech negatives: a built-in set of a few hundred everyday sentences (smart-home commands, questions,
 * chit-chat, numbers, names) and random word sequences. None of them contains the wake phrase.
 */
public final class RunningSpeech {
    static final String RESOURCE = "running-speech.txt";

    private final WakePhraseFilter filter;
    private final List<String> sentences;
    private final List<String> words;

    /**
     * @param wakePhrase sentences and word sequences containing it are never returned
     * @param words vocabulary for random word sequences (e.g. {@link WordList#builtin()})
     */
    public RunningSpeech(String wakePhrase, List<String> words) {
        this.filter = new WakePhraseFilter(wakePhrase);
        List<String> s = new ArrayList<>();
        for (String line : WordList.readResource(RESOURCE)) if (!filter.containsPhrase(line)) s.add(line);
        this.sentences = List.copyOf(s);
        List<String> w = new ArrayList<>();
        for (String word : words) if (!filter.containsPhrase(word)) w.add(word);
        if (w.isEmpty()) throw new IllegalArgumentException("no words left for random word sequences");
        this.words = List.copyOf(w);
    }

    /** All built-in sentences that do not contain the wake phrase, in file order. */
    public List<String> sentences() {
        return sentences;
    }

    /**
     * A sequence of {@code minWords..maxWords} random words. Checked as a whole too, because two random words can
     * form a multi-word wake phrase ("hey" + "computer").
     */
    public String randomWords(Random random, int minWords, int maxWords) {
        while (true) {
            int n = minWords + random.nextInt(maxWords - minWords + 1);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(' ');
                sb.append(words.get(random.nextInt(words.size())));
            }
            String s = sb.toString();
            if (!filter.containsPhrase(s)) return s;
        }
    }

    /**
     * {@code count} sentences in a seeded random order (cycling through all of them before repeating), so that
     * different voices say different sentences.
     */
    public List<String> pick(Random random, int count) {
        List<String> out = new ArrayList<>(count);
        if (sentences.isEmpty()) return out;
        List<String> order = new ArrayList<>(sentences);
        Collections.shuffle(order, random);
        for (int i = 0; i < count; i++) out.add(order.get(i % order.size()));
        return out;
    }
}
