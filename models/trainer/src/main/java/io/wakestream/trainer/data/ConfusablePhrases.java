package io.wakestream.trainer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hard negatives for any wake phrase: words and phrases that share sounds with it but are not it.
 *
 * <p>Works on pronunciations (espeak-ng phonemes), not spelling, so "service" is found for "jarvis" through the
 * shared last syllable /vIs/. Candidates come from a word list and from pieces of the phrase itself:
 * <ul>
 *   <li>{@link Category#PARTIAL}: words or fragments that are the start or end of the phrase ("jar", "vis"), and
 *       for multi-word phrases the phrase's own words and leading parts ("hey", "hey jar");
 *   <li>{@link Category#FIRST_SYLLABLE} / {@link Category#LAST_SYLLABLE}: same first syllable ("jargon") or same
 *       last syllable ("service", "travis");
 *   <li>{@link Category#RHYME}: identical from the stressed vowel on, different before;
 *   <li>{@link Category#SOUNDS_LIKE}: small weighted phoneme edit distance ("harvest", "nervous");
 *   <li>{@link Category#COMPOUND}: two words that together sound nearly like the phrase ("jar this");
 *   <li>{@link Category#SUBSTITUTED}: a multi-word phrase with one word swapped for a confusable ("hey service").
 * </ul>
 * Nothing returned contains the wake phrase (as words, or as a contiguous run of its phonemes), and nothing is a
 * near-homophone of it.
 */
public final class ConfusablePhrases {
    /** Why a candidate was chosen. */
    public enum Category { PARTIAL, FIRST_SYLLABLE, LAST_SYLLABLE, RHYME, SOUNDS_LIKE, COMPOUND, SUBSTITUTED }

    /**
     * One hard negative.
     *
     * @param text what to say
     * @param category why it is confusable
     * @param distance weighted phoneme edit distance to the wake phrase (or, for per-word categories in a
     *     multi-word phrase, to the word it replaces)
     */
    public record Confusable(String text, Category category, double distance) {}

    /** Below one full phoneme of difference a candidate is too near a homophone to be taught as "not the phrase". */
    static final double MIN_DISTANCE = 1.0;
    /** Normalised distance up to which a word counts as sounding like the phrase. */
    static final double MAX_SOUNDS_LIKE = 0.5;
    /** Fragments that differ from the matching part of the phrase by more than this are not pieces of it. */
    static final double MAX_FRAGMENT_DISTANCE = 1.0;
    /** Per word of a multi-word phrase, how many of its confusables are substituted into the phrase. */
    static final int SUBSTITUTIONS_PER_WORD = 40;

    private final PronunciationDictionary dictionary;
    private final List<String> words;
    private final Set<String> wordSet;

    /**
     * @param dictionary where pronunciations come from
     * @param words candidate words (lower case)
     */
    public ConfusablePhrases(PronunciationDictionary dictionary, List<String> words) {
        this.dictionary = dictionary;
        this.words = List.copyOf(words);
        this.wordSet = Set.copyOf(words);
    }

    /** espeak-ng American English pronunciations (cached in {@code cacheDir}, may be null) and {@link WordList#standard()}. */
    public static ConfusablePhrases standard(Path cacheDir) {
        return new ConfusablePhrases(PronunciationDictionary.standard(cacheDir), WordList.standard());
    }

    /**
     * Up to {@code limit} confusables, taking the closest of each category in turn so that every kind of
     * confusion is represented. Deterministic for a given word list and espeak-ng version.
     */
    public List<Confusable> generate(String wakePhrase, int limit) throws IOException {
        Map<Category, List<Confusable>> byCategory = new EnumMap<>(Category.class);
        for (Confusable c : all(wakePhrase)) byCategory.computeIfAbsent(c.category(), k -> new ArrayList<>()).add(c);
        List<Confusable> out = new ArrayList<>();
        int[] next = new int[Category.values().length];
        boolean progress = true;
        while (out.size() < limit && progress) {
            progress = false;
            for (Category cat : Category.values()) {
                List<Confusable> list = byCategory.get(cat);
                if (list == null || next[cat.ordinal()] >= list.size() || out.size() >= limit) continue;
                out.add(list.get(next[cat.ordinal()]++));
                progress = true;
            }
        }
        return out;
    }

    /** Every confusable found, ordered by category, then distance, then text. */
    public List<Confusable> all(String wakePhrase) throws IOException {
        WakePhraseFilter filter = new WakePhraseFilter(wakePhrase);
        List<String> phraseWords = WakePhraseFilter.words(wakePhrase);
        Set<String> needed = new LinkedHashSet<>(words);
        needed.addAll(phraseWords);
        needed.add(filter.phrase());
        for (String w : phraseWords) needed.addAll(fragments(w));
        Map<String, Pronunciation> pron = new LinkedHashMap<>(dictionary.lookup(needed));
        Pronunciation target = pron.get(filter.phrase());

        Map<String, Confusable> found = new LinkedHashMap<>();
        if (phraseWords.size() == 1) {
            String w = phraseWords.get(0);
            for (Confusable c : wordCandidates(w, pron.get(w), pron)) keep(found, c, filter, target, pron);
        } else {
            multiWord(phraseWords, target, pron, filter, found);
        }
        List<Confusable> out = new ArrayList<>(found.values());
        out.sort(Comparator.comparing(Confusable::category).thenComparingDouble(Confusable::distance)
                .thenComparing(Confusable::text));
        return out;
    }

    private void multiWord(List<String> phraseWords, Pronunciation target, Map<String, Pronunciation> pron,
            WakePhraseFilter filter, Map<String, Confusable> found) throws IOException {
        int n = phraseWords.size();
        // The phrase's own words and runs of them: saying part of the phrase must not wake the device.
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j <= n; j++) {
                if (j - i == n) continue;
                String text = String.join(" ", phraseWords.subList(i, j));
                keep(found, new Confusable(text, Category.PARTIAL, dist(text, target, pron)), filter, target, pron);
            }
        }
        // Leading words plus the start of the next one: the phrase broken off ("hey jar").
        for (int k = 1; k < n; k++) {
            String lead = String.join(" ", phraseWords.subList(0, k));
            String w = phraseWords.get(k);
            for (String f : acceptedFragments(w, pron.get(w), pron, true)) {
                String text = lead + " " + f;
                keep(found, new Confusable(text, Category.PARTIAL, dist(text, target, pron)), filter, target, pron);
            }
        }
        // One word swapped for something that sounds like it.
        for (int i = 0; i < n; i++) {
            String w = phraseWords.get(i);
            List<Confusable> cands = wordCandidates(w, pron.get(w), pron);
            cands.sort(Comparator.comparingDouble(Confusable::distance).thenComparing(Confusable::text));
            for (Confusable c : cands.subList(0, Math.min(SUBSTITUTIONS_PER_WORD, cands.size()))) {
                List<String> swapped = new ArrayList<>(phraseWords);
                swapped.set(i, c.text());
                String text = String.join(" ", swapped);
                keep(found, new Confusable(text, Category.SUBSTITUTED, dist(text, target, pron)), filter, target,
                        pron);
            }
        }
    }

    /** Adds a candidate unless it contains the phrase (in words or in sound) or is a near-homophone. */
    private void keep(Map<String, Confusable> found, Confusable c, WakePhraseFilter filter, Pronunciation target,
            Map<String, Pronunciation> pron) throws IOException {
        if (filter.containsPhrase(c.text())) return;
        Pronunciation p = pronOf(c.text(), pron);
        if (p.contains(target)) return;
        if (PhoneticDistance.distance(p.phones(), target.phones()) < MIN_DISTANCE) return;
        Confusable prev = found.get(c.text());
        if (prev == null || c.category().compareTo(prev.category()) < 0) found.put(c.text(), c);
    }

    /** Confusables for a single word {@code w} with pronunciation {@code p}. */
    private List<Confusable> wordCandidates(String w, Pronunciation p, Map<String, Pronunciation> pron)
            throws IOException {
        List<Confusable> out = new ArrayList<>();
        if (p == null || p.size() < 2 || p.firstVowel() < 0) return out;
        for (String d : words) {
            if (d.equals(w)) continue;
            Pronunciation q = pron.get(d);
            if (q == null || q.isEmpty() || q.firstVowel() < 0 || q.contains(p)) continue;
            if (q.size() > 2 * p.size() + 2) continue; // long words bury the shared sounds
            double dist = PhoneticDistance.distance(p.phones(), q.phones());
            if (dist < MIN_DISTANCE) continue;
            Category cat = classify(p, q, dist);
            if (cat != null) out.add(new Confusable(d, cat, dist));
        }
        for (String f : acceptedFragments(w, p, pron, false)) {
            if (!wordSet.contains(f)) {
                out.add(new Confusable(f, Category.PARTIAL, PhoneticDistance.distance(p.phones(), pron.get(f).phones())));
            }
        }
        out.addAll(compounds(p, pron));
        return out;
    }

    /** Which category a dictionary word falls into for target {@code p}, or null if it is not confusable. */
    static Category classify(Pronunciation p, Pronunciation q, double dist) {
        int n = p.size();
        int m = q.size();
        if (m >= 2 && m < n) {
            if (p.phones().subList(0, m).equals(q.phones()) || p.phones().subList(n - m, n).equals(q.phones())) {
                return Category.PARTIAL;
            }
        }
        List<String> head = p.firstSyllableHead();
        if (!head.isEmpty() && head.equals(q.firstSyllableHead())) return Category.FIRST_SYLLABLE;
        List<String> last = p.lastSyllable();
        if (p.syllableCount() >= 2 && !last.isEmpty() && last.equals(q.lastSyllable())) return Category.LAST_SYLLABLE;
        List<String> rhyme = p.rhyme();
        if (!rhyme.isEmpty() && rhyme.equals(q.rhyme())) return Category.RHYME;
        if (dist / Math.max(n, m) <= MAX_SOUNDS_LIKE) return Category.SOUNDS_LIKE;
        return null;
    }

    /**
     * Spelled pieces of a word ("ja", "jar", "jarv", "vis"...) that espeak-ng pronounces like the corresponding
     * part of the word. At least two phonemes must be missing, so a piece is clearly not the whole word with a
     * sloppy ending.
     */
    private List<String> acceptedFragments(String w, Pronunciation p, Map<String, Pronunciation> pron,
            boolean prefixesOnly) {
        List<String> out = new ArrayList<>();
        if (p == null) return out;
        int n = p.size();
        for (String f : fragments(w)) {
            boolean prefix = w.startsWith(f);
            if (prefixesOnly && !prefix) continue;
            Pronunciation q = pron.get(f);
            if (q == null || q.firstVowel() < 0 || q.size() < 2 || q.size() > n - 2) continue;
            int m = q.size();
            List<String> part = prefix ? p.phones().subList(0, m) : p.phones().subList(n - m, n);
            if (PhoneticDistance.distance(q.phones(), part) <= MAX_FRAGMENT_DISTANCE) out.add(f);
        }
        return out;
    }

    /** Spelled prefixes and suffixes of a word with at least two letters and a vowel letter. */
    static List<String> fragments(String w) {
        Set<String> out = new LinkedHashSet<>();
        for (int k = 2; k < w.length(); k++) out.add(w.substring(0, k));
        for (int k = 1; k < w.length() - 1; k++) out.add(w.substring(k));
        out.removeIf(f -> !f.matches(".*[aeiouy].*") || !f.matches("[a-z]+"));
        return new ArrayList<>(out);
    }

    /** Two dictionary words which together sound almost like {@code p}: one matches its start, one the rest. */
    private List<Confusable> compounds(Pronunciation p, Map<String, Pronunciation> pron) {
        int n = p.size();
        List<Confusable> out = new ArrayList<>();
        if (n < 4) return out;
        record Part(String word, Pronunciation pron, double dist) {}
        List<Part> heads = new ArrayList<>();
        for (String d : words) {
            Pronunciation q = pron.get(d);
            if (q == null || q.firstVowel() < 0 || q.size() < 2 || q.size() > n - 2) continue;
            double dd = PhoneticDistance.distance(q.phones(), p.phones().subList(0, q.size()));
            if (dd <= 0.5) heads.add(new Part(d, q, dd));
        }
        heads.sort(Comparator.comparingDouble(Part::dist).thenComparing(Part::word));
        for (Part head : heads.subList(0, Math.min(30, heads.size()))) {
            List<String> rest = p.phones().subList(head.pron().size(), n);
            if (rest.stream().noneMatch(Pronunciation::isVowel)) continue;
            List<Part> tails = new ArrayList<>();
            for (String d : words) {
                Pronunciation q = pron.get(d);
                if (q == null || q.firstVowel() < 0 || Math.abs(q.size() - rest.size()) > 1) continue;
                double dd = PhoneticDistance.distance(q.phones(), rest);
                if (dd <= 1.0) tails.add(new Part(d, q, dd));
            }
            tails.sort(Comparator.comparingDouble(Part::dist).thenComparing(Part::word));
            for (Part tail : tails.subList(0, Math.min(3, tails.size()))) {
                double total = PhoneticDistance.distance(head.pron().concat(tail.pron()).phones(), p.phones());
                if (total >= MIN_DISTANCE && total <= 2.0) {
                    out.add(new Confusable(head.word() + " " + tail.word(), Category.COMPOUND, total));
                }
            }
        }
        return out;
    }

    private double dist(String text, Pronunciation target, Map<String, Pronunciation> pron) throws IOException {
        return PhoneticDistance.distance(pronOf(text, pron).phones(), target.phones());
    }

    /** A multi-word text's pronunciation as the concatenation of its words' (looked up when not yet known). */
    private Pronunciation pronOf(String text, Map<String, Pronunciation> pron) throws IOException {
        Pronunciation acc = new Pronunciation(List.of(), -1);
        for (String w : WakePhraseFilter.words(text)) {
            Pronunciation p = pron.get(w);
            if (p == null) {
                p = dictionary.get(w);
                pron.put(w, p);
            }
            acc = acc.concat(p);
        }
        return acc;
    }
}
