package io.wakestream.pipeline.job;

/**
 * The device-id rule the job enforces before keying by device: 1 to {@value #MAX_LENGTH} characters, each one
 * visible (a letter, mark, digit, punctuation or symbol). Control characters, spaces, invisible format characters
 * (zero-width, bidi overrides), unpaired surrogates and unassigned code points are refused: an id is a state key,
 * a Kafka key and a log field, and must read the same in all three. The capture agent sends a stricter subset
 * ([A-Za-z0-9._-], at most 64).
 */
public final class DeviceIds {
    public static final int MAX_LENGTH = 128;
    /** How much of a bad id a message quotes. */
    private static final int QUOTE_LIMIT = 64;

    private DeviceIds() {}

    /** Why {@code id} is not a usable device id, or null if it is. */
    public static String problem(String id) {
        if (id == null) return "is missing";
        if (id.isEmpty()) return "is empty";
        if (id.length() > MAX_LENGTH) return "is " + id.length() + " characters long (at most " + MAX_LENGTH + ")";
        for (int i = 0; i < id.length(); ) {
            int cp = id.codePointAt(i);
            if (!isVisible(cp)) {
                return "contains " + describe(cp) + " at index " + i + " (only visible characters are allowed)";
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    public static boolean isValid(String id) {
        return problem(id) == null;
    }

    /** The id in double quotes with anything invisible escaped as {@code \\uXXXX}, cut at 64 characters. */
    public static String quote(String id) {
        if (id == null) return "null";
        StringBuilder out = new StringBuilder(Math.min(id.length(), QUOTE_LIMIT) + 8).append('"');
        int shown = 0;
        for (int i = 0; i < id.length() && shown < QUOTE_LIMIT; shown++) {
            int cp = id.codePointAt(i);
            if (isVisible(cp) && cp != '"' && cp != '\\') out.appendCodePoint(cp);
            else if (cp == '"' || cp == '\\') out.append('\\').appendCodePoint(cp);
            else for (char c : Character.toChars(cp)) out.append(String.format("\\u%04X", (int) c));
            i += Character.charCount(cp);
        }
        out.append('"');
        if (id.codePointCount(0, id.length()) > QUOTE_LIMIT) out.append("...");
        return out.toString();
    }

    private static boolean isVisible(int cp) {
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    private static String describe(int cp) {
        String kind;
        if (Character.isISOControl(cp)) kind = "control character";
        else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) kind = "whitespace";
        else if (Character.getType(cp) == Character.FORMAT) kind = "invisible format character";
        else if (Character.getType(cp) == Character.SURROGATE) kind = "unpaired surrogate";
        else if (Character.getType(cp) == Character.PRIVATE_USE) kind = "private-use character";
        else kind = "unassigned character";
        return kind + String.format(" U+%04X", cp);
    }
}
