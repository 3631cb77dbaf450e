package io.wakestream.pipeline.transcribe;

/** A Vosk model folder cannot be used; the message names the folder and what is wrong with it. */
public class VoskModelException extends Exception {
    private static final long serialVersionUID = 1L;

    public VoskModelException(String message) {
        super(message);
    }

    public VoskModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
