package io.wakestream.trainer.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pronunciations of words and phrases from espeak-ng ({@code -q -x}), remembered in memory and optionally in a
 * tab-separated file, because phonemizing a 100 000-word dictionary takes a few minutes.
 *
 * <p>Without espeak-ng it falls back to spelling ({@link Pronunciation#fromSpelling}) and says so once.
 */
public final class PronunciationDictionary {
    private static final Logger log = LoggerFactory.getLogger(PronunciationDictionary.class);

    private final String executable;
    private final String voiceId;
    private final Path cacheFile;
    private final boolean espeak;
    private final Map<String, Pronunciation> known = new ConcurrentHashMap<>();

    /**
     * @param executable espeak-ng program
     * @param voiceId whose pronunciation rules to use, e.g. {@code en-us}
     * @param cacheDir directory for the on-disk cache, or null for none
     */
    public PronunciationDictionary(String executable, String voiceId, Path cacheDir) {
        this.executable = executable;
        this.voiceId = voiceId;
        this.espeak = new EspeakNgTts(executable, List.of(), false, Duration.ofSeconds(10)).isAvailable();
        if (!espeak) {
            log.warn("espeak-ng not available: confusable phrases will be found by spelling, not by sound");
        }
        this.cacheFile = cacheDir == null || !espeak ? null
                : cacheDir.resolve("pronunciations-" + voiceId.replaceAll("[^A-Za-z0-9-]", "_") + ".tsv");
        loadCache();
    }

    /** espeak-ng from the PATH, American English, with a cache in {@code cacheDir} (may be null). */
    public static PronunciationDictionary standard(Path cacheDir) {
        return new PronunciationDictionary("espeak-ng", "en-us", cacheDir);
    }

    /** True when pronunciations come from espeak-ng rather than from spelling. */
    public boolean isPhonetic() {
        return espeak;
    }

    /** The pronunciation of one word or phrase. */
    public Pronunciation get(String text) throws IOException {
        return lookup(List.of(text)).get(text);
    }

    /** Pronunciations for all texts (one espeak-ng process per few thousand unknown texts). */
    public Map<String, Pronunciation> lookup(Collection<String> texts) throws IOException {
        Set<String> missingSet = new LinkedHashSet<>();
        for (String t : texts) if (!known.containsKey(t)) missingSet.add(t);
        List<String> missing = new ArrayList<>(missingSet);
        if (!missing.isEmpty()) {
            if (espeak) {
                if (missing.size() > 2000) log.info("phonemizing {} words with espeak-ng", missing.size());
                List<String> raw = Phonemizer.run(executable, voiceId, missing,
                        Duration.ofSeconds(30 + missing.size() / 50));
                Map<String, String> fresh = new LinkedHashMap<>();
                for (int i = 0; i < missing.size(); i++) {
                    known.put(missing.get(i), Pronunciation.parseEspeak(raw.get(i)));
                    fresh.put(missing.get(i), raw.get(i));
                }
                appendCache(fresh);
            } else {
                for (String t : missing) known.put(t, Pronunciation.fromSpelling(t));
            }
        }
        Map<String, Pronunciation> out = new LinkedHashMap<>();
        for (String t : texts) out.put(t, known.get(t));
        return out;
    }

    private void loadCache() {
        if (cacheFile == null || !Files.isReadable(cacheFile)) return;
        try {
            int n = 0;
            for (String line : Files.readAllLines(cacheFile, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab <= 0) continue;
                known.put(line.substring(0, tab), Pronunciation.parseEspeak(line.substring(tab + 1)));
                n++;
            }
            log.debug("loaded {} pronunciations from {}", n, cacheFile);
        } catch (IOException e) {
            log.warn("ignoring unreadable pronunciation cache {}: {}", cacheFile, e.getMessage());
        }
    }

    private synchronized void appendCache(Map<String, String> fresh) {
        if (cacheFile == null) return;
        try {
            Files.createDirectories(cacheFile.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(cacheFile, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                for (Map.Entry<String, String> e : fresh.entrySet()) {
                    if (e.getKey().indexOf('\t') >= 0 || e.getKey().indexOf('\n') >= 0) continue;
                    w.write(e.getKey() + "\t" + e.getValue() + "\n");
                }
            }
        } catch (IOException e) {
            log.warn("cannot write pronunciation cache {}: {}", cacheFile, e.getMessage());
        }
    }
}
