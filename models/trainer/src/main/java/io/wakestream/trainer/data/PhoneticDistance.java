package io.wakestream.trainer.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weighted edit distance between phoneme sequences. Substituting a similar sound costs less than a different one
 * (a vowel for a nearby vowel, a consonant for its voiced/unvoiced twin), so "java" is nearer to "jarvis" than
 * "banana" is. The weights are hand-set, not learned; they only have to rank candidates sensibly.
 */
public final class PhoneticDistance {
    private static final double INDEL = 1.0;
    private static final double SIMILAR_VOWEL = 0.5;
    private static final double REDUCED_VOWEL = 0.4;
    private static final double OTHER_VOWEL = 0.8;
    private static final double SIMILAR_CONSONANT = 0.5;
    private static final double OTHER = 1.0;

    /** Vowel classes by rough tongue position; espeak-ng English mnemonics (and a few foreign ones). */
    private static final Map<String, Integer> VOWEL_CLASS = new HashMap<>();
    /** Consonant groups of sounds that are easily confused (voicing pairs, nasals, liquids...). */
    private static final Map<String, Integer> CONSONANT_GROUP = new HashMap<>();

    static {
        group(VOWEL_CLASS, 1, "i", "i:", "I", "i@", "y", "y:", "iI");
        group(VOWEL_CLASS, 2, "e", "e:", "E", "E:", "eI", "e@", "E@", "a#");
        group(VOWEL_CLASS, 3, "a", "a:", "A", "A:", "A@", "aa", "V", "aI", "aU", "aI@", "aU@");
        group(VOWEL_CLASS, 4, "0", "O", "O:", "O@", "o", "o:", "o@", "oU", "OI", "O~");
        group(VOWEL_CLASS, 5, "u", "u:", "U", "U@", "w", "u@");
        group(VOWEL_CLASS, 6, "@", "3", "3:", "@L", "@r", "n-", "m-", "l-");
        group(CONSONANT_GROUP, 1, "p", "b");
        group(CONSONANT_GROUP, 2, "t", "d", "?", "*", "t2", "d2");
        group(CONSONANT_GROUP, 3, "k", "g", "x", "kh");
        group(CONSONANT_GROUP, 4, "f", "v");
        group(CONSONANT_GROUP, 5, "T", "D");
        group(CONSONANT_GROUP, 6, "s", "z");
        group(CONSONANT_GROUP, 7, "S", "Z", "tS", "dZ", "j", "J");
        group(CONSONANT_GROUP, 8, "m", "n", "N", "n^");
        group(CONSONANT_GROUP, 9, "l", "r", "R", "r-", "l/", "w");
        group(CONSONANT_GROUP, 10, "h", "x", "?");
    }

    private PhoneticDistance() {}

    private static void group(Map<String, Integer> m, int id, String... members) {
        for (String s : members) m.putIfAbsent(s, id);
    }

    /** Weighted Levenshtein distance between two phoneme sequences. */
    public static double distance(List<String> a, List<String> b) {
        double[] prev = new double[b.size() + 1];
        double[] cur = new double[b.size() + 1];
        for (int j = 0; j <= b.size(); j++) prev[j] = j * INDEL;
        for (int i = 1; i <= a.size(); i++) {
            cur[0] = i * INDEL;
            String pa = a.get(i - 1);
            for (int j = 1; j <= b.size(); j++) {
                double sub = prev[j - 1] + substitution(pa, b.get(j - 1));
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + INDEL);
            }
            double[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }

    /** Distance divided by the longer sequence's length: 0 identical, about 1 unrelated. */
    public static double normalized(List<String> a, List<String> b) {
        int n = Math.max(a.size(), b.size());
        return n == 0 ? 0 : distance(a, b) / n;
    }

    /** The cost of hearing {@code b} where {@code a} was said. */
    public static double substitution(String a, String b) {
        if (a.equals(b)) return 0;
        boolean va = Pronunciation.isVowel(a);
        boolean vb = Pronunciation.isVowel(b);
        if (va && vb) {
            if (isReduced(a) && isReduced(b)) return REDUCED_VOWEL;
            Integer ca = VOWEL_CLASS.get(a);
            Integer cb = VOWEL_CLASS.get(b);
            return ca != null && ca.equals(cb) ? SIMILAR_VOWEL : OTHER_VOWEL;
        }
        if (!va && !vb) {
            Integer ga = CONSONANT_GROUP.get(a);
            Integer gb = CONSONANT_GROUP.get(b);
            return ga != null && ga.equals(gb) ? SIMILAR_CONSONANT : OTHER;
        }
        return OTHER;
    }

    /** Unstressed English vowels that blur into each other (the vowels of "roses" and "Rosa's"). */
    private static boolean isReduced(String p) {
        return p.equals("@") || p.equals("I") || p.equals("i") || p.equals("3") || p.equals("U");
    }
}
