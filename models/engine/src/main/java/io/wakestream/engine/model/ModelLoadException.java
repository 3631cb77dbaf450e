package io.wakestream.engine.model;

import java.io.IOException;

/** A model folder that cannot be used; the message names the folder and what is wrong with it. */
public class ModelLoadException extends IOException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
