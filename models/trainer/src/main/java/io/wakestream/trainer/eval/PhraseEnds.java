package io.wakestream.trainer.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the wake phrase ends in each positive clip of a folder: {@value #FILE} beside the clips, lines of
 * {@code file,phraseEndMs} after a header ({@code train --write-test-set} writes it). With it, {@code eval} reports
 * the detection delay as well as whether each clip was caught.
 */
public final class PhraseEnds {
    public static final String FILE = "phrase-ends.csv";
    public static final String HEADER = "file,phraseEndMs\n";

    private PhraseEnds() {}

    /**
     * The phrase end of each clip, or null where its folder has no {@value #FILE} or the file does not list it.
     *
     * @throws IOException when a {@value #FILE} exists but a line of it is malformed (named, with its line number)
     */
    public static List<Long> forClips(List<Path> clips) throws IOException {
        Map<Path, Map<String, Long>> byFolder = new HashMap<>();
        Long[] out = new Long[clips.size()];
        for (int i = 0; i < clips.size(); i++) {
            Path folder = clips.get(i).toAbsolutePath().getParent();
            Map<String, Long> ends = byFolder.get(folder);
            if (ends == null) {
                ends = read(folder.resolve(FILE));
                byFolder.put(folder, ends);
            }
            out[i] = ends.get(clips.get(i).getFileName().toString());
        }
        return java.util.Arrays.asList(out);
    }

    static Map<String, Long> read(Path csv) throws IOException {
        Map<String, Long> ends = new HashMap<>();
        if (!Files.isRegularFile(csv)) return ends;
        List<String> lines = Files.readAllLines(csv);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || (n == 0 && line.equals(HEADER.strip()))) continue;
            int comma = line.lastIndexOf(',');
            try {
                if (comma <= 0) throw new NumberFormatException("no comma");
                ends.put(line.substring(0, comma), Long.parseLong(line.substring(comma + 1).strip()));
            } catch (NumberFormatException e) {
                throw new IOException(csv + " line " + (n + 1) + ": expected file,phraseEndMs, was '" + line + "'");
            }
        }
        return ends;
    }
}
