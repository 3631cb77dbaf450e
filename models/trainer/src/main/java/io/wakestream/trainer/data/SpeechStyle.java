package io.wakestream.trainer.data;

import java.util.Locale;

/**
 * How to speak: tempo and pitch. Engines map these to their own controls and ignore what they lack.
 *
 * @param rate speaking-rate multiplier; 1.0 is the engine's normal speed, 1.25 is 25% faster
 * @param pitch 0..99, 50 being the voice's normal pitch (espeak-ng's {@code -p} scale)
 * @param pitchRange 0..99, 50 normal intonation, lower is more monotone; -1 to leave the engine's default
 * @param amplitude 0..200 loudness (espeak-ng's {@code -a} scale, 100 normal); -1 for the engine's default level
 *     (for espeak-ng a somewhat lower one, see {@code EspeakNgTts.DEFAULT_AMPLITUDE})
 */
public record SpeechStyle(double rate, int pitch, int pitchRange, int amplitude) {
    /** The engine's defaults. */
    public static final SpeechStyle NORMAL = new SpeechStyle(1.0, 50, -1, -1);

    public SpeechStyle {
        if (!(rate >= 0.3 && rate <= 3.0)) throw new IllegalArgumentException("rate must be in 0.3..3.0, was " + rate);
        if (pitch < 0 || pitch > 99) throw new IllegalArgumentException("pitch must be in 0..99, was " + pitch);
        if (pitchRange < -1 || pitchRange > 99) throw new IllegalArgumentException("pitchRange must be -1 or 0..99");
        if (amplitude < -1 || amplitude > 200) throw new IllegalArgumentException("amplitude must be -1 or 0..200");
    }

    /** A style with the given rate and pitch and default range and amplitude. */
    public static SpeechStyle of(double rate, int pitch) {
        return new SpeechStyle(rate, pitch, -1, -1);
    }

    /** Words per minute for engines that count that way, given the engine's normal wpm. */
    public int wordsPerMinute(int normalWpm) {
        return (int) Math.round(normalWpm * rate);
    }

    /** A short, stable, file-name-safe identifier (part of the synthesis cache key). */
    public String id() {
        return String.format(Locale.ROOT, "r%.3f-p%d-g%d-a%d", rate, pitch, pitchRange, amplitude);
    }
}
