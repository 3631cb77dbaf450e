package io.wakestream.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.agent.AgentConfig;
import io.wakestream.agent.AgentResult;
import io.wakestream.agent.AgentRunner;
import io.wakestream.agent.DeviceId;
import io.wakestream.kafka.local.LocalKafkaBroker;
import io.wakestream.kafka.local.LocalKafkaConfig;
import io.wakestream.kafka.local.LocalKafkaSasl;
import io.wakestream.pipeline.kafka.KafkaJobOptions;
import io.wakestream.pipeline.kafka.Topics;
import io.wakestream.schemas.WakeEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

/**
 * The pipeline against a broker that requires SASL/PLAIN: the capture agent publishes with its own user, the job
 * (options parsed from its command line, SASL through {@code --kafka-property}) reads the audio and writes wake events
 * with its user, and a reader with a third user gets the event. A job and a consumer with a wrong password are
 * refused with Kafka's authentication error. No password appears in anything logged along the way.
 */
class SecurePipelineTest {
    private static final Map<String, String> USERS = Map.of(
            "agent", "agent-pw-51d0", "job", "job-pw-e8a2", "reader", "reader-pw-3c77");

    @Test
    void theWholePipelineRunsWithSaslAndWrongCredentialsAreRefused() throws Exception {
        PrintStream out0 = System.out, err0 = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(logs, true, StandardCharsets.UTF_8);
        LocalKafkaSasl sasl = LocalKafkaSasl.plain(USERS);
        try (LocalKafkaBroker broker = new LocalKafkaBroker(LocalKafkaConfig.builder().sasl(sasl)
                .serverProperty("transaction.max.timeout.ms", "900000").build()).start()) {
            Topics topics = Topics.defaults();
            broker.createTopics(Map.of(topics.audio(), 1, topics.wakeEvents(), 1, topics.transcripts(), 1,
                    topics.deadLetters(), 1));
            String bootstrap = broker.bootstrapServers();
            System.setOut(tee);
            System.setErr(tee);

            AgentConfig agent = new AgentConfig(bootstrap, topics.audio(), DeviceId.of("hallway"),
                    AgentConfig.Source.FILE, List.of(ProjectFiles.sample("hallway.wav")), false, false, 100, 1,
                    30_000, 30_000, broker.clientProperties("agent"));
            AgentResult played = new AgentRunner(agent).run();
            assertEquals(0, played.exitCode(), played.toString());

            KafkaJobOptions job = BoundedJob.options(bootstrap, kafkaPropertyArgs(sasl.clientProperties("job")));
            assertEquals(sasl.clientProperties("job"), job.kafka().clientProperties());
            assertTrue(job.describe().contains("sasl.jaas.config"), job.describe());
            BoundedJob.run(job);

            List<WakeEvent> wakes = BoundedJob.wakeEvents(bootstrap, broker.clientProperties("reader"),
                    topics.wakeEvents());
            assertEquals(1, wakes.size(), wakes.toString());
            assertEquals("hallway", wakes.get(0).getDeviceId().toString());
            assertEquals(List.of(), BoundedJob.deadLetters(bootstrap, broker.clientProperties("reader"),
                    topics.deadLetters()));

            // The job with a wrong password: refused, the run fails with Kafka's authentication error.
            KafkaJobOptions intruder = BoundedJob.options(bootstrap, kafkaPropertyArgs(
                    sasl.clientProperties("job", "not-" + USERS.get("job"))))
                    .withGroup("intruder", null);
            Exception failed = assertThrows(Exception.class, () -> BoundedJob.run(intruder));
            assertTrue(hasCause(failed, SaslAuthenticationException.class), "not an authentication error: "
                    + causes(failed));
            // A consumer with a wrong password: refused too.
            SaslAuthenticationException refused = assertThrows(SaslAuthenticationException.class,
                    () -> BoundedJob.wakeEvents(bootstrap, sasl.clientProperties("reader", "guess"),
                            topics.wakeEvents()));
            assertTrue(refused.getMessage().contains("Authentication failed"), refused.getMessage());
        } finally {
            System.setOut(out0);
            System.setErr(err0);
        }
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("sasl.jaas.config"), "the agent logs its setting names");
        for (String password : USERS.values()) {
            assertFalse(logged.contains(password), "a password was logged: " + password);
        }
        assertFalse(logged.contains(sasl.brokerPassword()), "the broker's password was logged");
    }

    /** {@code --kafka-property K=V} for each setting, as an operator would pass them to the job. */
    private static String[] kafkaPropertyArgs(Map<String, String> settings) {
        List<String> args = new ArrayList<>();
        new LinkedHashMap<>(settings).forEach((k, v) -> {
            args.add("--kafka-property");
            args.add(k + "=" + v);
        });
        return args.toArray(String[]::new);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) if (type.isInstance(c)) return true;
        return false;
    }

    private static String causes(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) b.append("\n  ").append(c);
        return b.toString();
    }
}
