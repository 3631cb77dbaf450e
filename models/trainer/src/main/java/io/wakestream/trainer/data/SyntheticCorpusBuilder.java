package io.wakestream.trainer.data;

import io.wakestream.trainer.util.ProgressBar;
import io.wakestream.trainer.util.Seeds;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a labelled corpus from text-to-speech: positives (the wake phrase alone, and at the start of a sentence)
 * and negatives (confusable words and phrases, running speech, random word strings, near-silence, noise), with
 * every available engine and a budget of voices spread over engines, accents and voice variants.
 *
 * <p>Speech is cached on disk ({@link SynthesisCache}), so a second build with the same spec makes no TTS calls.
 * Synthesis runs on {@link CorpusSpec#threads()} threads; progress goes to stderr and decisions to the log.
 *
 * <p>Positive sentences are made by synthesizing the phrase and the rest of the sentence separately and joining
 * them with a short pause, so the phrase's end in the clip is known to the sample
 * ({@link Clip#phraseEndSample()}). All synthesized pieces are trimmed of leading and trailing silence.
 */
public final class SyntheticCorpusBuilder {
    /**
     * Normalised phoneme distance up to which a foreign voice's pronunciation of the phrase still counts as the
     * phrase. Above it (German espeak-ng reads "jarvis" as "yarvis") the voice is used for negatives only.
     */
    static final double MAX_ACCENT_DISTANCE = 0.35;
    /** Pause between the phrase and the rest of a sentence (seconds). */
    static final double MIN_PAUSE_S = 0.08;
    static final double MAX_PAUSE_S = 0.30;
    /** After this many failures without a single success a voice is given up for the rest of the build. */
    static final int GIVE_UP_AFTER_FAILURES = 3;
    /** How many confusables to draw from (the per-voice share is taken in turn from this list). */
    static final int CONFUSABLE_POOL = 400;

    private static final int RATE = Augmenter.RATE;
    private static final Logger log = LoggerFactory.getLogger(SyntheticCorpusBuilder.class);

    /**
     * What a build did.
     *
     * @param planned clips planned
     * @param made clips made
     * @param synthesized TTS calls made
     * @param fromCache pieces of speech read from the cache
     * @param failed pieces whose synthesis failed (their clips were skipped)
     * @param elapsed wall-clock time of the build
     */
    public record Report(int planned, int made, int synthesized, int fromCache, int failed, Duration elapsed) {}

    private final TtsCatalog catalog;
    private final ConfusablePhrases confusables;
    private final List<String> vocabulary;
    private volatile Report lastReport;

    /**
     * @param catalog the TTS engines to use (unavailable ones are skipped)
     * @param confusables source of hard negatives
     * @param vocabulary words for random word strings (common words work best)
     */
    public SyntheticCorpusBuilder(TtsCatalog catalog, ConfusablePhrases confusables, List<String> vocabulary) {
        this.catalog = catalog;
        this.confusables = confusables;
        this.vocabulary = List.copyOf(vocabulary);
    }

    /** All installed engines, espeak-ng pronunciations cached in {@code cacheDir}, the built-in vocabulary. */
    public static SyntheticCorpusBuilder standard(Path cacheDir) {
        return new SyntheticCorpusBuilder(TtsCatalog.defaults(), ConfusablePhrases.standard(cacheDir),
                WordList.builtin());
    }

    /** What the last {@link #build} did, or null before the first. */
    public Report lastReport() {
        return lastReport;
    }

    /**
     * Builds the corpus. Voices or pieces that fail are logged and skipped; a build without any TTS engine still
     * returns the silence and noise clips (with a warning).
     */
    public ClipCorpus build(CorpusSpec spec) throws IOException {
        long startNs = System.nanoTime();
        String phrase = spec.wakePhrase().strip();
        WakePhraseFilter filter = new WakePhraseFilter(phrase);
        List<TtsVoice> voices = new ArrayList<>(selectVoices(catalog.allVoices(), spec.voiceBudget(), spec.seed()));
        // Made-up speakers come on top of the budget, so the engines' own voices stay the same with or without them.
        voices.addAll(catalog.generatedVoices(spec.generatedVoices(), spec.seed(), spec.cacheDir()));
        // So do the voices of engines used only when drawn by name (MBROLA's recorded speakers), every one of them.
        voices.addAll(catalog.requestedVoices(spec.drawsByEngine().keySet()));
        if (voices.isEmpty()) log.warn("no TTS voices available: the corpus will hold only silence and noise");
        logVoices(voices);
        checkAccentsAndEngines(spec, voices);

        List<String> confusable = new ArrayList<>();
        if (spec.confusablesPerVoice() > 0 && !voices.isEmpty()) {
            for (ConfusablePhrases.Confusable c : confusables.generate(phrase, CONFUSABLE_POOL)) {
                if (!filter.containsPhrase(c.text())) confusable.add(c.text());
            }
            log.info("{} confusable phrases for '{}', e.g. {}", confusable.size(), phrase,
                    confusable.subList(0, Math.min(12, confusable.size())));
        }
        RunningSpeech speech = new RunningSpeech(phrase, vocabulary);

        List<Task> tasks = plan(spec, phrase, voices, confusable, speech);
        List<Clip> nonSpeech = nonSpeechClips(spec);
        int planned = nonSpeech.size();
        for (Task t : tasks) planned += t.clipCount();
        log.info("synthesizing {} speech clips with {} voices on {} threads (cache: {})", planned - nonSpeech.size(),
                voices.size(), spec.threads(), spec.cacheDir());

        SynthesisCache cache = new SynthesisCache(spec.cacheDir().resolve("tts"));
        Run run = new Run(cache, new ProgressBar("synthesizing", planned - nonSpeech.size()));
        List<Clip> clips = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(spec.threads(), r -> {
            Thread t = new Thread(r, "tts-synthesis");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<Clip>>> futures = new ArrayList<>();
            for (Task t : tasks) futures.add(pool.submit(() -> run.execute(t)));
            for (Future<List<Clip>> f : futures) clips.addAll(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("corpus build interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("corpus build failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        run.progress.close();
        clips.addAll(nonSpeech);
        for (Clip c : clips) {
            if (!c.positive() && filter.containsPhrase(c.text())) {
                throw new IllegalStateException("negative contains the wake phrase: " + c); // a bug, not bad input
            }
        }
        ClipCorpus corpus = new ClipCorpus(clips);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNs);
        lastReport = new Report(planned, clips.size(), cache.misses(), cache.hits(), run.failed.get(), elapsed);
        log.info("corpus built in {}: {}; {} TTS calls, {} from cache, {} failed", ProgressBar.duration(
                elapsed.toMillis() / 1000.0), corpus.summary(), cache.misses(), cache.hits(), run.failed.get());
        return corpus;
    }

    // ---- planning ----

    /** One unit of synthesis work: a first piece (phrase, confusable or sentence), optionally followed by more. */
    private record Task(TtsEngine engine, TtsVoice voice, SpeechStyle style, Clip.Kind kind, boolean positive,
            String first, List<String> rests, boolean firstAlone, long seed) {
        int clipCount() {
            return (firstAlone ? 1 : 0) + rests.size();
        }
    }

    private List<Task> plan(CorpusSpec spec, String phrase, List<TtsVoice> voices, List<String> confusable,
            RunningSpeech speech) {
        List<Task> tasks = new ArrayList<>();
        Map<String, Boolean> accentOk = new LinkedHashMap<>();
        int extraDraws = 0;
        for (int vi = 0; vi < voices.size(); vi++) {
            TtsVoice voice = voices.get(vi);
            Optional<TtsEngine> engine = catalog.engineFor(voice);
            if (engine.isEmpty()) continue;
            TtsEngine e = engine.get();
            boolean positivesOk = accentOk.computeIfAbsent(voice.engine() + "|" + voice.voiceId(),
                    k -> saysPhrase(e, voice, phrase));
            long voiceSeed = spec.seed() * Seeds.GOLDEN_GAMMA
                    ^ (voice.engine() + "|" + voice.voiceId() + "|" + voice.variant()).hashCode();
            for (int draw = 0; draw < spec.drawsFor(voice.engine()); draw++) {
                // The first draw is what a voice drawn once gets (same clips, same cache entries); each further
                // draw has its own styles, and the sound-alikes of a slot after every voice's first.
                Random r = new Random(draw == 0 ? voiceSeed : Seeds.mix(voiceSeed + draw));
                int slot = draw == 0 ? vi : voices.size() + extraDraws++;
                planVoice(tasks, spec, phrase, e, voice, positivesOk, slot, r, confusable, speech);
            }
        }
        return tasks;
    }

    /** The clips of one draw of one voice: positives (if it says the phrase), sound-alikes and running speech. */
    private static void planVoice(List<Task> tasks, CorpusSpec spec, String phrase, TtsEngine e, TtsVoice voice,
            boolean positivesOk, int slot, Random r, List<String> confusable, RunningSpeech speech) {
        List<SpeechStyle> styles = stylesFor(voice, spec.stylesFor(voice), r);
        if (positivesOk) {
            for (SpeechStyle style : styles) {
                tasks.add(new Task(e, voice, style, Clip.Kind.WAKE, true, phrase,
                        speech.pick(r, spec.positiveSentencesPerStyle()), true, r.nextLong()));
            }
        }
        for (int j = 0; j < spec.confusablesPerVoice() && !confusable.isEmpty(); j++) {
            String text = confusable.get((slot * spec.confusablesPerVoice() + j) % confusable.size());
            SpeechStyle style = styles.get(j % styles.size());
            // Every second confusable leads a sentence instead of standing alone, mirroring the positives'
            // shape, so that "something followed by a command" is not itself a cue for the phrase.
            boolean inSentence = j % 2 == 1;
            List<String> rests = inSentence ? speech.pick(r, 1) : List.of();
            tasks.add(new Task(e, voice, style, Clip.Kind.CONFUSABLE, false, text, rests, !inSentence,
                    r.nextLong()));
        }
        List<String> sentences = speech.pick(r, spec.sentencesPerVoice());
        for (int j = 0; j < sentences.size(); j++) {
            tasks.add(new Task(e, voice, styles.get(j % styles.size()), Clip.Kind.SPEECH, false, sentences.get(j),
                    List.of(), true, r.nextLong()));
        }
        for (int j = 0; j < spec.randomWordSequencesPerVoice(); j++) {
            tasks.add(new Task(e, voice, styles.get(j % styles.size()), Clip.Kind.SPEECH, false,
                    speech.randomWords(r, 2, 6), List.of(), true, r.nextLong()));
        }
    }

    /**
     * True when the voice says the phrase like an English voice of the same engine does. Only foreign-language
     * voices are checked; engines that cannot report pronunciations are trusted.
     */
    private static boolean saysPhrase(TtsEngine engine, TtsVoice voice, String phrase) {
        if (voice.accent().startsWith("en")) return true;
        TtsVoice reference = new TtsVoice(voice.engine(), "en-us", "", voice.engine() + ":reference", "en-us");
        Optional<Pronunciation> ref = engine.pronounce(phrase, reference);
        Optional<Pronunciation> got = engine.pronounce(phrase, voice);
        if (ref.isEmpty() || got.isEmpty()) return true;
        double d = PhoneticDistance.normalized(ref.get().phones(), got.get().phones());
        if (d > MAX_ACCENT_DISTANCE) {
            log.info("voice {} says '{}' as /{}/ (English /{}/, distance {}): negatives only", voice.voiceId(),
                    phrase, got.get(), ref.get(), String.format(java.util.Locale.ROOT, "%.2f", d));
            return false;
        }
        return true;
    }

    /**
     * Speaking styles for a voice: the first near the voice's normal rate and pitch, the others spread over
     * 110..220 words per minute (espeak-ng; narrower for the others, whose extremes sound broken) and pitch 20..80.
     */
    static List<SpeechStyle> stylesFor(TtsVoice voice, int n, Random r) {
        boolean espeak = voice.engine().equals(EspeakNgTts.NAME);
        double minRate = espeak ? 110.0 / EspeakNgTts.NORMAL_WPM : 0.8;
        double maxRate = espeak ? 220.0 / EspeakNgTts.NORMAL_WPM : 1.25;
        int minPitch = espeak ? 20 : 30;
        int maxPitch = espeak ? 80 : 70;
        List<SpeechStyle> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double rate;
            int pitch;
            if (i == 0) {
                rate = 0.9 + 0.2 * r.nextDouble();
                pitch = 40 + r.nextInt(21);
            } else {
                rate = minRate + (maxRate - minRate) * r.nextDouble();
                pitch = minPitch + r.nextInt(maxPitch - minPitch + 1);
            }
            // espeak-ng can also flatten or exaggerate intonation (through SSML); vary it for some styles.
            int range = espeak && i > 0 && r.nextDouble() < 0.3 ? 20 + r.nextInt(61) : -1;
            out.add(new SpeechStyle(Math.round(rate * 100) / 100.0, pitch, range, -1));
        }
        return out;
    }

    /**
     * Up to {@code budget} voices (all for 0), spread out: engines take turns; within an engine, English voices
     * and foreign-accent voices alternate 3:1, and base voices (languages) take turns, each with its variants in a
     * seeded random order. Deterministic for a given voice list and seed.
     */
    public static List<TtsVoice> selectVoices(List<TtsVoice> all, int budget, long seed) {
        Map<String, List<TtsVoice>> byEngine = new LinkedHashMap<>();
        for (TtsVoice v : all) byEngine.computeIfAbsent(v.engine(), k -> new ArrayList<>()).add(v);
        List<List<TtsVoice>> perEngine = new ArrayList<>();
        for (List<TtsVoice> vs : byEngine.values()) {
            List<TtsVoice> english = new ArrayList<>();
            List<TtsVoice> foreign = new ArrayList<>();
            for (TtsVoice v : vs) (v.accent().startsWith("en") ? english : foreign).add(v);
            List<TtsVoice> en = roundRobinByBase(english, seed);
            List<TtsVoice> fo = roundRobinByBase(foreign, seed + 1);
            List<TtsVoice> merged = new ArrayList<>();
            int i = 0;
            int j = 0;
            while (i < en.size() || j < fo.size()) {
                for (int k = 0; k < 3 && i < en.size(); k++) merged.add(en.get(i++));
                if (j < fo.size()) merged.add(fo.get(j++));
            }
            perEngine.add(merged);
        }
        List<TtsVoice> out = new ArrayList<>();
        int limit = budget <= 0 ? all.size() : Math.min(budget, all.size());
        for (int round = 0; out.size() < limit; round++) {
            boolean any = false;
            for (List<TtsVoice> vs : perEngine) {
                if (round < vs.size() && out.size() < limit) {
                    out.add(vs.get(round));
                    any = true;
                }
            }
            if (!any) break;
        }
        return out;
    }

    private static List<TtsVoice> roundRobinByBase(List<TtsVoice> voices, long seed) {
        Map<String, List<TtsVoice>> byBase = new LinkedHashMap<>();
        for (TtsVoice v : voices) byBase.computeIfAbsent(v.voiceId(), k -> new ArrayList<>()).add(v);
        List<List<TtsVoice>> groups = new ArrayList<>();
        for (Map.Entry<String, List<TtsVoice>> e : byBase.entrySet()) {
            List<TtsVoice> g = new ArrayList<>(e.getValue());
            java.util.Collections.shuffle(g, new Random(seed ^ e.getKey().hashCode()));
            groups.add(g);
        }
        List<TtsVoice> out = new ArrayList<>();
        for (int round = 0; out.size() < voices.size(); round++) {
            for (List<TtsVoice> g : groups) if (round < g.size()) out.add(g.get(round));
        }
        return out;
    }

    /**
     * Refuses per-accent styles for an accent no selected voice has, and draws for an engine none is from: a misspelt
     * name would otherwise change nothing without a word.
     */
    static void checkAccentsAndEngines(CorpusSpec spec, List<TtsVoice> voices) {
        if (voices.isEmpty()) return;
        requireInUse(spec.stylesByAccent().keySet(), voices, TtsVoice::accent, "has the accent", "given styles", "accents");
        requireInUse(spec.drawsByEngine().keySet(), voices, TtsVoice::engine, "is from the engine", "given draws", "engines");
        spec.stylesByAccent().forEach((accent, n) -> log.info("voices of accent {} speak in {} styles ({} elsewhere)",
                accent, n, spec.stylesPerVoice()));
        spec.drawsByEngine().forEach((engine, n) -> log.info("each {} voice is drawn {} times", engine, n));
    }

    /** Throws unless some voice has each of {@code names} (as {@code of} gives it), naming those in use. */
    private static void requireInUse(java.util.Set<String> names, List<TtsVoice> voices,
            java.util.function.Function<TtsVoice, String> of, String relation, String given, String plural) {
        java.util.TreeSet<String> have = new java.util.TreeSet<>();
        for (TtsVoice v : voices) have.add(of.apply(v));
        for (String name : names) {
            if (!have.contains(name)) {
                throw new IllegalArgumentException("no voice in use " + relation + " '" + name + "' " + given
                        + " of its own; " + plural + " in use: " + String.join(", ", have));
            }
        }
    }

    private static void logVoices(List<TtsVoice> voices) {
        Map<String, Integer> byEngine = new LinkedHashMap<>();
        for (TtsVoice v : voices) byEngine.merge(v.engine(), 1, Integer::sum);
        log.info("using {} voices {} ({} speakers, {} accents)", voices.size(), byEngine,
                voices.stream().map(TtsVoice::speakerId).distinct().count(),
                voices.stream().map(TtsVoice::accent).distinct().count());
    }

    // ---- non-speech clips ----

    /** Near-silence (a faint noise floor) and pure noise, spread over 16 pseudo-speakers for splitting. */
    private static List<Clip> nonSpeechClips(CorpusSpec spec) {
        Random r = new Random(spec.seed() + 0x51L);
        List<Clip> out = new ArrayList<>();
        NoiseGenerator.Color[] colors = NoiseGenerator.Color.values();
        for (int i = 0; i < spec.silenceClips(); i++) {
            int len = (int) ((0.5 + 1.5 * r.nextDouble()) * RATE);
            double dbfs = -75 + 20 * r.nextDouble();
            NoiseGenerator.Color c = r.nextBoolean() ? NoiseGenerator.Color.WHITE : NoiseGenerator.Color.PINK;
            float[] x = NoiseGenerator.generate(c, len, Signals.fromDb(dbfs), r);
            out.add(new Clip(Signals.toAudio(x), false, "noise/" + (i % 16), "silence",
                    String.format(java.util.Locale.ROOT, "generated:%s@%.0fdBFS", c.name().toLowerCase(), dbfs),
                    Clip.Kind.SILENCE));
        }
        for (int i = 0; i < spec.noiseClips(); i++) {
            int len = (int) ((0.5 + 1.5 * r.nextDouble()) * RATE);
            double dbfs = -40 + 25 * r.nextDouble();
            NoiseGenerator.Color c = colors[r.nextInt(colors.length)];
            float[] x = NoiseGenerator.generate(c, len, Signals.fromDb(dbfs), r);
            out.add(new Clip(Signals.toAudio(x), false, "noise/" + (i % 16), c.name().toLowerCase() + " noise",
                    String.format(java.util.Locale.ROOT, "generated:%s@%.0fdBFS", c.name().toLowerCase(), dbfs),
                    Clip.Kind.NOISE));
        }
        return out;
    }

    // ---- execution ----

    /** Shared state of one build's workers. */
    private static final class Run {
        final SynthesisCache cache;
        final ProgressBar progress;
        final AtomicInteger failed = new AtomicInteger();
        final Map<String, AtomicInteger> voiceFailures = new ConcurrentHashMap<>();
        final Map<String, Boolean> voiceWorked = new ConcurrentHashMap<>();
        final Map<String, Boolean> gaveUp = new ConcurrentHashMap<>();

        Run(SynthesisCache cache, ProgressBar progress) {
            this.cache = cache;
            this.progress = progress;
        }

        List<Clip> execute(Task t) {
            String vid = voiceKey(t.voice());
            try {
                if (gaveUp.containsKey(vid)) return List.of();
                List<Clip> out = new ArrayList<>();
                Random r = new Random(t.seed());
                float[] first = speak(t, t.first());
                String source = vid + "@" + t.style().id();
                if (t.firstAlone()) {
                    out.add(clip(t, first, t.first(), source, first.length));
                }
                for (String rest : t.rests()) {
                    float[] tail = speak(t, rest);
                    float[] pause = new float[(int) ((MIN_PAUSE_S + (MAX_PAUSE_S - MIN_PAUSE_S) * r.nextDouble()) * RATE)];
                    out.add(clip(t, Signals.concat(first, pause, tail), t.first() + ", " + rest, source, first.length));
                }
                voiceWorked.put(vid, true);
                return out;
            } catch (TtsException e) {
                int f = failed.incrementAndGet();
                int vf = voiceFailures.computeIfAbsent(vid, k -> new AtomicInteger()).incrementAndGet();
                if (f <= 20) log.warn("skipped: {}", e.getMessage());
                else log.debug("skipped: {}", e.getMessage());
                if (vf >= GIVE_UP_AFTER_FAILURES && !voiceWorked.containsKey(vid) && gaveUp.putIfAbsent(vid, true) == null) {
                    log.warn("voice {} failed {} times without success: skipping the rest of its clips", vid, vf);
                }
                return List.of();
            } finally {
                progress.advance(t.clipCount());
            }
        }

        private float[] speak(Task t, String text) throws TtsException {
            float[] x = cache.speech(t.engine(), t.voice(), t.style(), text);
            if (x.length < RATE / 20) {
                throw new TtsException(voiceKey(t.voice()) + " produced (almost) nothing for '" + text + "'");
            }
            return x;
        }

        private static Clip clip(Task t, float[] x, String text, String source, int phraseEnd) {
            return t.positive()
                    ? new Clip(Signals.toAudio(x), true, t.voice().speakerId(), text, source, t.kind(), 0, phraseEnd)
                    : new Clip(Signals.toAudio(x), false, t.voice().speakerId(), text, source, t.kind());
        }

        private static String voiceKey(TtsVoice v) {
            return v.engine() + ":" + v.voiceId() + (v.variant().isEmpty() ? "" : "+" + v.variant());
        }
    }
}
