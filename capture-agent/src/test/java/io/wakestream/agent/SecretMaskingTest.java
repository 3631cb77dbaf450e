package io.wakestream.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskingTest {
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"agent\" password=\"hunter2\";";

    @ParameterizedTest
    @ValueSource(strings = {"sasl.jaas.config", "ssl.keystore.password", "ssl.key.password", "ssl.truststore.password",
            "SSL.KEY.PASSWORD", "sasl.client.secret", "my.Secret.thing", "sasl.oauthbearer.token.endpoint.url",
            "ssl.keystore.key", "basic.auth.user.info", "aws.credentials"})
    void secretsAreMasked(String key) {
        assertTrue(SecretMasking.isSecret(key), key);
        assertEquals(SecretMasking.MASK, SecretMasking.mask(key, "hunter2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bootstrap.servers", "security.protocol", "sasl.mechanism", "ssl.truststore.location",
            "key.serializer", "linger.ms", "ssl.endpoint.identification.algorithm", "client.id"})
    void ordinarySettingsAreShown(String key) {
        assertFalse(SecretMasking.isSecret(key), key);
        assertEquals("v", SecretMasking.mask(key, "v"));
    }

    @Test
    void describeShowsEveryKeyButNoSecretValue() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("security.protocol", "SASL_SSL");
        s.put("sasl.jaas.config", JAAS);
        s.put("ssl.truststore.password", "hunter2");
        String d = SecretMasking.describe(s);
        assertEquals("sasl.jaas.config=******, security.protocol=SASL_SSL, ssl.truststore.password=******", d);
    }

    @Test
    void producerSettingsAndConfigNeverPrintSecrets() {
        Map<String, String> ops = Map.of("sasl.jaas.config", JAAS, "ssl.key.password", "hunter2");
        ProducerSettings p = ProducerSettings.build("127.0.0.1:9092", "agent", ops);
        for (String text : List.of(p.describe(), p.toString())) {
            assertFalse(text.contains("hunter2"), text);
            assertTrue(text.contains("sasl.jaas.config=******"), text);
        }
        // The real value still reaches the producer.
        assertEquals(JAAS, p.toProperties().getProperty("sasl.jaas.config"));
        AgentConfig c = new AgentConfig("127.0.0.1:9092", "audio-chunks", DeviceId.of("d"), AgentConfig.Source.MIC,
                List.of(), true, false, 100, 1, 30000, 1000, ops);
        assertFalse(c.toString().contains("hunter2"), c.toString());
    }

    @Test
    void producerDefaultsForAudio() {
        Map<String, String> s = ProducerSettings.build("h:1", "agent-x", Map.of()).settings();
        assertEquals("true", s.get("enable.idempotence"));
        assertEquals("all", s.get("acks"));
        assertEquals("lz4", s.get("compression.type"));
        assertEquals("h:1", s.get("bootstrap.servers"));
        assertEquals("agent-x", s.get("client.id"));
        assertEquals("org.apache.kafka.common.serialization.ByteArraySerializer", s.get("value.serializer"));
    }

    @Test
    void operatorSettingsOverrideDefaultsButNotTheSerializers() {
        Map<String, String> s = ProducerSettings.build("h:1", "a", Map.of("linger.ms", "5", "compression.type",
                "gzip", "security.protocol", "SSL")).settings();
        assertEquals("5", s.get("linger.ms"));
        assertEquals("gzip", s.get("compression.type"));
        assertEquals("SSL", s.get("security.protocol"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProducerSettings.build("h:1", "a", Map.of("value.serializer", "x.Y")));
        assertTrue(e.getMessage().contains("value.serializer cannot be changed"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ProducerSettings.build("h:1", "a", Map.of("compression.type", "zstd")));
        assertTrue(e.getMessage().contains("compression.type=zstd is not available"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProducerSettings.build(null, "a", Map.of()));
        assertTrue(e.getMessage().contains("--bootstrap"), e.getMessage());
    }

    @Test
    void readsAPropertiesFile(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nsasl.jaas.config=" + JAAS.replace("\"", "\\\"")
                        + "\n# comment\n");
        Map<String, String> m = ProducerSettings.readFile(f);
        assertEquals("SASL_SSL", m.get("security.protocol"));
        assertEquals(JAAS, m.get("sasl.jaas.config"));
        assertEquals(3, m.size());
    }
}
