package io.wakestream.runner;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One soak run's settings, checked before anything starts.
 *
 * @param devices devices live at any moment (a device whose session ended is replaced by a new id within
 *     {@link SoakFleet#JOIN_EVERY_MS})
 * @param durationMs how long devices play
 * @param sessionMinMs shortest device session (a device plays this long at least, then goes silent for good)
 * @param sessionMaxMs longest device session
 * @param idleTimeoutMs the job clears a device's state after this long without a chunk
 * @param sampleMs time between memory samples
 * @param wakeEverySeconds mean time between planted wake phrases on a device
 * @param checkpointMs checkpoint interval (the exactly-once sinks publish at checkpoints)
 * @param parallelism Flink parallelism
 * @param seed for the devices' session lengths and audio
 * @param model wake-word model folder
 * @param voskModel Vosk model folder
 * @param samples folder with kitchen.wav, hallway.wav, office.wav
 */
record SoakSettings(int devices, long durationMs, long sessionMinMs, long sessionMaxMs, long idleTimeoutMs, long sampleMs,
        int wakeEverySeconds, long checkpointMs, int parallelism, long seed, Path model, Path voskModel, Path samples) {
    SoakSettings {
        if (devices < 1 || devices > 10_000) throw new IllegalArgumentException("--devices must be 1 to 10000, was " + devices);
        if (durationMs < 10_000) throw new IllegalArgumentException("--minutes must be at least 10 s worth, was " + durationMs / 60_000.0);
        if (sessionMinMs < 5_000) {
            throw new IllegalArgumentException("--session-s: the shortest session must be at least 5 s, was " + sessionMinMs / 1000);
        }
        if (sessionMaxMs < sessionMinMs) {
            throw new IllegalArgumentException("--session-s: the longest session (" + sessionMaxMs / 1000
                    + " s) is shorter than the shortest (" + sessionMinMs / 1000 + " s)");
        }
        if (idleTimeoutMs < 1_000) throw new IllegalArgumentException("--idle-timeout-s must be at least 1, was " + idleTimeoutMs / 1000.0);
        if (sampleMs < 1_000) throw new IllegalArgumentException("--sample-s must be at least 1, was " + sampleMs / 1000.0);
        if (wakeEverySeconds < 1) throw new IllegalArgumentException("--wake-every must be at least 1 s, was " + wakeEverySeconds);
        if (checkpointMs < 10) throw new IllegalArgumentException("--checkpoint-ms must be at least 10, was " + checkpointMs);
        if (parallelism < 1) throw new IllegalArgumentException("--parallelism must be at least 1, was " + parallelism);
    }

    /** "200 devices, 30 min, sessions 60-300 s, idle timeout 60 s". */
    String describe() {
        return String.format(Locale.ROOT, "%d devices live, %s, sessions %d-%d s, idle timeout %d s, checkpoints every %d ms,"
                        + " a sample every %d s", devices, minutes(durationMs), sessionMinMs / 1000, sessionMaxMs / 1000,
                idleTimeoutMs / 1000, checkpointMs, sampleMs / 1000);
    }

    static String minutes(long ms) {
        return ms % 60_000 == 0 ? ms / 60_000 + " min" : String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
    }

    /** Parses {@code MIN..MAX} (seconds), or a single number for sessions of one length. */
    static long[] parseRangeSeconds(String text) {
        String t = text.trim();
        String[] parts = t.split("\\.\\.", -1);
        try {
            if (parts.length == 1) {
                long v = Long.parseLong(parts[0].trim());
                return new long[] {v * 1000, v * 1000};
            }
            if (parts.length == 2) return new long[] {Long.parseLong(parts[0].trim()) * 1000, Long.parseLong(parts[1].trim()) * 1000};
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--session-s must be MIN..MAX in whole seconds (e.g. 60..300), was '" + text + "'");
    }
}
