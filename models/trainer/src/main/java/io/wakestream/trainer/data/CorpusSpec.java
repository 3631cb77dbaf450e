package io.wakestream.trainer.data;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@link SyntheticCorpusBuilder} should make. Counts are per voice unless stated otherwise; the totals are
 * roughly {@code voices * stylesPerVoice * (1 + positiveSentencesPerStyle)} positives and
 * {@code voices * (confusablesPerVoice + sentencesPerVoice + randomWordSequencesPerVoice) + silenceClips +
 * noiseClips} negatives.
 *
 * @param wakePhrase the phrase to detect, e.g. {@code "jarvis"} or {@code "hey computer"}
 * @param voiceBudget how many voices to use at most (spread over engines, accents and variants); 0 for all
 * @param stylesPerVoice speaking styles (rate, pitch) per voice
 * @param positiveSentencesPerStyle per voice and style, positives of the form "phrase, rest of a sentence" (the
 *     phrase alone is always made once per style)
 * @param confusablesPerVoice hard negatives (words that sound like the phrase) per voice; every second one leads
 *     a sentence ("service, turn on the lights"), like the positives
 * @param sentencesPerVoice running-speech sentences per voice
 * @param randomWordSequencesPerVoice random word strings per voice
 * @param silenceClips near-silent clips in total
 * @param noiseClips pure-noise clips in total
 * @param cacheDir where synthesized speech and pronunciations are cached
 * @param threads synthesis threads (each runs one TTS process at a time)
 * @param seed seed for every random choice: the same spec gives the same corpus
 * @param generatedVoices new synthetic speakers to make up on top of the budget (espeak-ng variants; see
 *     {@link GeneratedVariants}); they only ever train, never validate or test
 * @param stylesByAccent styles per voice for voices of these accents (e.g. {@code en-us -> 4}), in place of
 *     {@code stylesPerVoice}: more of the phrase in the accents a product's users have. Empty for none.
 * @param plainVoiceStyles styles per voice for espeak-ng's plain language voices (no variant: the voices every
 *     variant modifies, 39 of about 3,500), in place of the others; 0 for the same as the rest. Drawn like every
 *     voice, they say the phrase a few times among thousands, and a model with a strict threshold hears them worst.
 * @param drawsByEngine how many times each voice of these engines is drawn (e.g. {@code flite -> 16}), each time
 *     with its own styles, sound-alikes and sentences, in place of once: the engines with few voices (flite 5,
 *     festival 3, against espeak-ng's thousands) otherwise say the phrase a few dozen times in all. Empty for none.
 */
public record CorpusSpec(
        String wakePhrase,
        int voiceBudget,
        int stylesPerVoice,
        int positiveSentencesPerStyle,
        int confusablesPerVoice,
        int sentencesPerVoice,
        int randomWordSequencesPerVoice,
        int silenceClips,
        int noiseClips,
        Path cacheDir,
        int threads,
        long seed,
        int generatedVoices,
        Map<String, Integer> stylesByAccent,
        int plainVoiceStyles,
        Map<String, Integer> drawsByEngine) {

    public CorpusSpec {
        Objects.requireNonNull(wakePhrase, "wakePhrase");
        Objects.requireNonNull(cacheDir, "cacheDir");
        if (WakePhraseFilter.words(wakePhrase).isEmpty()) throw new IllegalArgumentException("empty wake phrase");
        if (voiceBudget < 0 || stylesPerVoice < 1 || positiveSentencesPerStyle < 0 || confusablesPerVoice < 0
                || sentencesPerVoice < 0 || randomWordSequencesPerVoice < 0 || silenceClips < 0 || noiseClips < 0) {
            throw new IllegalArgumentException("counts must be non-negative (and stylesPerVoice at least 1)");
        }
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
        if (generatedVoices < 0) throw new IllegalArgumentException("generated voices must be >= 0, not " + generatedVoices);
        stylesByAccent = countsOfAtLeastOne(stylesByAccent, "styles for accent");
        if (plainVoiceStyles < 0) throw new IllegalArgumentException("plain voice styles must be >= 0, not " + plainVoiceStyles);
        drawsByEngine = countsOfAtLeastOne(drawsByEngine, "draws for engine");
    }

    /** An unmodifiable, sorted copy of {@code counts}, refusing a count below one ("{@code what} 'key' must be ..."). */
    private static Map<String, Integer> countsOfAtLeastOne(Map<String, Integer> counts, String what) {
        Objects.requireNonNull(counts, what);
        counts.forEach((key, n) -> {
            if (n == null || n < 1) {
                throw new IllegalArgumentException(what + " '" + key + "' must be at least 1, not " + n);
            }
        });
        return java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    /** A spec that draws every voice once. */
    public CorpusSpec(String wakePhrase, int voiceBudget, int stylesPerVoice, int positiveSentencesPerStyle,
            int confusablesPerVoice, int sentencesPerVoice, int randomWordSequencesPerVoice, int silenceClips,
            int noiseClips, Path cacheDir, int threads, long seed, int generatedVoices,
            Map<String, Integer> stylesByAccent, int plainVoiceStyles) {
        this(wakePhrase, voiceBudget, stylesPerVoice, positiveSentencesPerStyle, confusablesPerVoice,
                sentencesPerVoice, randomWordSequencesPerVoice, silenceClips, noiseClips, cacheDir, threads, seed,
                generatedVoices, stylesByAccent, plainVoiceStyles, Map.of());
    }

    /** How many times each voice of {@code engine} is drawn (1 unless {@link #drawsByEngine} says otherwise). */
    public int drawsFor(String engine) {
        return drawsByEngine.getOrDefault(engine, 1);
    }

    /** A spec whose plain voices speak in as many styles as the rest. */
    public CorpusSpec(String wakePhrase, int voiceBudget, int stylesPerVoice, int positiveSentencesPerStyle,
            int confusablesPerVoice, int sentencesPerVoice, int randomWordSequencesPerVoice, int silenceClips,
            int noiseClips, Path cacheDir, int threads, long seed, int generatedVoices,
            Map<String, Integer> stylesByAccent) {
        this(wakePhrase, voiceBudget, stylesPerVoice, positiveSentencesPerStyle, confusablesPerVoice,
                sentencesPerVoice, randomWordSequencesPerVoice, silenceClips, noiseClips, cacheDir, threads, seed,
                generatedVoices, stylesByAccent, 0);
    }

    /** A spec with the same number of styles for every accent. */
    public CorpusSpec(String wakePhrase, int voiceBudget, int stylesPerVoice, int positiveSentencesPerStyle,
            int confusablesPerVoice, int sentencesPerVoice, int randomWordSequencesPerVoice, int silenceClips,
            int noiseClips, Path cacheDir, int threads, long seed) {
        this(wakePhrase, voiceBudget, stylesPerVoice, positiveSentencesPerStyle, confusablesPerVoice,
                sentencesPerVoice, randomWordSequencesPerVoice, silenceClips, noiseClips, cacheDir, threads, seed,
                0, Map.of());
    }

    /** How many styles a voice of {@code accent} speaks in. */
    public int stylesFor(String accent) {
        return stylesByAccent.getOrDefault(accent, stylesPerVoice);
    }

    /** How many styles {@code voice} speaks in: its accent's, or {@code plainVoiceStyles} for a plain espeak-ng voice. */
    public int stylesFor(TtsVoice voice) {
        boolean plain = voice.engine().equals(EspeakNgTts.NAME) && voice.variant().isEmpty();
        return plain && plainVoiceStyles > 0 ? plainVoiceStyles : stylesFor(voice.accent());
    }

    /**
     * About 300 positives and 1500 negatives: 75 voices, 2 styles each, the phrase alone and in one sentence per
     * style; 12 confusables, 4 sentences and 2 random word strings per voice; 75 silence and 75 noise clips;
     * 2 threads.
     */
    public static CorpusSpec defaults(String wakePhrase, Path cacheDir) {
        return new CorpusSpec(wakePhrase, 75, 2, 1, 12, 4, 2, 75, 75, cacheDir, 2, 1234L);
    }

    public CorpusSpec withVoiceBudget(int budget) {
        return new CorpusSpec(wakePhrase, budget, stylesPerVoice, positiveSentencesPerStyle, confusablesPerVoice,
                sentencesPerVoice, randomWordSequencesPerVoice, silenceClips, noiseClips, cacheDir, threads, seed,
                generatedVoices, stylesByAccent, plainVoiceStyles, drawsByEngine);
    }

    public CorpusSpec withSeed(long newSeed) {
        return new CorpusSpec(wakePhrase, voiceBudget, stylesPerVoice, positiveSentencesPerStyle, confusablesPerVoice,
                sentencesPerVoice, randomWordSequencesPerVoice, silenceClips, noiseClips, cacheDir, threads, newSeed,
                generatedVoices, stylesByAccent, plainVoiceStyles, drawsByEngine);
    }
}
