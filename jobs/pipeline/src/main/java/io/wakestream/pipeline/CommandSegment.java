package io.wakestream.pipeline;

import java.util.Arrays;

/**
 * The audio after a wake event, up to the end of the spoken command, for the speech recogniser.
 *
 * @param deviceId the device
 * @param streamId the capture stream; the times refer to its audio timeline
 * @param wakeEventId the {@code WakeEvent.eventId} this command follows
 * @param audioStartMs start in the stream's audio timeline (ms since its first sample)
 * @param audioEndMs end in the same timeline
 * @param pcm 16 kHz mono samples
 */
public record CommandSegment(String deviceId, String streamId, String wakeEventId, long audioStartMs, long audioEndMs,
        short[] pcm) implements CommandEvent {
    @Override
    public boolean equals(Object o) {
        return o instanceof CommandSegment c && deviceId.equals(c.deviceId) && streamId.equals(c.streamId)
                && wakeEventId.equals(c.wakeEventId) && audioStartMs == c.audioStartMs && audioEndMs == c.audioEndMs
                && Arrays.equals(pcm, c.pcm);
    }

    @Override
    public int hashCode() {
        return (wakeEventId.hashCode() * 31 + Long.hashCode(audioStartMs)) * 31 + Arrays.hashCode(pcm);
    }

    @Override
    public String toString() {
        return "CommandSegment[" + deviceId + ", " + streamId + ", wake " + wakeEventId + ", " + audioStartMs + "-"
                + audioEndMs + " ms, " + pcm.length + " samples]";
    }
}
