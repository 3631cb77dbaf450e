package io.wakestream.engine.audio;

import java.io.IOException;

/** A file that is not a WAV the engine can read; the message names the file and what is wrong. */
public class WavFormatException extends IOException {
    private final String source;

    public WavFormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    /** The file (or stream name) that could not be read. */
    public String source() {
        return source;
    }
}
