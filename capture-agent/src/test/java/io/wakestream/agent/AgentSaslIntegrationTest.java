package io.wakestream.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.kafka.local.LocalKafkaBroker;
import io.wakestream.kafka.local.LocalKafkaConfig;
import io.wakestream.kafka.local.LocalKafkaSasl;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.AvroCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's command line against a real broker that requires SASL/PLAIN: with the right credentials (from a
 * {@code --kafka-config} file) every chunk arrives; with a wrong password (from {@code --kafka-prop}) the agent
 * stops with a clear authentication error and exit status 1 instead of capturing on. Neither run logs a password.
 */
class AgentSaslIntegrationTest {
    private static final String AGENT_PASSWORD = "agent-pw-7f3a";
    private static final String READER_PASSWORD = "reader-pw-91c2";

    @TempDir
    static Path dir;
    static LocalKafkaBroker broker;
    private final AvroCodec<AudioChunk> codec = AvroCodec.of(AudioChunk.class);

    private record Run(int exit, String log) {}

    @BeforeAll
    static void startBroker() {
        broker = new LocalKafkaBroker(LocalKafkaConfig.builder()
                .sasl(LocalKafkaSasl.plain(Map.of("agent", AGENT_PASSWORD, "reader", READER_PASSWORD))).build()).start();
        broker.createTopics(Map.of("audio-secure", 1));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) broker.close();
    }

    @Test
    void withTheRightCredentialsEveryChunkArrives() throws Exception {
        Path wav = TestAudio.writeWav(dir.resolve("ok.wav"), TestAudio.tones(16000 * 2, 16000, 1), 16000, 1);
        Properties client = new Properties();
        client.putAll(broker.clientProperties("agent"));
        Path config = dir.resolve("client-sasl.properties");
        try (var out = Files.newBufferedWriter(config)) {
            client.store(out, "SASL settings of the agent");
        }

        Run r = run("--bootstrap", broker.bootstrapServers(), "--topic", "audio-secure", "--device-id", "secure-1",
                "--file", wav.toString(), "--fast", "--kafka-config", config.toString());

        assertEquals(0, r.exit, r.log);
        assertTrue(r.log.contains("sasl.jaas.config=******"), r.log);
        assertTrue(r.log.contains("security.protocol=SASL_PLAINTEXT"), r.log);
        assertFalse(r.log.contains(AGENT_PASSWORD), "the password was logged:\n" + r.log);
        List<AudioChunk> chunks = readAll("audio-secure");
        assertEquals(20, chunks.size(), "2 s in 100 ms chunks");
        for (int i = 0; i < chunks.size(); i++) {
            assertEquals(i, chunks.get(i).getSequence());
            assertEquals("secure-1", chunks.get(i).getDeviceId().toString());
        }
    }

    @Test
    void aWrongPasswordStopsTheAgentWithAnAuthenticationError() throws Exception {
        // 60 s of audio in real time: the agent must stop on the refusal, not play the file to its end.
        Path wav = TestAudio.writeWav(dir.resolve("long.wav"), TestAudio.tones(16000 * 60, 16000, 1), 16000, 1);
        String wrongJaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"agent\""
                + " password=\"not-" + AGENT_PASSWORD + "\";";

        Run r = run("--bootstrap", broker.bootstrapServers(), "--topic", "audio-secure", "--device-id", "intruder",
                "--file", wav.toString(), "--kafka-prop", "security.protocol=SASL_PLAINTEXT",
                "--kafka-prop", "sasl.mechanism=PLAIN", "--kafka-prop", "sasl.jaas.config=" + wrongJaas);

        assertEquals(1, r.exit, r.log);
        assertTrue(r.log.contains("Kafka refused the agent (Authentication failed"), r.log);
        assertTrue(r.log.contains("check the TLS/SASL settings"), r.log);
        assertFalse(r.log.contains(AGENT_PASSWORD), "the password was logged:\n" + r.log);
        Matcher done = Pattern.compile("done: captured (\\d+) chunks").matcher(r.log);
        assertTrue(done.find(), r.log);
        assertTrue(Long.parseLong(done.group(1)) < 600, "capture should stop at the refusal: " + done.group());
        assertTrue(readAll("audio-secure").stream().noneMatch(c -> c.getDeviceId().toString().equals("intruder")));
    }

    private static Run run(String... args) {
        PrintStream err0 = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = CaptureAgent.execute(args);
        } finally {
            System.setErr(err0);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        System.out.println(log);
        return new Run(exit, log);
    }

    /** Everything on the topic, read as the "reader" user. */
    private List<AudioChunk> readAll(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.putAll(broker.clientProperties("reader"));
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        List<AudioChunk> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(60)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(200))) {
                    out.add(codec.decode(rec.value()));
                }
            }
            assertEquals(end, consumer.position(tp), "read the whole topic");
        }
        return out;
    }
}
