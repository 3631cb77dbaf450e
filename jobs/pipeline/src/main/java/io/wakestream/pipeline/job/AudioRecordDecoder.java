package io.wakestream.pipeline.job;

import io.wakestream.pipeline.ChunkAudio;
import io.wakestream.pipeline.SourceRecord;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.AvroCodec;
import io.wakestream.schemas.DeadLetter;
import io.wakestream.schemas.SchemaDecodeException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns one raw record of the audio topic into a {@link SourceRecord}: a {@link SourceRecord.ValidChunk} when the
 * value is a single-object encoded AudioChunk with a valid device id and usable audio, else a
 * {@link SourceRecord.InvalidRecord} whose dead letter carries the topic, partition, offset, key, original value
 * bytes and a reason naming the problem. Never throws.
 *
 * <p>The audio checks are the wake-word operator's own ({@link ChunkAudio#problem}), with the same
 * {@code maxChunkMs}, so they run here, where the record's coordinates and exact bytes are still known, and the
 * operator only ever sees chunks it accepts.
 *
 * <p>The record key is used only to name the device of a dead letter (when it is valid UTF-8 and a valid device
 * id); a good chunk is keyed by its own deviceId.
 */
public final class AudioRecordDecoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int maxChunkMs;
    private transient AvroCodec<AudioChunk> codec;

    public AudioRecordDecoder(int maxChunkMs) {
        if (maxChunkMs < 1) throw new IllegalArgumentException("maxChunkMs must be positive, was " + maxChunkMs);
        this.maxChunkMs = maxChunkMs;
    }

    /**
     * @param key the record key, or null
     * @param value the record value, or null
     * @param nowMs wall-clock time for {@code DeadLetter.failedAtMs}
     */
    public SourceRecord decode(String topic, int partition, long offset, byte[] key, byte[] value, long nowMs) {
        try {
            return classify(topic, partition, offset, key, value, nowMs);
        } catch (RuntimeException e) {
            // A bug in decoding or validation: this record must not take the job down with it.
            return invalid(topic, partition, offset, key, value, null, nowMs, DeadLetterCause.DECODER_FAILURE.reason(
                    "unexpected " + e.getClass().getName() + " while decoding: " + e.getMessage()));
        }
    }

    private SourceRecord classify(String topic, int partition, long offset, byte[] key, byte[] value, long nowMs) {
        if (value == null) {
            return invalid(topic, partition, offset, key, null, null, nowMs, DeadLetterCause.NULL_VALUE.reason(
                    "the record has no value (null, e.g. a tombstone); expected a single-object encoded AudioChunk"));
        }
        if (value.length == 0) {
            return invalid(topic, partition, offset, key, value, null, nowMs, DeadLetterCause.EMPTY_VALUE.reason(
                    "the record value is empty (0 bytes); expected a single-object encoded AudioChunk"));
        }
        AudioChunk chunk;
        try {
            chunk = codec().decode(value);
        } catch (SchemaDecodeException e) {
            DeadLetterCause cause = switch (e.problem()) {
                case TOO_SHORT -> DeadLetterCause.TOO_SHORT;
                case BAD_MAGIC -> DeadLetterCause.BAD_MAGIC;
                case UNKNOWN_FINGERPRINT -> DeadLetterCause.UNKNOWN_FINGERPRINT;
                case MALFORMED_BODY -> DeadLetterCause.MALFORMED_BODY;
            };
            return invalid(topic, partition, offset, key, value, null, nowMs, cause.reason(e.getMessage()));
        }
        String deviceId = chunk.getDeviceId();
        String idProblem = DeviceIds.problem(deviceId);
        if (idProblem != null) {
            return invalid(topic, partition, offset, key, value, null, nowMs, DeadLetterCause.INVALID_DEVICE_ID.reason(
                    "AudioChunk deviceId " + DeviceIds.quote(deviceId) + " " + idProblem));
        }
        String audioProblem = ChunkAudio.problem(chunk, maxChunkMs);
        if (audioProblem != null) {
            return invalid(topic, partition, offset, key, value, deviceId, nowMs, DeadLetterCause.INVALID_CHUNK.reason(
                    "AudioChunk of device " + deviceId + ", stream " + DeviceIds.quote(chunk.getStreamId())
                            + ", sequence " + chunk.getSequence() + ": " + audioProblem));
        }
        return new SourceRecord.ValidChunk(chunk);
    }

    /**
     * The most of a bad record's value and key a dead letter keeps. A record can be as big as the broker allows
     * (1 MB by default), and a letter carrying all of it plus its reason and coordinates would be refused by the
     * dead-letter topic, failing the job over one bad record.
     */
    static final int MAX_KEPT_VALUE_BYTES = 768 * 1024;
    static final int MAX_KEPT_KEY_BYTES = 16 * 1024;

    private static SourceRecord invalid(String topic, int partition, long offset, byte[] key, byte[] value,
            String decodedDevice, long nowMs, String reason) {
        String device = deviceFromKey(key);
        if (device == null) device = decodedDevice;
        if (value != null && value.length > MAX_KEPT_VALUE_BYTES) {
            reason += " (value of " + value.length + " bytes: the first " + MAX_KEPT_VALUE_BYTES + " are kept)";
            value = Arrays.copyOf(value, MAX_KEPT_VALUE_BYTES);
        }
        if (key != null && key.length > MAX_KEPT_KEY_BYTES) {
            reason += " (key of " + key.length + " bytes: the first " + MAX_KEPT_KEY_BYTES + " are kept)";
            key = Arrays.copyOf(key, MAX_KEPT_KEY_BYTES);
        }
        DeadLetter letter = DeadLetter.newBuilder()
                .setTopic(topic == null ? "" : topic)
                .setPartition(partition)
                .setOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key.clone()))
                .setDeviceId(device)
                .setReason(reason)
                .setOriginalBytes(ByteBuffer.wrap(value == null ? new byte[0] : value.clone()))
                .setFailedAtMs(nowMs)
                .build();
        return new SourceRecord.InvalidRecord(letter);
    }

    /** The key as a device id, when it is strict UTF-8 and a valid id; else null. */
    static String deviceFromKey(byte[] key) {
        if (key == null) return null;
        try {
            String id = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key))
                    .toString();
            return DeviceIds.isValid(id) ? id : null;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private AvroCodec<AudioChunk> codec() {
        AvroCodec<AudioChunk> c = codec;
        if (c == null) codec = c = AvroCodec.of(AudioChunk.class);
        return c;
    }
}
