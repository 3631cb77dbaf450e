package io.wakestream.trainer.data;

import java.util.Objects;

/**
 * One voice of one TTS engine.
 *
 * @param engine engine name, e.g. {@code espeak-ng}, {@code flite}, {@code festival}
 * @param voiceId the engine's own voice name (e.g. {@code en-us}, {@code slt}, {@code kal_diphone})
 * @param variant engine-specific voice variant (espeak-ng {@code +m3}, {@code +klatt2}...), empty when none
 * @param speakerId stable identifier of the resulting "speaker"; datasets are split into training and validation
 *     by this, so that validation measures generalisation to voices never heard in training
 * @param accent language/accent tag, e.g. {@code en-us}, {@code en-gb-scotland}, {@code de} (German speaking English)
 */
public record TtsVoice(String engine, String voiceId, String variant, String speakerId, String accent) {
    public TtsVoice {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(voiceId, "voiceId");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(speakerId, "speakerId");
        Objects.requireNonNull(accent, "accent");
    }

    /** Builds a voice whose speaker id is {@code engine:voiceId[+variant]}. */
    public static TtsVoice of(String engine, String voiceId, String variant, String accent) {
        String id = engine + ":" + voiceId + (variant.isEmpty() ? "" : "+" + variant);
        return new TtsVoice(engine, voiceId, variant, id, accent);
    }

    @Override
    public String toString() {
        return speakerId + " (" + accent + ")";
    }
}
