package io.wakestream.runner;

import io.wakestream.engine.audio.WavReader;
import io.wakestream.engine.audio.WavStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The files given to {@code replay}, checked before anything starts: each readable WAV becomes a device whose id is
 * the file's base name without extension; each bad file is reported with what is wrong and left out, so the good
 * ones are still processed.
 *
 * @param devices the files to play, with their device ids, in the order given
 * @param problems one line per file that cannot be played ("path: what is wrong")
 */
public record ReplayInput(List<Device> devices, List<String> problems) {
    /** Device ids are Kafka keys and end up in file names downstream: the capture agent's alphabet. */
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^A-Za-z0-9._-]");
    static final int MAX_ID_LENGTH = 64;

    /** One file to play. */
    public record Device(String deviceId, Path file, long durationMs) {}

    public ReplayInput {
        devices = List.copyOf(devices);
        problems = List.copyOf(problems);
    }

    /** Checks every file (header and length) and derives the device ids. */
    public static ReplayInput check(List<Path> files) {
        List<Device> devices = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path file : files) {
            long durationMs;
            try (WavStream s = WavReader.open(file)) {
                // Read it through: a truncated file is only found out at its early end.
                long samples = 0;
                short[] buf = new short[16_384];
                for (int n; (n = s.read(buf, 0, buf.length)) >= 0; ) samples += n;
                durationMs = samples * 1000 / 16_000;
                if (samples == 0) {
                    problems.add(file + ": no audio in the file");
                    continue;
                }
            } catch (IOException e) {
                problems.add(file + ": " + describe(e));
                continue;
            }
            String id = deviceId(file);
            Path other = seen.putIfAbsent(id, file);
            if (other != null) {
                problems.add(file + ": device id \"" + id + "\" is already taken by " + other
                        + " (each file is its own device, named by its base name; rename one)");
                continue;
            }
            devices.add(new Device(id, file, durationMs));
        }
        return new ReplayInput(devices, problems);
    }

    /**
     * The device id for a file: its base name without the last extension, with characters outside
     * {@code [A-Za-z0-9._-]} replaced by {@code _} and cut to 64 characters; an id of only dots becomes
     * underscores. Always a valid agent {@code DeviceId}.
     */
    public static String deviceId(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String id = NOT_ALLOWED.matcher(base).replaceAll("_");
        if (id.length() > MAX_ID_LENGTH) id = id.substring(0, MAX_ID_LENGTH);
        // "." and ".." (from files such as "..wav") are path navigation, which the agent refuses as an id.
        if (id.chars().allMatch(c -> c == '.')) id = id.replace('.', '_');
        return id.isEmpty() ? "_" : id;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (m == null) return e.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        return m;
    }
}
