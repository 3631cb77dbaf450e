package io.wakestream.schemas;

/**
 * A message could not be decoded. The message says what was wrong in words a person can act on; {@link #problem()}
 * says the same for code (for example, to choose a dead-letter reason or a metric).
 */
public final class SchemaDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the bytes. */
    public enum Problem {
        /** Shorter than the 10-byte single-object header. */
        TOO_SHORT,
        /** Does not start with the single-object marker {@code C3 01}: not single-object encoded Avro at all. */
        BAD_MAGIC,
        /** The header names a schema that is neither the current one nor a released earlier version. */
        UNKNOWN_FINGERPRINT,
        /** The header is fine but the body is not a valid record of the schema it names. */
        MALFORMED_BODY
    }

    private final Problem problem;

    public SchemaDecodeException(Problem problem, String message) {
        this(problem, message, null);
    }

    public SchemaDecodeException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
