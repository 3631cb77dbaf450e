package io.wakestream.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** English words to search for confusables in: the system dictionary if there is one, plus a built-in list. */
public final class WordList {
    /** Where Debian/Ubuntu's {@code wamerican}/{@code wbritish} packages put their list. */
    public static final Path SYSTEM_DICTIONARY = Path.of("/usr/share/dict/words");
    static final String BUILTIN_RESOURCE = "common-words.txt";
    /** Longer words are rarely confused with a wake phrase and make phonemizing a big dictionary slow. */
    static final int MAX_LENGTH = 14;

    private static final Logger log = LoggerFactory.getLogger(WordList.class);

    private WordList() {}

    /**
     * The built-in common words, plus {@link #SYSTEM_DICTIONARY} when present: lower case, letters only, 2 to
     * {@value #MAX_LENGTH} letters (plus "a"), sorted and without duplicates.
     */
    public static List<String> standard() {
        TreeSet<String> words = new TreeSet<>(builtin());
        if (Files.isReadable(SYSTEM_DICTIONARY)) {
            try {
                int before = words.size();
                words.addAll(clean(Files.readAllLines(SYSTEM_DICTIONARY, StandardCharsets.UTF_8)));
                log.info("word list: {} built-in words + {} from {}", before, words.size() - before, SYSTEM_DICTIONARY);
            } catch (IOException e) {
                log.warn("cannot read {}, using the built-in word list only: {}", SYSTEM_DICTIONARY, e.getMessage());
            }
        } else {
            log.info("word list: {} built-in words ({} not present)", words.size(), SYSTEM_DICTIONARY);
        }
        return List.copyOf(words);
    }

    /** The committed list of a few thousand common English words and first names. */
    public static List<String> builtin() {
        return List.copyOf(new TreeSet<>(clean(readResource(BUILTIN_RESOURCE))));
    }

    /** Lower-cased, letters-only words (dictionary entries like "Jarvis's" or "e-mail" are dropped). */
    static List<String> clean(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String w = l.strip().toLowerCase(Locale.ROOT);
            if (w.isEmpty() || w.startsWith("#")) continue;
            if (!w.matches("[a-z]+")) continue;
            if (w.length() > MAX_LENGTH || (w.length() < 2 && !w.equals("a"))) continue;
            out.add(w);
        }
        return out;
    }

    /** Non-comment, non-blank lines of a resource next to this class. */
    static List<String> readResource(String name) {
        try (InputStream in = WordList.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("resource missing: " + name);
            List<String> out = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    String s = line.strip();
                    if (!s.isEmpty() && !s.startsWith("#")) out.add(s);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
