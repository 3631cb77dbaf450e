package io.wakestream.pipeline.job;

import io.wakestream.pipeline.RejectedChunk;
import io.wakestream.pipeline.WakeWordOperator;
import io.wakestream.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.MapFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a chunk the wake-word operator rejected ({@link WakeWordOperator#REJECTED}) into a dead letter.
 *
 * <p>The source already applies the operator's checks with the same configuration, where it still knows the
 * record's Kafka coordinates and bytes, so this path only carries chunks a differently configured source let
 * through. The operator does not know where a chunk came from: the letter has topic {@code ""}, partition and
 * offset {@code -1}, an empty {@code originalBytes}, and names the chunk's stream and sequence in its reason.
 */
public final class RejectedChunkDeadLetters implements MapFunction<RejectedChunk, DeadLetter> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RejectedChunkDeadLetters.class);
    /** Topic, partition and offset of a letter whose record coordinates are unknown. */
    public static final String UNKNOWN_TOPIC = "";
    public static final int UNKNOWN_PARTITION = -1;
    public static final long UNKNOWN_OFFSET = -1;

    private final DeadLetterLog log = new DeadLetterLog("wake-word operator");

    @Override
    public DeadLetter map(RejectedChunk rejected) {
        DeadLetter letter = DeadLetter.newBuilder()
                .setTopic(UNKNOWN_TOPIC)
                .setPartition(UNKNOWN_PARTITION)
                .setOffset(UNKNOWN_OFFSET)
                .setKey(ByteBuffer.wrap(rejected.deviceId().getBytes(StandardCharsets.UTF_8)))
                .setDeviceId(rejected.deviceId())
                .setReason(DeadLetterCause.INVALID_CHUNK.reason("AudioChunk of device " + rejected.deviceId()
                        + ", stream " + DeviceIds.quote(rejected.streamId()) + ", sequence " + rejected.sequence()
                        + " rejected by the wake-word operator: " + rejected.reason()
                        + " (record coordinates and bytes are not known at that stage)"))
                .setOriginalBytes(ByteBuffer.wrap(new byte[0]))
                .setFailedAtMs(rejected.rejectedAtMs())
                .build();
        log.log(LOG, letter);
        return letter;
    }
}
