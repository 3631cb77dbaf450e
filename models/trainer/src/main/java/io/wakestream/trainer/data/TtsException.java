package io.wakestream.trainer.data;

import java.io.IOException;

/** A text-to-speech call failed; the message names the engine, voice, text and the engine's own error output. */
public class TtsException extends IOException {
    public TtsException(String message) {
        super(message);
    }

    public TtsException(String message, Throwable cause) {
        super(message, cause);
    }
}
