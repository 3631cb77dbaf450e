package io.wakestream.kafka.local;

import static io.wakestream.kafka.local.KafkaTestClients.admin;
import static io.wakestream.kafka.local.KafkaTestClients.consumer;
import static io.wakestream.kafka.local.KafkaTestClients.pollUntil;
import static io.wakestream.kafka.local.KafkaTestClients.producer;
import static io.wakestream.kafka.local.KafkaTestClients.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One broker for the class (through {@link LocalKafkaExtension}), used as the pipeline's clients will use it. */
class LocalKafkaBrokerTest {
    @RegisterExtension
    static final LocalKafkaExtension KAFKA = new LocalKafkaExtension();

    @Test
    void producesAndConsumesThroughAConsumerGroupOnThreePartitions() throws Exception {
        LocalKafkaBroker kafka = KAFKA.broker();
        kafka.createTopics(Map.of("audio-chunks", 3));
        try (Admin admin = admin(kafka)) {
            assertEquals(3, admin.describeTopics(List.of("audio-chunks")).allTopicNames().get()
                    .get("audio-chunks").partitions().size());
        }

        Set<String> sent = new HashSet<>();
        try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
            for (int i = 0; i < 30; i++) {
                String value = "chunk-" + i;
                // Explicit partitions: every one of the three must carry records, whatever the key hash does.
                producer.send(new ProducerRecord<>("audio-chunks", i % 3, "device-" + i, value))
                        .get(30, TimeUnit.SECONDS);
                sent.add(value);
            }
        }

        try (KafkaConsumer<String, String> consumer = consumer(kafka,
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, "audio-test-group"))) {
            consumer.subscribe(List.of("audio-chunks"));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, r -> r.size() >= sent.size());
            assertEquals(sent, records.stream().map(ConsumerRecord::value).collect(Collectors.toSet()));
            assertEquals(Set.of(0, 1, 2), records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()));
            consumer.commitSync(); // the group coordinator (offsets topic, replication factor 1) works
        }
    }

    @Test
    void readCommittedConsumersSeeCommittedTransactionsOnly() throws Exception {
        LocalKafkaBroker kafka = KAFKA.broker();
        kafka.createTopic("wake-events", 1);
        try (KafkaProducer<String, String> producer = producer(kafka,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "wake-events-test"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("wake-events", "mic-1", "committed-1"));
            producer.send(new ProducerRecord<>("wake-events", "mic-2", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("wake-events", "mic-1", "aborted-1"));
            producer.send(new ProducerRecord<>("wake-events", "mic-2", "aborted-2"));
            producer.flush(); // the aborted records do reach the log...
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("wake-events", "mic-3", "committed-3"));
            producer.commitTransaction();
        }

        List<TopicPartition> partitions = List.of(new TopicPartition("wake-events", 0));
        try (KafkaConsumer<String, String> committed = consumer(kafka,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            assertEquals(List.of("committed-1", "committed-2", "committed-3"),
                    readAll(committed, partitions).stream().map(ConsumerRecord::value).toList());
        }
        // ...as a read_uncommitted consumer shows, so the read_committed result above is the broker's filtering.
        try (KafkaConsumer<String, String> uncommitted = consumer(kafka,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"))) {
            assertEquals(List.of("committed-1", "committed-2", "aborted-1", "aborted-2", "committed-3"),
                    readAll(uncommitted, partitions).stream().map(ConsumerRecord::value).toList());
        }
    }

    @Test
    void topicsAreNotCreatedAutomatically() throws Exception {
        LocalKafkaBroker kafka = KAFKA.broker();
        try (KafkaProducer<String, String> producer = producer(kafka,
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("no-such-topic", "x")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, e.getCause());
        }
        try (Admin admin = admin(kafka)) {
            assertFalse(admin.listTopics().names().get().contains("no-such-topic"));
        }
    }

    @Test
    void creatingAnExistingTopicAgainIsFineWithTheSamePartitionCountOnly() {
        LocalKafkaBroker kafka = KAFKA.broker();
        kafka.createTopics(Map.of("transcripts", 2));
        kafka.createTopics(Map.of("transcripts", 2));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> kafka.createTopics(Map.of("transcripts", 4)));
        assertTrue(e.getMessage().contains("already exists with 2 partitions"), e.getMessage());
    }

    @Test
    void twoBrokersRunAtOnceOnDifferentPorts(LocalKafkaBroker first) throws Exception {
        assertSame(KAFKA.broker(), first); // parameter injection gives the class's broker
        try (LocalKafkaBroker second = new LocalKafkaBroker().start()) {
            System.out.println("Second broker (while another runs) started in " + second.startupTime().toMillis()
                    + " ms");
            assertNotEquals(first.port(), second.port());
            assertNotEquals(first.clusterId(), second.clusterId());
            assertNotEquals(first.dataDir(), second.dataDir());

            // The same topic name with different partition counts: each broker has its own.
            first.createTopic("per-broker", 2);
            second.createTopic("per-broker", 5);
            try (Admin a = admin(first); Admin b = admin(second)) {
                assertEquals(2, a.describeTopics(List.of("per-broker")).allTopicNames().get()
                        .get("per-broker").partitions().size());
                assertEquals(5, b.describeTopics(List.of("per-broker")).allTopicNames().get()
                        .get("per-broker").partitions().size());
            }
            try (KafkaProducer<String, String> producer = producer(second, Map.of())) {
                producer.send(new ProducerRecord<>("per-broker", 4, "k", "on-second")).get(30, TimeUnit.SECONDS);
            }
            try (KafkaConsumer<String, String> consumer = consumer(second, Map.of())) {
                List<TopicPartition> all = IntStream.range(0, 5).mapToObj(p -> new TopicPartition("per-broker", p))
                        .toList();
                assertEquals(List.of("on-second"), readAll(consumer, all).stream().map(ConsumerRecord::value).toList());
            }
            try (KafkaConsumer<String, String> consumer = consumer(first, Map.of())) {
                List<TopicPartition> all = IntStream.range(0, 2).mapToObj(p -> new TopicPartition("per-broker", p))
                        .toList();
                assertEquals(List.of(), readAll(consumer, all));
            }
        }
        assertTrue(first.isRunning(), "closing the second broker left the first alone");
    }

    @Nested
    class NestedClass {
        @Test
        void sharesTheEnclosingClassBroker(LocalKafkaBroker kafka) {
            assertSame(KAFKA.broker(), kafka);
            assertTrue(kafka.isRunning());
            assertTrue(kafka.startupTime().compareTo(Duration.ZERO) > 0);
        }
    }
}
