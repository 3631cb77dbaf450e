package io.wakestream.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.audio.WavReader;
import io.wakestream.kafka.local.LocalKafkaBroker;
import io.wakestream.kafka.local.LocalKafkaConfig;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.AvroCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a real Kafka broker (the project's {@link LocalKafkaBroker}, Kafka's own KRaft server): what arrives on the topic is exactly the audio
 * that went in, per device, in order, and an outage longer than the buffer shows up as a gap of exactly the
 * chunks the agent says it dropped.
 */
class AgentKafkaIntegrationTest {
    @TempDir
    static Path dir;
    static volatile LocalKafkaBroker broker;
    static LocalKafkaConfig brokerConfig;
    private final AvroCodec<AudioChunk> codec = AvroCodec.of(AudioChunk.class);

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new LocalKafkaBroker(LocalKafkaConfig.builder().dataDir(dir.resolve("kafka")).build()).start();
        // Restarts (the outage test) reuse the data and the ports, as a real broker coming back would.
        brokerConfig = LocalKafkaConfig.builder().dataDir(dir.resolve("kafka")).port(broker.port())
                .controllerPort(broker.controllerPort()).build();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) broker.close();
    }

    @Test
    void simulatedDevicesArriveWholeInOrderKeyedByDevice() throws Exception {
        createTopic("audio-load", 3);
        Path a = TestAudio.writeWav(dir.resolve("a.wav"), TestAudio.tones(44100 * 2 + 77, 44100, 2), 44100, 2);
        Path b = TestAudio.writeWav(dir.resolve("b.wav"), TestAudio.tones(16000 + 500, 16000, 1), 16000, 1);
        AgentConfig config = new AgentConfig(broker.bootstrapServers(), "audio-load", DeviceId.of("load"),
                AgentConfig.Source.FILE, List.of(a, b), false, false, 100, 3, 30_000, 30_000, Map.of());

        AgentResult r = new AgentRunner(config).run();

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(r.captured(), r.acknowledged(), r.toString());
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byKey = consumeAll("audio-load", r.captured());
        assertEquals(Set.of("load-0", "load-1", "load-2"), byKey.keySet());
        short[] ab = concat(WavReader.read(a).samples(), WavReader.read(b).samples());
        short[] ba = concat(WavReader.read(b).samples(), WavReader.read(a).samples());
        Set<String> streams = new HashSet<>();
        for (Map.Entry<String, List<ConsumerRecord<byte[], byte[]>>> e : byKey.entrySet()) {
            List<AudioChunk> chunks = new ArrayList<>();
            Set<Integer> partitions = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> rec : e.getValue()) {
                chunks.add(codec.decode(rec.value()));
                partitions.add(rec.partition());
            }
            assertEquals(1, partitions.size(), "one device, one partition");
            for (int i = 0; i < chunks.size(); i++) {
                assertEquals(i, chunks.get(i).getSequence(), e.getKey() + " chunk " + i);
                assertEquals(e.getKey(), chunks.get(i).getDeviceId());
                assertEquals(chunks.get(0).getStreamId(), chunks.get(i).getStreamId());
                assertEquals(chunks.get(0).getCaptureTimeMs() + 100L * i, chunks.get(i).getCaptureTimeMs());
            }
            streams.add(chunks.get(0).getStreamId());
            // Device i starts at file i (mod 2).
            short[] expected = e.getKey().equals("load-1") ? ba : ab;
            assertArrayEquals(expected, ChunkingTest.concat(chunks), e.getKey());
        }
        assertEquals(3, streams.size(), "a stream id per device");
    }

    @Test
    void aBrokerRestartWithinTheBufferLosesNothingForSeveralDevices() throws Exception {
        createTopic("audio-restart", 2);
        // 3 devices, 8 s each in real time, a 30 s buffer, and the broker down for 3 s (plus its restart) from
        // about 1.5 s in: everything waits in the producer window and the buffers and goes out once it is back.
        Path a = TestAudio.writeWav(dir.resolve("r-a.wav"), TestAudio.tones(16000 * 4, 16000, 1), 16000, 1);
        Path b = TestAudio.writeWav(dir.resolve("r-b.wav"), TestAudio.tones(22050 * 4, 22050, 2), 22050, 2);
        AgentConfig config = new AgentConfig(broker.bootstrapServers(), "audio-restart", DeviceId.of("restart"),
                AgentConfig.Source.FILE, List.of(a, b), true, false, 100, 3, 30_000, 60_000,
                Map.of("max.block.ms", "1000"));
        Thread outage = restartBroker(1500, 3000);
        AgentResult r;
        try {
            outage.start();
            r = new AgentRunner(config).run();
        } finally {
            outage.join();
        }

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(3 * 80, r.captured(), r.toString());
        assertEquals(r.captured(), r.acknowledged(), r.toString());
        assertTrue(r.dropped().isEmpty(), r.toString());
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byKey = consumeAll("audio-restart", r.captured());
        assertEquals(Set.of("restart-0", "restart-1", "restart-2"), byKey.keySet());
        short[] ab = concat(WavReader.read(a).samples(), WavReader.read(b).samples());
        short[] ba = concat(WavReader.read(b).samples(), WavReader.read(a).samples());
        for (Map.Entry<String, List<ConsumerRecord<byte[], byte[]>>> e : byKey.entrySet()) {
            List<AudioChunk> chunks = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> rec : e.getValue()) chunks.add(codec.decode(rec.value()));
            // Exactly once and in order: sequence i at position i, one stream, and the audio is the files'.
            for (int i = 0; i < chunks.size(); i++) {
                assertEquals(i, chunks.get(i).getSequence(), e.getKey() + " position " + i);
                assertEquals(chunks.get(0).getStreamId(), chunks.get(i).getStreamId());
            }
            assertEquals(80, chunks.size(), e.getKey());
            assertArrayEquals(e.getKey().equals("restart-1") ? ba : ab, ChunkingTest.concat(chunks), e.getKey());
        }
    }

    /** A thread that stops the broker after {@code afterMs} and starts it again (same ports, same data) after {@code downMs}. */
    private static Thread restartBroker(long afterMs, long downMs) {
        return new Thread(() -> {
            try {
                Thread.sleep(afterMs);
                broker.close();
                Thread.sleep(downMs);
                broker = new LocalKafkaBroker(brokerConfig).start();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void anOutageLongerThanTheBufferLosesExactlyTheOldestChunksItReports() throws Exception {
        createTopic("audio-outage", 1);
        // 10 s of audio in real time, a 1 s buffer, and the broker down for 4.5 s (plus its restart) early on:
        // the producer's 2 s window and the buffer absorb 3 s, so the outage must cost chunks, even on a slow
        // machine where stopping the broker takes a while.
        Path wav = TestAudio.writeWav(dir.resolve("long.wav"), TestAudio.tones(16000 * 10, 16000, 1), 16000, 1);
        AgentConfig config = new AgentConfig(broker.bootstrapServers(), "audio-outage", DeviceId.of("outage"),
                AgentConfig.Source.FILE, List.of(wav), true, false, 100, 1, 1000, 60_000,
                Map.of("max.block.ms", "1000"));
        AgentRunner runner = new AgentRunner(config);
        Thread outage = restartBroker(1000, 4500);
        java.io.PrintStream err0 = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        AgentResult r;
        try {
            outage.start();
            r = runner.run();
        } finally {
            outage.join(); // the next test needs the broker back, whatever happened here
            System.setErr(err0);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        System.out.println(log);
        assertTrue(log.contains("connected to Kafka at " + broker.bootstrapServers()), log);
        assertTrue(log.contains("device outage: buffer full (1000 ms), dropped the oldest"), log);
        assertTrue(log.contains("Kafka reachable again after"), log);

        List<AudioChunk> chunks = new ArrayList<>();
        for (List<ConsumerRecord<byte[], byte[]>> recs : consumeAll("audio-outage",
                r.acknowledged()).values()) {
            for (ConsumerRecord<byte[], byte[]> rec : recs) chunks.add(codec.decode(rec.value()));
        }
        assertEquals(100, r.captured());
        assertEquals(0, r.undelivered(), r.toString());
        assertTrue(r.dropped().chunks() > 0, "the outage should outlast the buffer: " + r);
        // Delivered and dropped together are every chunk, each once; the delivered ones in order.
        Set<Long> seen = new HashSet<>();
        long last = -1;
        for (AudioChunk c : chunks) {
            assertTrue(seen.add(c.getSequence()), "duplicate " + c.getSequence());
            assertTrue(c.getSequence() > last, "out of order at " + c.getSequence());
            last = c.getSequence();
        }
        assertEquals(100 - r.dropped().chunks(), seen.size(), r.toString());
        for (long s = r.dropped().firstSequence(); s <= r.dropped().lastSequence(); s++) {
            assertTrue(!seen.contains(s), "chunk " + s + " was reported dropped but arrived");
        }
        assertEquals(r.dropped().chunks(), r.dropped().lastSequence() - r.dropped().firstSequence() + 1,
                "one gap: " + r.dropped());
    }

    private void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    /** Every record of the topic (expecting {@code count}), grouped by key, each group in offset order. */
    private static Map<String, List<ConsumerRecord<byte[], byte[]>>> consumeAll(String topic, long count)
            throws IOException {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("isolation.level", "read_committed");
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byKey = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(pi -> parts.add(new TopicPartition(topic, pi.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long n = 0;
            long deadline = System.currentTimeMillis() + 30_000;
            while (n < count && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(500))) {
                    byKey.computeIfAbsent(new String(rec.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                            .add(rec);
                    n++;
                }
            }
            // Nothing more than expected either.
            n += consumer.poll(Duration.ofMillis(500)).count();
            assertEquals(count, n, "records on " + topic);
        }
        return byKey;
    }

    private static short[] concat(short[] a, short[] b) {
        short[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
