package io.wakestream.pipeline.kafka;

import io.wakestream.schemas.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an Avro record to one topic: value = single-object encoding ({@link AvroCodec}), key = the device id in
 * UTF-8 (no key when the device is unknown, which only dead letters can be).
 *
 * @param <T> a generated record class of the schemas module
 */
public final class AvroRecordSerializationSchema<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Class<T> type;
    private final SerializableFunction<T, String> deviceOf;
    private transient AvroCodec<T> codec;

    public AvroRecordSerializationSchema(String topic, Class<T> type, SerializableFunction<T, String> deviceOf) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.type = Objects.requireNonNull(type, "type");
        this.deviceOf = Objects.requireNonNull(deviceOf, "deviceOf");
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = AvroCodec.of(type);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
        if (codec == null) codec = AvroCodec.of(type);
        String device = deviceOf.apply(record);
        byte[] key = device == null ? null : device.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, timestamp, key, codec.encode(record));
    }

    public String topic() {
        return topic;
    }
}
