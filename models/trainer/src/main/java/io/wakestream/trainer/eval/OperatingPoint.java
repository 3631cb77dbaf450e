package io.wakestream.trainer.eval;

/**
 * One threshold's result.
 *
 * @param threshold detector threshold
 * @param falseRejectRate fraction of positive clips with no detection
 * @param falseAcceptsPerHour detections per hour of negative audio
 * @param falseAccepts detections on negative audio
 */
public record OperatingPoint(float threshold, double falseRejectRate, double falseAcceptsPerHour, int falseAccepts) {}
