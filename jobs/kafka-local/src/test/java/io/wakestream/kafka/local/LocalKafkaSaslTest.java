package io.wakestream.kafka.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker with SASL on its client port: configured users get in and can produce and consume, a wrong password is
 * refused with Kafka's authentication error, and a client without SASL gets nowhere. For PLAIN and SCRAM-SHA-256
 * (whose users live in the metadata log, so they must survive a restart on the kept directory).
 */
class LocalKafkaSaslTest {
    private static final Map<String, String> USERS = Map.of("agent", "agent-secret", "job", "job-secret");

    @Test
    void plainLetsUsersInAndRefusesAWrongPassword() {
        try (LocalKafkaBroker kafka = new LocalKafkaBroker(LocalKafkaConfig.builder()
                .sasl(LocalKafkaSasl.plain(USERS)).build()).start()) {
            kafka.createTopics(Map.of("secure", 1)); // the broker's own admin logs in too
            roundTrip(kafka, "agent", "job", "plain");
            assertRefused(kafka, kafka.config().sasl().clientProperties("agent", "wrong-secret"));
            assertRefused(kafka, kafka.config().sasl().clientProperties("nobody", "agent-secret"));
            assertNoWayInWithoutSasl(kafka);
            String properties = readServerProperties(kafka);
            assertTrue(properties.contains("listeners=SASL_PLAINTEXT\\://127.0.0.1\\:" + kafka.port()), properties);
        }
    }

    @Test
    void scramUsersSurviveARestartOnTheKeptDirectory(@TempDir Path dir) {
        LocalKafkaSasl sasl = LocalKafkaSasl.scramSha256(USERS);
        LocalKafkaConfig config = LocalKafkaConfig.builder().dataDir(dir).sasl(sasl).build();
        int port;
        int controllerPort;
        try (LocalKafkaBroker kafka = new LocalKafkaBroker(config).start()) {
            kafka.createTopics(Map.of("secure", 1));
            roundTrip(kafka, "agent", "job", "scram-1");
            assertRefused(kafka, sasl.clientProperties("job", "agent-secret"));
            port = kafka.port();
            controllerPort = kafka.controllerPort();
        }
        try (LocalKafkaBroker kafka = new LocalKafkaBroker(config.toBuilder().port(port).controllerPort(controllerPort)
                .build()).start()) {
            roundTrip(kafka, "job", "agent", "scram-2");
            assertRefused(kafka, sasl.clientProperties("agent", "job-secret"));
        }
    }

    @Test
    void saslSettingsAreValidatedAndNeverPrinted() {
        LocalKafkaSasl sasl = LocalKafkaSasl.plain(Map.of("agent", "hunter2"));
        assertFalse(sasl.toString().contains("hunter2"), sasl.toString());
        assertFalse(sasl.toString().contains(sasl.brokerPassword()), sasl.toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalKafkaSasl.plain(Map.of("a b", "x")))
                .getMessage().contains("\"a b\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalKafkaSasl.plain(Map.of("a", "x\"y")))
                .getMessage().contains("quotes"));
        assertThrows(IllegalArgumentException.class, () -> LocalKafkaSasl.plain(Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> LocalKafkaSasl.plain(Map.of(LocalKafkaSasl.BROKER_USER, "x")));
        assertThrows(IllegalArgumentException.class, () -> sasl.clientProperties("nobody"));
    }

    /** {@code producer} writes three records, {@code consumer} reads them back. */
    private static void roundTrip(LocalKafkaBroker kafka, String producerUser, String consumerUser, String tag) {
        try (KafkaProducer<String, String> producer = KafkaTestClients.producer(kafka,
                new HashMap<>(kafka.clientProperties(producerUser)))) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("secure", "k", tag + "-" + i)).get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("user " + producerUser + " could not produce", e);
        }
        try (KafkaConsumer<String, String> consumer = KafkaTestClients.consumer(kafka,
                new HashMap<>(kafka.clientProperties(consumerUser)))) {
            List<ConsumerRecord<String, String>> records =
                    KafkaTestClients.readAll(consumer, List.of(new TopicPartition("secure", 0)));
            List<String> mine = records.stream().map(ConsumerRecord::value).filter(v -> v.startsWith(tag)).toList();
            assertEquals(List.of(tag + "-0", tag + "-1", tag + "-2"), mine);
        }
    }

    /** Producer and consumer with these credentials both fail with Kafka's authentication error. */
    private static void assertRefused(LocalKafkaBroker kafka, Map<String, String> credentials) {
        Map<String, Object> producerSettings = new HashMap<>(credentials);
        producerSettings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        try (KafkaProducer<String, String> producer = KafkaTestClients.producer(kafka, producerSettings)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("secure", "k", "intruder")).get(60, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof SaslAuthenticationException, "producer: " + e.getCause());
            assertTrue(e.getCause().getMessage().contains("Authentication failed"), e.getCause().getMessage());
        }
        try (KafkaConsumer<String, String> consumer = KafkaTestClients.consumer(kafka, new HashMap<>(credentials))) {
            consumer.assign(List.of(new TopicPartition("secure", 0)));
            SaslAuthenticationException e = assertThrows(SaslAuthenticationException.class, () -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline) consumer.poll(Duration.ofMillis(500));
            });
            assertTrue(e.getMessage().contains("Authentication failed"), e.getMessage());
        }
    }

    /** A PLAINTEXT client never gets metadata from a SASL listener (the broker drops it); it times out. */
    private static void assertNoWayInWithoutSasl(LocalKafkaBroker kafka) {
        try (KafkaProducer<String, String> producer = KafkaTestClients.producer(kafka,
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000"))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("secure", "k", "plaintext")).get(60, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof TimeoutException, "plaintext producer: " + e.getCause());
        }
    }

    private static String readServerProperties(LocalKafkaBroker kafka) {
        try {
            return Files.readString(kafka.dataDir().resolve("server.properties"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
