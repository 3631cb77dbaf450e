package io.wakestream.pipeline.job;

import io.wakestream.pipeline.RejectedSegment;
import io.wakestream.pipeline.TranscribeFunction;
import io.wakestream.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Turns a command the transcription stage did not transcribe ({@link TranscribeFunction#REJECTED}) into a dead letter
 * with cause {@link DeadLetterCause#UNTRANSCRIBED_COMMAND}, so that a consumer of wake events can learn why one of
 * them never got a transcript, from the topic where the job's other failures are.
 *
 * <p>A command segment is not an input record: the letter has topic {@code ""}, partition and offset {@code -1}
 * (as {@link RejectedChunkDeadLetters}'s) and no bytes; its reason names the wake event, the stream and the span of
 * the stream's audio timeline the command covered, which is in the audio topic if anyone wants to decode it again.
 * The transcription stage already logged it at WARN, so this does not log again.
 */
public final class RejectedSegmentDeadLetters implements MapFunction<RejectedSegment, DeadLetter> {
    private static final long serialVersionUID = 1L;

    @Override
    public DeadLetter map(RejectedSegment rejected) {
        String device = rejected.deviceId() == null || rejected.deviceId().isEmpty() ? null : rejected.deviceId();
        return DeadLetter.newBuilder()
                .setTopic(RejectedChunkDeadLetters.UNKNOWN_TOPIC)
                .setPartition(RejectedChunkDeadLetters.UNKNOWN_PARTITION)
                .setOffset(RejectedChunkDeadLetters.UNKNOWN_OFFSET)
                .setKey(device == null ? null : ByteBuffer.wrap(device.getBytes(StandardCharsets.UTF_8)))
                .setDeviceId(device)
                .setReason(DeadLetterCause.UNTRANSCRIBED_COMMAND.reason("the command after wake event "
                        + DeviceIds.quote(rejected.wakeEventId()) + " of device " + DeviceIds.quote(rejected.deviceId())
                        + ", stream " + DeviceIds.quote(rejected.streamId()) + " (audio " + rejected.audioStartMs() + "-"
                        + rejected.audioEndMs() + " ms) was not transcribed: " + rejected.reason()))
                .setOriginalBytes(ByteBuffer.wrap(new byte[0]))
                .setFailedAtMs(rejected.rejectedAtMs())
                .build();
    }
}
