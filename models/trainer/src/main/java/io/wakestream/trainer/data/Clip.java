package io.wakestream.trainer.data;

import io.wakestream.engine.audio.PcmAudio;
import java.util.Objects;

/**
 * One labelled training clip.
 *
 * @param audio the samples, 16 kHz mono
 * @param positive true when the clip contains the wake phrase
 * @param speakerId who (or which synthetic voice) spoke it; training and validation are split by this
 * @param text what is said, or a description for non-speech clips
 * @param source where the clip came from, e.g. {@code espeak-ng:en-us+m3} or a file path
 * @param kind what sort of clip this is
 * @param phraseStartSample first sample of the wake phrase in {@code audio}, or -1 when unknown / not applicable
 * @param phraseEndSample sample just after the end of the wake phrase, or -1 when unknown / not applicable
 */
public record Clip(
        PcmAudio audio,
        boolean positive,
        String speakerId,
        String text,
        String source,
        Kind kind,
        int phraseStartSample,
        int phraseEndSample) {

    /** What a clip contains. */
    public enum Kind {
        /** The wake phrase (alone, or at the start of a sentence). */
        WAKE,
        /** Something that sounds like the wake phrase but is not it. */
        CONFUSABLE,
        /** Ordinary running speech without the wake phrase. */
        SPEECH,
        /** Near silence (tiny noise floor). */
        SILENCE,
        /** Noise without speech. */
        NOISE
    }

    public Clip {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(speakerId, "speakerId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        if ((phraseStartSample < 0) != (phraseEndSample < 0)) {
            throw new IllegalArgumentException("phrase boundaries must both be known or both be -1");
        }
        if (phraseStartSample >= 0 && (phraseEndSample < phraseStartSample || phraseEndSample > audio.samples().length)) {
            throw new IllegalArgumentException("phrase boundaries [" + phraseStartSample + ", " + phraseEndSample
                    + ") outside clip of " + audio.samples().length + " samples");
        }
    }

    /** A clip without known phrase boundaries. */
    public Clip(PcmAudio audio, boolean positive, String speakerId, String text, String source, Kind kind) {
        this(audio, positive, speakerId, text, source, kind, -1, -1);
    }

    /** True when the wake phrase's position in the clip is known exactly. */
    public boolean hasPhraseBoundaries() {
        return phraseStartSample >= 0;
    }

    /** The same clip with other audio and boundaries (used by augmentation, which moves samples around). */
    public Clip withAudio(PcmAudio newAudio, int newPhraseStart, int newPhraseEnd, String newSource) {
        return new Clip(newAudio, positive, speakerId, text, newSource, kind, newPhraseStart, newPhraseEnd);
    }

    @Override
    public String toString() {
        return "Clip[" + kind + (positive ? "+" : "-") + " " + speakerId + " '" + text + "' "
                + audio.samples().length + " samples from " + source
                + (hasPhraseBoundaries() ? " phrase=[" + phraseStartSample + "," + phraseEndSample + ")" : "") + "]";
    }
}
