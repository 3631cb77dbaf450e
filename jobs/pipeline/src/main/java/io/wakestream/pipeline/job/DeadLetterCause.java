package io.wakestream.pipeline.job;

/**
 * What was wrong with a record. A dead letter's reason starts with the cause's name and a colon, followed by a
 * sentence naming the problem, so people can read it and dashboards can group by the prefix.
 */
public enum DeadLetterCause {
    /** The record had no value (a tombstone or a broken producer). */
    NULL_VALUE,
    /** The value was zero bytes. */
    EMPTY_VALUE,
    /** Shorter than the single-object header. */
    TOO_SHORT,
    /** Not single-object encoded Avro (no C3 01 marker). */
    BAD_MAGIC,
    /** Single-object encoded, but with a schema that is no version of AudioChunk (another type, or a newer one). */
    UNKNOWN_FINGERPRINT,
    /** An AudioChunk header with a body that is not a valid record (truncated, corrupt, trailing bytes). */
    MALFORMED_BODY,
    /** The chunk's deviceId is empty, too long or not printable. */
    INVALID_DEVICE_ID,
    /** The chunk decodes but its audio or stream fields are unusable (empty pcm, odd length, bad rate...). */
    INVALID_CHUNK,
    /** The decoder itself failed: a bug, kept as data instead of failing the job. */
    DECODER_FAILURE,
    /**
     * Not an input record: the command after a wake event that the transcription stage did not transcribe (too long,
     * malformed, Vosk failed on it, or timed out), so that wake event has no transcript.
     */
    UNTRANSCRIBED_COMMAND;

    /** {@code "CAUSE: detail"}. */
    public String reason(String detail) {
        return name() + ": " + detail;
    }

    /** The cause a reason string starts with, or null if it starts with none. */
    public static DeadLetterCause of(String reason) {
        if (reason == null) return null;
        int colon = reason.indexOf(':');
        if (colon < 0) return null;
        try {
            return valueOf(reason.substring(0, colon));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
