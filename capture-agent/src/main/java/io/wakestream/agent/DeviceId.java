package io.wakestream.agent;

import java.nio.charset.StandardCharsets;

/**
 * A validated device id: 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._-]}, not only dots.
 *
 * <p>The id is the Kafka record key (so it picks the partition and the Flink job's key) and ends up in file
 * names, metric labels and log lines downstream; keeping it to this plain alphabet means none of those places
 * needs escaping, and a typo such as a trailing space or newline from a config file is refused up front
 * instead of silently becoming a second device.
 *
 * @param value the id as given
 */
public record DeviceId(String value) {
    /** Longest id accepted. */
    public static final int MAX_LENGTH = 64;

    public DeviceId {
        String problem = problem(value);
        if (problem != null) throw new IllegalArgumentException(problem);
    }

    /** Validates {@code value}; the exception message says what is wrong and what is allowed. */
    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    /** The id of simulated device {@code index} derived from this one: {@code <id>-<index>}. */
    public DeviceId simulated(int index) {
        if (index < 0) throw new IllegalArgumentException("device index must be >= 0, was " + index);
        String derived = value + "-" + index;
        if (derived.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("device id \"" + value + "\" is too long to number simulated devices:"
                    + " \"" + derived + "\" has " + derived.length() + " characters, at most " + MAX_LENGTH
                    + " are allowed");
        }
        return new DeviceId(derived);
    }

    /** The Kafka record key: the id in UTF-8 (which, for this alphabet, is also ASCII). */
    public byte[] keyBytes() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return value;
    }

    /** Null when valid, else the reason. */
    static String problem(String value) {
        String allowed = "use 1 to " + MAX_LENGTH + " characters of A-Z, a-z, 0-9, '.', '_' and '-'";
        if (value == null) return "device id is missing: " + allowed;
        if (value.isEmpty()) return "device id is empty: " + allowed;
        if (value.length() > MAX_LENGTH) {
            return "device id is " + value.length() + " characters long, at most " + MAX_LENGTH + " are allowed";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isAllowed(c)) {
                return "device id \"" + printable(value) + "\" has " + describe(value.codePointAt(i))
                        + " at position " + (i + 1) + ": " + allowed;
            }
        }
        // "." and ".." are valid characters but, as a file or folder name downstream, mean this folder and its
        // parent: an id made only of dots could write outside the folder meant for it.
        if (value.chars().allMatch(c -> c == '.')) {
            return "device id \"" + value + "\" is only dots, which name folders in paths: use at least one letter,"
                    + " digit, '_' or '-'";
        }
        return null;
    }

    private static boolean isAllowed(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    /** Quotes the character and gives its code point, so a tab or a non-breaking space is visible in a log. */
    private static String describe(int cp) {
        String shown = Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                ? "" : "'" + new String(Character.toChars(cp)) + "' ";
        return shown + String.format("(U+%04X)", cp);
    }

    /** The id with control characters escaped, so the error message itself cannot break a log line. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) b.append(String.format("\\u%04X", cp));
            else b.appendCodePoint(cp);
        });
        return b.toString();
    }
}
