package io.wakestream.trainer.eval;

import java.util.List;

/**
 * One model's evaluation.
 *
 * @param model model name
 * @param positives positive clips scored
 * @param negativeHours hours of negative audio scored
 * @param points the threshold sweep
 * @param atTarget the best point within the false-accept target (null if none reaches it)
 * @param atDefault the point at the model's own default threshold
 * @param cpuMsPerAudioSecond CPU per second of audio, single stream, features + scoring + detection
 * @param delay detection delay after the phrase's end at the default settings, where the positives' phrase ends are
 *     known ({@link PhraseEnds}); null otherwise
 * @param bySpeaker recall of each speaker's positives at the default settings, fewest caught first
 *     ({@link SpeakerRecall})
 */
public record EvaluationReport(String model, int positives, double negativeHours, List<OperatingPoint> points,
        OperatingPoint atTarget, OperatingPoint atDefault, double cpuMsPerAudioSecond, DetectionDelay delay,
        List<SpeakerRecall> bySpeaker) {}
