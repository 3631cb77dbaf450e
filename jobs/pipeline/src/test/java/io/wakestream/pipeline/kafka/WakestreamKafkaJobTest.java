package io.wakestream.pipeline.kafka;

import io.wakestream.kafka.local.LocalKafkaExtension;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link KafkaJobEndToEndCases} on Kafka's own KRaft broker in a child JVM on 127.0.0.1 (always available). */
class WakestreamKafkaJobTest extends KafkaJobEndToEndCases {
    @RegisterExtension
    static final LocalKafkaExtension KAFKA = new LocalKafkaExtension();

    @Override
    String bootstrapServers() {
        return KAFKA.bootstrapServers();
    }

    @Override
    void createTopics(Map<String, Integer> partitionsByTopic) {
        KAFKA.broker().createTopics(partitionsByTopic);
    }
}
