package io.wakestream.pipeline;

import java.util.Arrays;

/**
 * A piece of a command's audio, sent as soon as the wake-word operator has it, so the recogniser can decode while
 * the command is still being spoken. The pieces of one command follow each other without gaps or overlap
 * ({@code offsetSamples} of one piece is the previous piece's end); the command ends with its {@link CommandSegment}
 * (which repeats the whole audio, so a recogniser that missed pieces, e.g. after a restore, decodes that instead),
 * or, when it held no speech and no segment follows, with a piece that is {@code discarded}.
 *
 * @param deviceId the device
 * @param streamId the capture stream
 * @param wakeEventId the wake event the command follows
 * @param commandStartMs where the command starts in the stream's audio timeline (its segment's {@code audioStartMs})
 * @param offsetSamples where this piece starts within the command (16 kHz samples from the command's start)
 * @param pcm 16 kHz mono samples; empty on a {@code discarded} marker
 * @param discarded the command ended without speech: no segment follows, the recogniser can let it go
 */
public record CommandAudio(String deviceId, String streamId, String wakeEventId, long commandStartMs,
        long offsetSamples, short[] pcm, boolean discarded) implements CommandEvent {
    /** The marker that ends a command without speech. */
    public static CommandAudio discarded(String deviceId, String streamId, String wakeEventId, long commandStartMs,
            long offsetSamples) {
        return new CommandAudio(deviceId, streamId, wakeEventId, commandStartMs, offsetSamples, new short[0], true);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandAudio c && deviceId.equals(c.deviceId) && streamId.equals(c.streamId)
                && wakeEventId.equals(c.wakeEventId) && commandStartMs == c.commandStartMs && offsetSamples == c.offsetSamples
                && discarded == c.discarded
                && Arrays.equals(pcm, c.pcm);
    }

    @Override
    public int hashCode() {
        return (wakeEventId.hashCode() * 31 + Long.hashCode(offsetSamples)) * 31 + Arrays.hashCode(pcm);
    }

    @Override
    public String toString() {
        return "CommandAudio[" + deviceId + ", " + streamId + ", wake " + wakeEventId + ", command at " + commandStartMs
                + " ms, from sample " + offsetSamples
                + ", " + pcm.length + " samples" + (discarded ? ", discarded" : "") + "]";
    }
}
