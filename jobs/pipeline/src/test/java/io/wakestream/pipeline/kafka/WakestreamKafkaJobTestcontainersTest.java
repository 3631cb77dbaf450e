package io.wakestream.pipeline.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * {@link KafkaJobEndToEndCases} on Testcontainers' Kafka module (the apache/kafka image, KRaft), when a Docker engine
 * is present. Without one the cases skip with a message saying so; {@link WakestreamKafkaJobTest} runs them on the
 * local broker either way.
 */
class WakestreamKafkaJobTestcontainersTest extends KafkaJobEndToEndCases {
    private static KafkaContainer kafka;

    /** Per test, so that surefire counts each case as skipped, with the reason. */
    @BeforeEach
    void startKafka() {
        if (kafka != null) return;
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        String skip = "No Docker engine here: the Testcontainers run of the Kafka end-to-end cases is skipped"
                + " (WakestreamKafkaJobTest runs the same cases on Kafka's own broker in a child JVM)";
        if (!docker) System.err.println("SKIPPED " + WakestreamKafkaJobTestcontainersTest.class.getSimpleName() + ": " + skip);
        Assumptions.assumeTrue(docker, skip);
        kafka = new KafkaContainer("apache/kafka:3.9.1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        kafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.stop();
    }

    @Override
    String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    void createTopics(Map<String, Integer> partitionsByTopic) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = new ArrayList<>();
            partitionsByTopic.forEach((name, n) -> topics.add(new NewTopic(name, n, (short) 1)));
            admin.createTopics(topics).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("creating topics " + partitionsByTopic + " on " + bootstrapServers(), e);
        }
    }
}
