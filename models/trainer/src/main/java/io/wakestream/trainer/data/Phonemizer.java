package io.wakestream.trainer.data;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into espeak-ng phoneme mnemonics, many lines per process.
 *
 * <p>espeak-ng reads stdin one line at a time when neither {@code --stdin} nor {@code -f} is given, and with
 * {@code -q -x} prints one line of phonemes per input line (an empty line for an empty one). The line count is
 * checked, because a misalignment would silently attach pronunciations to the wrong words.
 */
final class Phonemizer {
    /** Lines per process: big enough to amortise start-up, small enough for a sensible time-out. */
    static final int BATCH = 4000;

    private Phonemizer() {}

    /**
     * @param voiceId espeak-ng voice (language) whose pronunciation rules to use, e.g. {@code en-us}
     * @param lines text, one item per line; line breaks inside an item are replaced by spaces
     * @return phonemes for each line, phonemes separated by {@code _} and words by spaces, with stress marks
     */
    static List<String> run(String executable, String voiceId, List<String> lines, Duration timeout)
            throws IOException {
        List<String> out = new ArrayList<>(lines.size());
        for (int from = 0; from < lines.size(); from += BATCH) {
            List<String> batch = lines.subList(from, Math.min(lines.size(), from + BATCH));
            StringBuilder in = new StringBuilder();
            for (String l : batch) in.append(sanitize(l)).append('\n');
            ProcessRunner.Result r = ProcessRunner.run(
                    List.of(executable, "-q", "-x", "--sep=_", "-v", voiceId), in.toString(), timeout);
            if (!r.ok()) {
                throw new IOException("espeak-ng phonemization failed (exit " + r.exitCode() + "): "
                        + ProcessRunner.tail(r.stderr()));
            }
            String[] got = r.stdout().split("\\R", -1);
            // A trailing newline yields one empty extra element.
            int n = got.length > 0 && got[got.length - 1].isEmpty() ? got.length - 1 : got.length;
            if (n != batch.size()) {
                throw new IOException("espeak-ng returned " + n + " phoneme lines for " + batch.size()
                        + " input lines (voice " + voiceId + ")");
            }
            for (int i = 0; i < n; i++) out.add(got[i].trim());
        }
        return out;
    }

    /** One line, no characters that espeak-ng would treat as markup or clause breaks inside the item. */
    static String sanitize(String s) {
        return s.replaceAll("[\\r\\n\\t<>\\[\\]{}]+", " ").strip();
    }
}
