package io.wakestream.trainer.data;

import io.wakestream.engine.audio.PcmAudio;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * eSpeak NG, run as a process. Voices are every English voice crossed with every voice variant, plus a list of
 * other-language voices that speak English with an accent (also crossed with the variants).
 *
 * <p>MBROLA voices ({@code mb/...}) are skipped: they need the separate mbrola program.
 */
public final class EspeakNgTts implements TtsEngine {
    public static final String NAME = "espeak-ng";
    /**
     * Amplitude used when the style leaves it open. At espeak-ng's own default (100) many variants reach full
     * scale, and some (iven, antonio, ed, Marco...) saturate inside espeak-ng even at 60; resampling the 22.05 kHz
     * output to 16 kHz then overshoots and clips. 40 keeps all but a handful of samples clean, and levels are
     * varied by augmentation anyway.
     */
    static final int DEFAULT_AMPLITUDE = 40;
    /** espeak-ng's own default speed; {@link SpeechStyle#rate()} multiplies this. */
    static final int NORMAL_WPM = 175;

    /**
     * Languages whose voices are used to read English text with a foreign accent. Some of them pronounce English
     * words by their own spelling rules ("jarvis" as "yarvis" in German); {@link SyntheticCorpusBuilder} checks the
     * wake phrase's pronunciation before using an accent voice for positives.
     */
    public static final List<String> DEFAULT_ACCENTS = List.of(
            "de", "fr-fr", "es", "es-419", "it", "pt", "pt-br", "nl", "sv", "da", "pl", "cs", "ru", "uk", "hi",
            "bn", "ta", "tr", "el", "fi", "hu", "ro", "id", "sw", "ar", "he", "fa", "ko", "vi", "cmn", "yue");

    /**
     * Novelty variants that do not sound like a person (robots, demons, croaks). Leaving them out keeps the
     * training data closer to what real microphones hear.
     */
    static final Set<String> NOVELTY_VARIANTS = Set.of(
            "demonic", "unirobot", "anikarobot", "robosoft", "robosoft2", "robosoft3", "robosoft4", "robosoft5",
            "robosoft6", "robosoft7", "robosoft8", "croak", "tweaky");

    private static final Logger log = LoggerFactory.getLogger(EspeakNgTts.class);

    private final String executable;
    private final List<String> accents;
    private final boolean includeNovelty;
    private final Duration timeout;
    private volatile Boolean available;
    private volatile List<TtsVoice> voices;
    /** Generated variant name -> the {@code --path} of the data mirror that holds its file. */
    private final Map<String, Path> generatedDataParents = new java.util.concurrent.ConcurrentHashMap<>();

    /** espeak-ng from the PATH with the default accents, without novelty variants, 30 s per call. */
    public EspeakNgTts() {
        this("espeak-ng", DEFAULT_ACCENTS, false, Duration.ofSeconds(30));
    }

    /**
     * @param executable program name or path
     * @param accents non-English language codes to use as accented English voices (missing ones are skipped)
     * @param includeNovelty also use robot-like variants
     * @param timeout limit for each process call
     */
    public EspeakNgTts(String executable, List<String> accents, boolean includeNovelty, Duration timeout) {
        this.executable = executable;
        this.accents = List.copyOf(accents);
        this.includeNovelty = includeNovelty;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isAvailable() {
        Boolean a = available;
        if (a == null) {
            try {
                ProcessRunner.Result r = ProcessRunner.run(List.of(executable, "--version"), null, timeout);
                a = r.ok() && r.stdout().contains("eSpeak");
                if (!a) log.info("espeak-ng not usable (exit {}): {}", r.exitCode(), ProcessRunner.tail(r.stderr()));
            } catch (IOException e) {
                log.info("espeak-ng not available: {}", e.getMessage());
                a = false;
            }
            available = a;
        }
        return a;
    }

    @Override
    public List<TtsVoice> voices() {
        List<TtsVoice> v = voices;
        if (v == null) {
            v = isAvailable() ? enumerate() : List.of();
            voices = v;
        }
        return v;
    }

    private List<TtsVoice> enumerate() {
        try {
            // Language code -> voice file, skipping MBROLA voices and the variant pseudo-voices.
            Map<String, String> all = parseVoiceList(run(List.of(executable, "--voices")));
            List<String> english = new ArrayList<>();
            for (String lang : all.keySet()) {
                if (lang.equals("en") || lang.startsWith("en-")) english.add(lang);
            }
            english.sort(Comparator.naturalOrder());
            List<String> accentBases = new ArrayList<>();
            for (String lang : accents) {
                if (all.containsKey(lang)) accentBases.add(lang);
                else log.info("espeak-ng has no voice for accent '{}', skipped", lang);
            }
            List<String> variants = new ArrayList<>();
            variants.add(""); // the base voice's own sound
            for (String line : run(List.of(executable, "--voices=variant")).split("\\R")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 5 && f[4].startsWith("!v/")) {
                    String name = f[4].substring(3);
                    if (includeNovelty || !NOVELTY_VARIANTS.contains(name.toLowerCase(Locale.ROOT))) variants.add(name);
                }
            }
            variants.subList(1, variants.size()).sort(String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder()));
            List<TtsVoice> out = new ArrayList<>();
            for (String base : english) for (String var : variants) out.add(voice(selector(base, all.get(base)), var, base));
            for (String base : accentBases) for (String var : variants) out.add(voice(selector(base, all.get(base)), var, base));
            log.info("espeak-ng: {} English voices, {} accent voices, {} variants -> {} voices",
                    english.size(), accentBases.size(), variants.size(), out.size());
            return List.copyOf(out);
        } catch (IOException e) {
            log.warn("cannot list espeak-ng voices: {}", e.getMessage());
            return List.of();
        }
    }

    /**
     * The speaker id is the variant, not the language: a variant sets the formants and pitch (the "who"), the
     * language only the pronunciation rules. Splitting by variant keeps the same synthetic throat out of both
     * training and validation.
     */
    private static TtsVoice voice(String selector, String variant, String language) {
        String speaker = NAME + ":" + (variant.isEmpty() ? "default" : variant.toLowerCase(Locale.ROOT));
        return new TtsVoice(NAME, selector, variant, speaker, language);
    }

    /**
     * What to pass to {@code -v} for a language's voice: the language code when the voice file is named after it
     * ({@code en-us}: {@code gmw/en-US}), else the file ({@code en-gb}: {@code gmw/en}). espeak-ng finds a voice
     * named like the file by name, and keeps a {@code +variant} then; a voice it finds by language alone it speaks
     * with the variant silently dropped, so "en-gb+f3" would be plain en-gb under the name of f3.
     */
    static String selector(String language, String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        return name.equalsIgnoreCase(language) ? language : file;
    }

    /** Parses {@code espeak-ng --voices} output into language -> file, in listing order, without MBROLA/variants. */
    static Map<String, String> parseVoiceList(String listing) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : listing.split("\\R")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || f[0].equals("Pty")) continue;
            String lang = f[1];
            String file = f[4];
            if (file.startsWith("mb/") || file.startsWith("!v/") || lang.equals("variant")) continue;
            out.putIfAbsent(lang.toLowerCase(Locale.ROOT), file);
        }
        return out;
    }

    /**
     * {@code n} new speakers ({@link GeneratedVariants}), each reading with one of the English base voices in turn.
     * espeak-ng finds variants only in its data folder and lists at most 349 voices (languages included), so the
     * variants go into mirrors of its data under {@code cacheDir} (folders of links, without the shipped variants
     * and MBROLA voices), {@value #GENERATED_PER_MIRROR} to a mirror; synthesis with these voices points espeak-ng
     * at theirs.
     */
    @Override
    public List<TtsVoice> generatedVoices(int n, long seed, Path cacheDir) throws IOException {
        if (n == 0 || !isAvailable()) return List.of();
        List<TtsVoice> english = new ArrayList<>();
        for (TtsVoice v : voices()) {
            if (v.accent().startsWith("en") && v.variant().isEmpty()) english.add(v);
        }
        if (english.isEmpty()) return List.of();
        String version = run(List.of(executable, "--version"));
        Matcher m = Pattern.compile("Data at:\\s*(\\S.*?)\\s*$", Pattern.MULTILINE).matcher(version);
        if (!m.find()) throw new IOException("espeak-ng --version does not say where its data is: " + version.strip());
        Path data = Path.of(m.group(1));
        Path root = cacheDir.resolve(GENERATED_DIR).resolve(Integer.toHexString(version.strip().hashCode()));
        List<GeneratedVariants.Variant> variants = GeneratedVariants.generate(n, seed);
        List<TtsVoice> out = new ArrayList<>();
        for (int from = 0; from < variants.size(); from += GENERATED_PER_MIRROR) {
            List<GeneratedVariants.Variant> chunk =
                    variants.subList(from, Math.min(variants.size(), from + GENERATED_PER_MIRROR));
            // One mirror per set of variants: runs with other seeds or counts never crowd each other's voice list.
            String key = Integer.toHexString(chunk.stream().map(GeneratedVariants.Variant::name).toList().hashCode());
            Path mirror = dataMirror(data, root.resolve(key));
            for (GeneratedVariants.Variant v : chunk) {
                Path file = mirror.resolve("espeak-ng-data").resolve("voices").resolve("!v").resolve(v.name());
                if (!Files.exists(file)) Files.writeString(file, v.fileText(), StandardCharsets.UTF_8);
                generatedDataParents.put(v.name(), mirror);
                TtsVoice base = english.get(out.size() % english.size());
                out.add(voice(base.voiceId(), v.name(), base.accent()));
            }
        }
        log.info("espeak-ng: {} generated voices (variant files under {})", out.size(), root);
        return out;
    }

    /** True for the speaker id of a voice {@link #generatedVoices} made (they only ever train). */
    public static boolean isGeneratedSpeaker(String speakerId) {
        return speakerId.startsWith(NAME + ":" + GeneratedVariants.PREFIX);
    }

    /** Generated variants per data mirror: espeak-ng's 349-voice list less its ~130 languages, with room to spare. */
    static final int GENERATED_PER_MIRROR = 150;
    private static final String GENERATED_DIR = "espeak-ng-generated-voices";

    /**
     * A mirror of espeak-ng's data folder {@code data} at {@code parent} (the folder to pass as {@code --path}):
     * every folder made anew, every file a link to espeak-ng's own, except the variants and MBROLA voices, left out
     * so the generated ones fit in espeak-ng's voice list. Made once; an existing mirror is used as it is.
     */
    private static Path dataMirror(Path data, Path parent) throws IOException {
        if (Files.isDirectory(parent.resolve("espeak-ng-data").resolve("voices").resolve("!v"))) return parent;
        Path tmp = Files.createDirectories(parent.getParent()).resolve(parent.getFileName() + ".tmp-"
                + ProcessHandle.current().pid());
        Path voicesDir = data.resolve("voices");
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.startsWith(voicesDir.resolve("!v")) || p.startsWith(voicesDir.resolve("mb"))) continue;
                Path target = tmp.resolve("espeak-ng-data").resolve(data.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.createSymbolicLink(target, p.toAbsolutePath());
            }
        }
        Files.createDirectories(tmp.resolve("espeak-ng-data").resolve("voices").resolve("!v"));
        try {
            Files.move(tmp, parent, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            deleteTree(tmp); // another run made it first
        }
        return parent;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** The {@code -v} argument for a voice. */
    static String voiceArg(TtsVoice voice) {
        return voice.variant().isEmpty() ? voice.voiceId() : voice.voiceId() + "+" + voice.variant();
    }

    @Override
    public PcmAudio synthesize(String text, TtsVoice voice, SpeechStyle style) throws TtsException {
        List<String> cmd = new ArrayList<>(List.of(executable));
        if (voice.variant().startsWith(GeneratedVariants.PREFIX)) {
            Path parent = generatedDataParents.get(voice.variant());
            if (parent == null) {
                throw new TtsException("generated voice " + voice.variant() + " used before generatedVoices() made it");
            }
            cmd.add("--path=" + parent);
        }
        cmd.addAll(List.of("-v", voiceArg(voice),
                "-s", Integer.toString(Math.max(80, Math.min(450, style.wordsPerMinute(NORMAL_WPM)))),
                "-p", Integer.toString(style.pitch())));
        cmd.addAll(List.of("-a", Integer.toString(style.amplitude() >= 0 ? style.amplitude() : DEFAULT_AMPLITUDE)));
        String input = text;
        if (style.pitchRange() >= 0) {
            // The command line has no pitch-range option; SSML prosody does (100% = normal intonation).
            cmd.add("-m");
            input = "<speak><prosody range=\"" + (style.pitchRange() * 2) + "%\">" + xmlEscape(text)
                    + "</prosody></speak>";
        }
        // Text goes in on stdin so that nothing in it can be taken for an option.
        cmd.add("--stdin");
        return TtsProcess.synthesizeToWav(cmd, "-w", input, timeout, NAME, voice, text, null);
    }

    @Override
    public Optional<Pronunciation> pronounce(String text, TtsVoice voice) {
        try {
            return Optional.of(Pronunciation.parseEspeak(
                    Phonemizer.run(executable, voice.voiceId(), List.of(text), timeout).get(0)));
        } catch (IOException e) {
            log.warn("cannot phonemize '{}' with {}: {}", text, voice.voiceId(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Phonemes (espeak-ng mnemonics) for each line, in the given voice. One process handles all lines: espeak-ng
     * reads stdin line by line and prints one line of phonemes per input line.
     */
    public List<String> phonemes(List<String> lines, String voiceId) throws IOException {
        return Phonemizer.run(executable, voiceId, lines, timeout.multipliedBy(Math.max(1, lines.size() / 500)));
    }

    private String run(List<String> cmd) throws IOException {
        ProcessRunner.Result r = ProcessRunner.run(cmd, null, timeout);
        if (!r.ok()) throw new IOException(String.join(" ", cmd) + " failed: " + ProcessRunner.tail(r.stderr()));
        return r.stdout();
    }

    static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
