package io.wakestream.pipeline.kafka;

import io.wakestream.pipeline.job.JobSinks;
import io.wakestream.schemas.DeadLetter;
import io.wakestream.schemas.PartialTranscript;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.WakeEvent;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The job's Kafka sinks: wake events, transcripts, dead letters and partial transcripts, each single-object Avro keyed by device id.
 *
 * <p>With {@link DeliveryGuarantee#EXACTLY_ONCE} (the job uses it whenever checkpointing is on) each sink writes in
 * Kafka transactions committed when a checkpoint completes, so consumers reading with
 * {@code isolation.level=read_committed} see every event once, even across failures and restarts; output becomes
 * visible one checkpoint interval late. Each sink's transactional ids are {@code <prefix>-<topic>-...}, so the
 * prefix must be unique per job on the cluster (two jobs with one prefix fence each other's transactions).
 */
public final class KafkaEventSinks {
    /**
     * Producer defaults the client properties can override. Kafka's producer default of 1 minute would abort a
     * transaction that outlives a slow checkpoint plus a restart; 10 minutes stays under the brokers' default
     * {@code transaction.max.timeout.ms} (15 minutes).
     */
    static final Map<String, String> PRODUCER_DEFAULTS = Map.of("transaction.timeout.ms", "600000");

    private KafkaEventSinks() {}

    public static JobSinks create(KafkaConnection kafka, Topics topics, DeliveryGuarantee guarantee,
            String transactionalIdPrefix) {
        return new JobSinks(
                sink(kafka, topics.wakeEvents(), WakeEvent.class, WakeEvent::getDeviceId, guarantee, transactionalIdPrefix),
                sink(kafka, topics.transcripts(), TranscriptEvent.class, TranscriptEvent::getDeviceId, guarantee,
                        transactionalIdPrefix),
                sink(kafka, topics.deadLetters(), DeadLetter.class, DeadLetter::getDeviceId, guarantee,
                        transactionalIdPrefix),
                sink(kafka, topics.partialTranscripts(), PartialTranscript.class, PartialTranscript::getDeviceId, guarantee,
                        transactionalIdPrefix));
    }

    /** One sink writing {@code type} to {@code topic}, keyed by {@code deviceOf} (null = no key). */
    public static <T extends SpecificRecord> KafkaSink<T> sink(KafkaConnection kafka, String topic, Class<T> type,
            SerializableFunction<T, String> deviceOf, DeliveryGuarantee guarantee, String transactionalIdPrefix) {
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE
                && (transactionalIdPrefix == null || transactionalIdPrefix.isBlank())) {
            throw new IllegalArgumentException("exactly-once needs a transactional id prefix");
        }
        var builder = KafkaSink.<T>builder()
                .setKafkaProducerConfig(kafka.properties(PRODUCER_DEFAULTS))
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(new AvroRecordSerializationSchema<>(topic, type, deviceOf))
                .setDeliveryGuarantee(guarantee);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) builder.setTransactionalIdPrefix(transactionalIdPrefix + "-" + topic);
        return builder.build();
    }
}
