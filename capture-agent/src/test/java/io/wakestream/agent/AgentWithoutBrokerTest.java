package io.wakestream.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent with a real Kafka producer pointed at a port where no broker listens: it must keep capturing,
 * buffer what it can, drop the oldest beyond the buffer, say so, stop within its drain timeout, and never log
 * a secret.
 */
class AgentWithoutBrokerTest {
    @TempDir
    Path dir;

    @Test
    void buffersDropsOldestAndReportsWhenKafkaIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free now, and nothing will listen on it
        }
        Path wav = TestAudio.writeWav(dir.resolve("speech.wav"), TestAudio.tones(22050 * 3 / 2, 22050, 2), 22050, 2);
        AgentConfig config = new AgentConfig("127.0.0.1:" + port, "audio-chunks", DeviceId.of("kitchen-1"),
                AgentConfig.Source.FILE, List.of(wav), true, false, 100, 1, 500, 300,
                Map.of("max.block.ms", "300", "ssl.truststore.password", "hunter2",
                        "sasl.jaas.config", "x required password=\"hunter2\";"));

        PrintStream err0 = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        AgentResult r;
        long t0 = System.nanoTime();
        try {
            r = new AgentRunner(config).run();
        } finally {
            System.setErr(err0);
        }
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        String log = err.toString(StandardCharsets.UTF_8);
        System.out.println(log);

        assertEquals(15, r.captured(), "1.5 s in 100 ms chunks");
        assertEquals(1500, r.capturedMs());
        assertEquals(0, r.acknowledged());
        // A 500 ms buffer: at most 5 chunks waiting plus the one blocked in send(); the rest dropped, oldest first.
        assertTrue(r.dropped().chunks() >= 9, r.toString());
        assertEquals(15, r.dropped().chunks() + r.undelivered(), r.toString());
        assertEquals(0, r.dropped().firstSequence(), r.toString());
        assertEquals(1, r.exitCode());
        assertTrue(elapsedMs < 10_000, "took " + elapsedMs + " ms");

        assertTrue(log.contains("cannot deliver to Kafka at 127.0.0.1:" + port), log);
        assertTrue(log.contains("buffer full (500 ms), dropped the oldest"), log);
        assertTrue(log.contains("gave up waiting for Kafka after 300 ms"), log);
        assertTrue(log.contains("sasl.jaas.config=******") && log.contains("ssl.truststore.password=******"), log);
        assertFalse(log.contains("hunter2"), "a secret was logged:\n" + log);
    }
}
