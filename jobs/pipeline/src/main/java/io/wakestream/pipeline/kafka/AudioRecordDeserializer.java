package io.wakestream.pipeline.kafka;

import io.wakestream.pipeline.SourceRecord;
import io.wakestream.pipeline.job.AudioRecordDecoder;
import io.wakestream.pipeline.types.PipelineTypes;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The audio source's deserializer: every Kafka record becomes exactly one {@link SourceRecord} (a valid chunk or a
 * dead letter, see {@link AudioRecordDecoder}); it never throws, so no record can fail the job.
 */
public final class AudioRecordDeserializer implements KafkaRecordDeserializationSchema<SourceRecord> {
    private static final long serialVersionUID = 1L;
    private final AudioRecordDecoder decoder;

    /** @param maxChunkMs the wake-word operator's {@code PipelineConfig.maxChunkMs()} */
    public AudioRecordDeserializer(int maxChunkMs) {
        this.decoder = new AudioRecordDecoder(maxChunkMs);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
        out.collect(decoder.decode(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                System.currentTimeMillis()));
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return PipelineTypes.SOURCE_RECORD;
    }
}
