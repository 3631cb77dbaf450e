package io.wakestream.kafka.local;

import static io.wakestream.kafka.local.KafkaTestClients.admin;
import static io.wakestream.kafka.local.KafkaTestClients.consumer;
import static io.wakestream.kafka.local.KafkaTestClients.producer;
import static io.wakestream.kafka.local.KafkaTestClients.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, stopping and failing to start: each test owns its brokers. */
class LocalKafkaBrokerLifecycleTest {

    @Test
    void closeStopsTheBrokerFreesItsPortsDeletesItsDirectoryAndLeavesNoThreads() throws Exception {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        int port = freePort();
        LocalKafkaBroker kafka = new LocalKafkaBroker(LocalKafkaConfig.builder().port(port).build()).start();
        System.out.println("Broker started in " + kafka.startupTime().toMillis() + " ms");
        assertEquals("127.0.0.1:" + port, kafka.bootstrapServers());
        int controllerPort = kafka.controllerPort();
        Path dir = kafka.dataDir();
        ProcessHandle process = kafka.processHandle();
        assertTrue(Files.isRegularFile(dir.resolve("kraft-logs").resolve("meta.properties")));
        assertTrue(Files.size(kafka.logFile()) > 0, "the broker logs to its own file");
        kafka.createTopic("before-close", 1);

        long t0 = System.nanoTime();
        kafka.close();
        System.out.println("Broker closed in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");

        assertFalse(process.isAlive(), "the broker's JVM has exited");
        assertFalse(kafka.isRunning());
        assertFalse(Files.exists(dir), "the temporary data directory is deleted");
        assertBindable(port);
        assertBindable(controllerPort);
        kafka.close(); // twice is fine
        assertThrows(IllegalStateException.class, kafka::start, "a broker starts once");
        assertThrows(IllegalStateException.class, kafka::bootstrapServers);

        Set<String> leaked = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !threadsBefore.contains(t) && t.isAlive())
                // The JDK's pooled thread that waits for child processes; it idles out by itself.
                .filter(t -> !t.getName().startsWith("process reaper"))
                .map(Thread::getName)
                .collect(Collectors.toSet());
        assertEquals(Set.of(), leaked, "threads left behind in this JVM");
    }

    @Test
    void aKeptDataDirectoryKeepsTopicsAndRecordsAcrossRestarts(@TempDir Path dir) throws Exception {
        LocalKafkaConfig config = LocalKafkaConfig.builder().dataDir(dir.resolve("kafka")).build();
        String clusterId;
        try (LocalKafkaBroker kafka = new LocalKafkaBroker(config).start()) {
            clusterId = kafka.clusterId();
            kafka.createTopic("kept", 2);
            try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
                producer.send(new ProducerRecord<>("kept", 1, "k", "before-restart")).get(30, TimeUnit.SECONDS);
            }
        }
        assertTrue(Files.isRegularFile(dir.resolve("kafka/kraft-logs/meta.properties")), "a given directory is kept");

        // Started again (on other free ports): same cluster, same topic, same record.
        try (LocalKafkaBroker kafka = new LocalKafkaBroker(config).start()) {
            System.out.println("Broker restarted on a kept directory in " + kafka.startupTime().toMillis() + " ms");
            assertEquals(clusterId, kafka.clusterId());
            kafka.createTopic("kept", 2); // already there: fine
            try (Admin admin = admin(kafka)) {
                assertEquals(2, admin.describeTopics(List.of("kept")).allTopicNames().get()
                        .get("kept").partitions().size());
            }
            try (KafkaConsumer<String, String> consumer = consumer(kafka, Map.of())) {
                List<TopicPartition> all = List.of(new TopicPartition("kept", 0), new TopicPartition("kept", 1));
                assertEquals(List.of("before-restart"),
                        readAll(consumer, all).stream().map(ConsumerRecord::value).toList());
            }
        }
        assertTrue(Files.isDirectory(dir.resolve("kafka/kraft-logs")));
    }

    @Test
    void aRequestedPortInUseIsAClearErrorBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            LocalKafkaBroker kafka = new LocalKafkaBroker(
                    LocalKafkaConfig.builder().port(taken.getLocalPort()).build());
            IllegalStateException e = assertThrows(IllegalStateException.class, kafka::start);
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort() + " is already in use"),
                    e.getMessage());
            assertFalse(Files.exists(kafka.dataDir()), "the temporary directory is deleted after a failed start");
            assertEquals(null, kafka.processHandle());
        }
    }

    @Test
    void aBrokerThatCannotStartFailsWithTheEndOfItsLog() {
        LocalKafkaBroker kafka = new LocalKafkaBroker(LocalKafkaConfig.builder()
                .serverProperty("num.io.threads", "lots")
                .build());
        IllegalStateException e = assertThrows(IllegalStateException.class, kafka::start);
        assertTrue(e.getMessage().contains("exited with code"), e.getMessage());
        assertTrue(e.getMessage().contains("Invalid value lots for configuration num.io.threads"), e.getMessage());
        assertFalse(Files.exists(kafka.dataDir()), "the temporary directory is deleted after a failed start");
        assertFalse(kafka.isRunning());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** A new server can listen on the port (with SO_REUSEADDR, as Kafka and most servers bind). */
    private static void assertBindable(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        }
    }
}
