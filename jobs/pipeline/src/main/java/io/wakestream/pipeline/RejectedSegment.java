package io.wakestream.pipeline;

/**
 * A command segment that was not transcribed (side output {@link TranscribeFunction#REJECTED}); the job goes on with
 * the next one. It is logged at WARN with its reason and counted ({@code rejectedSegments}), and the job sends it to
 * the dead-letter sink ({@code RejectedSegmentDeadLetters}, cause {@code UNTRANSCRIBED_COMMAND}).
 *
 * @param deviceId the device
 * @param streamId the capture stream
 * @param wakeEventId the wake event the segment followed (no transcript is emitted for it)
 * @param audioStartMs start of the segment in the stream's timeline
 * @param audioEndMs end of the segment in the same timeline
 * @param reason why, readable by a person
 * @param rejectedAtMs processing time of the rejection
 */
public record RejectedSegment(String deviceId, String streamId, String wakeEventId, long audioStartMs, long audioEndMs,
        String reason, long rejectedAtMs) {}
