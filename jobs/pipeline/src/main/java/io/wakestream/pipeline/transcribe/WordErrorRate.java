package io.wakestream.pipeline.transcribe;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Word error rate: the fewest word substitutions, deletions and insertions that turn the reference into the
 * hypothesis (Levenshtein over words), divided by the number of reference words. Both texts are normalised first:
 * lower case, and everything but letters, digits and apostrophes is a word break ("Turn on the lights!" and
 * "turn on the lights" are equal). Numbers are not spelled out: write references as the recogniser writes them.
 */
public final class WordErrorRate {
    private WordErrorRate() {}

    /**
     * Errors against one reference; add several with {@link #plus} for a corpus rate (total errors over total
     * reference words, not the mean of per-utterance rates).
     */
    public record Score(int errors, int referenceWords) {
        public Score {
            if (errors < 0 || referenceWords < 0) throw new IllegalArgumentException("negative count");
        }

        /** errors / referenceWords; can exceed 1 (insertions). An empty reference scores 0 if nothing was heard. */
        public double rate() {
            if (referenceWords == 0) return errors == 0 ? 0 : Double.POSITIVE_INFINITY;
            return (double) errors / referenceWords;
        }

        public Score plus(Score other) {
            return new Score(errors + other.errors, referenceWords + other.referenceWords);
        }
    }

    public static Score score(String reference, String hypothesis) {
        List<String> ref = words(reference);
        return new Score(distance(ref, words(hypothesis)), ref.size());
    }

    public static double of(String reference, String hypothesis) {
        return score(reference, hypothesis).rate();
    }

    /** The normalised words of a text. */
    public static List<String> words(String text) {
        String cleaned = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}']+", " ").trim();
        return cleaned.isEmpty() ? List.of() : Arrays.asList(cleaned.split(" "));
    }

    /** Levenshtein distance over words, two rows of the table at a time. */
    static int distance(List<String> ref, List<String> hyp) {
        int[] prev = new int[hyp.size() + 1];
        int[] cur = new int[hyp.size() + 1];
        for (int j = 0; j <= hyp.size(); j++) prev[j] = j; // j insertions
        for (int i = 1; i <= ref.size(); i++) {
            cur[0] = i; // i deletions
            for (int j = 1; j <= hyp.size(); j++) {
                int substitute = prev[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[hyp.size()];
    }
}
