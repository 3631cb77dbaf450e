package io.wakestream.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The runner's readers all read whole topics from the start, outside any consumer group (no offsets committed): the
 * output reader, the bench's stream anchors, the soak's record counter.
 */
final class TopicReaders {
    private TopicReaders() {}

    /**
     * A byte-array consumer assigned every partition of {@code topics}, positioned at their beginning.
     *
     * @param kafkaSettings client settings (TLS, SASL...) applied first
     * @param readCommitted read only committed transactions (the job's exactly-once output), else everything
     */
    static KafkaConsumer<byte[], byte[]> fromBeginning(String bootstrap, Map<String, String> kafkaSettings, String clientId,
            boolean readCommitted, List<String> topics) {
        Properties p = new Properties();
        p.putAll(kafkaSettings);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (clientId != null) p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        if (readCommitted) p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : topics) {
            consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        return consumer;
    }
}
