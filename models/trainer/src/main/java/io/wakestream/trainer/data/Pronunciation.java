package io.wakestream.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A word's (or phrase's) phonemes as normalised espeak-ng mnemonics, plus where the primary stress falls.
 *
 * <p>Normalisation drops what does not change which word it is: stress marks, language-switch markers, pauses,
 * allophone markers ({@code t#}) and trailing digits that mark vowel variants or tones ({@code I2}, {@code @5}).
 *
 * @param phones the phonemes in order (word boundaries are not kept)
 * @param stressIndex index into {@code phones} of the vowel with primary stress, or -1
 */
public record Pronunciation(List<String> phones, int stressIndex) {
    public Pronunciation {
        phones = List.copyOf(phones);
    }

    /** Parses one line of {@code espeak-ng -q -x --sep=_} output. */
    public static Pronunciation parseEspeak(String line) {
        String s = line.replaceAll("\\([a-zA-Z-]+\\)", " "); // language switches like (en) (de)
        List<String> phones = new ArrayList<>();
        int stress = -1;
        for (String raw : s.split("[_\\s]+")) {
            boolean primary = raw.indexOf('\'') >= 0;
            String p = normalize(raw);
            if (p.isEmpty()) continue;
            if (primary && stress < 0 && isVowel(p)) stress = phones.size();
            phones.add(p);
        }
        return new Pronunciation(phones, stress);
    }

    /**
     * A crude spelling-based stand-in when espeak-ng is missing: each letter is a "phoneme", vowels are vowels.
     * Good enough to keep confusable generation working (as spelling similarity), not phonetically accurate.
     */
    public static Pronunciation fromSpelling(String text) {
        List<String> phones = new ArrayList<>();
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c >= 'a' && c <= 'z') phones.add(String.valueOf(c));
        }
        int stress = -1;
        for (int i = 0; i < phones.size() && stress < 0; i++) if (isVowel(phones.get(i))) stress = i;
        return new Pronunciation(phones, stress);
    }

    static String normalize(String raw) {
        // Stress (' ,), secondary markers (% =) and allophone marks (#) do not change the word.
        String p = raw.replace("'", "").replace(",", "").replace("%", "").replace("=", "").replace("#", "");
        p = p.replaceAll("^[!|]+", "");
        if (p.matches("[:!|]*")) return ""; // pauses: "_:", "_!", "_|"
        // Vowel variants (I2, @5) and tone numbers (A@55 in tonal languages) are not different words.
        if (p.length() > 1) p = p.replaceAll("(?<=.)[0-9]+$", "");
        return p;
    }

    /** Vowels (and syllabic consonants) are the nuclei that syllables are built around. */
    public static boolean isVowel(String p) {
        if (p.isEmpty()) return false;
        char c = p.charAt(0);
        if ("aeiouyAEIOUVY03@&".indexOf(c) >= 0) return true;
        return p.equals("n-") || p.equals("m-") || p.equals("l-");
    }

    public int size() {
        return phones.size();
    }

    public boolean isEmpty() {
        return phones.isEmpty();
    }

    /** Index of the first vowel, or -1. */
    public int firstVowel() {
        for (int i = 0; i < phones.size(); i++) if (isVowel(phones.get(i))) return i;
        return -1;
    }

    /** Index of the last vowel, or -1. */
    public int lastVowel() {
        for (int i = phones.size() - 1; i >= 0; i--) if (isVowel(phones.get(i))) return i;
        return -1;
    }

    /** Number of vowels, i.e. syllables. */
    public int syllableCount() {
        int n = 0;
        for (String p : phones) if (isVowel(p)) n++;
        return n;
    }

    /** Onset and nucleus of the first syllable ("jar" of "jarvis": dZ A@); empty without a vowel. */
    public List<String> firstSyllableHead() {
        int v = firstVowel();
        return v < 0 ? List.of() : phones.subList(0, v + 1);
    }

    /**
     * The last syllable: the last vowel with the consonants after it, and the single consonant before it as onset
     * (the usual English split puts one intervocalic consonant into the following syllable).
     */
    public List<String> lastSyllable() {
        int v = lastVowel();
        if (v < 0) return List.of();
        int start = v > 0 && !isVowel(phones.get(v - 1)) ? v - 1 : v;
        return phones.subList(start, phones.size());
    }

    /** From the stressed vowel to the end: what must match for two words to rhyme. */
    public List<String> rhyme() {
        int v = stressIndex >= 0 ? stressIndex : firstVowel();
        return v < 0 ? List.of() : phones.subList(v, phones.size());
    }

    /** True when {@code other}'s phonemes appear contiguously inside this one. */
    public boolean contains(Pronunciation other) {
        if (other.isEmpty()) return false;
        return java.util.Collections.indexOfSubList(phones, other.phones) >= 0;
    }

    /** Concatenation (for phrases of several words). */
    public Pronunciation concat(Pronunciation next) {
        List<String> all = new ArrayList<>(phones);
        all.addAll(next.phones);
        int s = stressIndex >= 0 ? stressIndex : next.stressIndex < 0 ? -1 : next.stressIndex + phones.size();
        return new Pronunciation(all, s);
    }

    @Override
    public String toString() {
        return String.join(" ", phones);
    }
}
