package io.wakestream.trainer.data;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a text contains the wake phrase (case-insensitive, on word boundaries, any run of spaces or
 * punctuation between the phrase's words). Negatives must never contain it.
 */
public final class WakePhraseFilter {
    private final String phrase;
    private final Pattern pattern;

    public WakePhraseFilter(String wakePhrase) {
        List<String> words = words(wakePhrase);
        if (words.isEmpty()) throw new IllegalArgumentException("wake phrase has no words: '" + wakePhrase + "'");
        this.phrase = String.join(" ", words);
        StringBuilder re = new StringBuilder("(?<![\\p{L}\\p{N}])");
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) re.append("[^\\p{L}\\p{N}]+");
            re.append(Pattern.quote(words.get(i)));
        }
        re.append("(?![\\p{L}\\p{N}])");
        this.pattern = Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** The phrase's words, lower case, separated by single spaces. */
    public String phrase() {
        return phrase;
    }

    /** True when {@code text} contains the wake phrase as whole words. */
    public boolean containsPhrase(String text) {
        return pattern.matcher(text).find();
    }

    /** Lower-case words of a text: letters, digits and apostrophes inside words. */
    public static List<String> words(String text) {
        String t = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}']+", " ").replaceAll("(^| )'+|'+( |$)", " ");
        t = t.strip();
        return t.isEmpty() ? List.of() : List.of(t.split(" +"));
    }
}
