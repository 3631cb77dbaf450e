package io.wakestream.engine.detect;

/**
 * The wake phrase was heard.
 *
 * @param wakeWord the phrase of the model that fired
 * @param score the smoothed score that crossed the threshold
 * @param audioStartMs where the phrase starts in the stream's audio timeline (estimated from frame energy)
 * @param audioEndMs where the phrase ends
 * @param detectedAtMs the audio time at which the detector could decide (end of the last frame it had seen)
 */
public record Detection(String wakeWord, float score, long audioStartMs, long audioEndMs, long detectedAtMs) {}
