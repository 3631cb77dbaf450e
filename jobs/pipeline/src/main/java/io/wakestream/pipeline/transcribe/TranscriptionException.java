package io.wakestream.pipeline.transcribe;

/** One piece of audio could not be transcribed; the transcriber itself stays usable. */
public class TranscriptionException extends Exception {
    private static final long serialVersionUID = 1L;

    public TranscriptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
