package io.wakestream.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CaptureAgentCliTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        PrintStream out0 = System.out, err0 = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = CaptureAgent.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out0);
            System.setErr(err0);
        }
    }

    @Test
    void helpWorks() {
        Run r = run("--help");
        assertEquals(0, r.exit);
        for (String opt : List.of("--bootstrap", "--topic", "--device-id", "--source", "--file", "--realtime", "--fast",
                "--chunk-ms", "--devices", "--buffer-ms", "--kafka-prop", "--kafka-config")) {
            assertTrue(r.out.contains(opt), opt + " missing from help:\n" + r.out);
        }
    }

    @Test
    void badDeviceIdIsAUsageError() {
        Run r = run("--bootstrap", "127.0.0.1:1", "--device-id", "kitchen 1");
        assertEquals(2, r.exit);
        assertTrue(r.err.contains("device id \"kitchen 1\" has (U+0020) at position 8"), r.err);
    }

    @Test
    void inconsistentOptionsAreUsageErrors() {
        assertTrue(run("--bootstrap", "h:1", "--device-id", "d", "--source", "mic", "--fast").err
                .contains("--fast cannot be used with --source mic"));
        assertTrue(run("--bootstrap", "h:1", "--device-id", "d", "--source", "stdin", "--devices", "3").err
                .contains("--devices simulates devices from files"));
        assertTrue(run("--bootstrap", "h:1", "--device-id", "d", "--source", "file").err
                .contains("--source file needs at least one --file"));
        assertTrue(run("--bootstrap", "h:1", "--device-id", "d", "--source", "radio").err
                .contains("--source must be mic, file or stdin"));
        assertTrue(run("--bootstrap", "h:1", "--device-id", "d", "--chunk-ms", "5").err.contains("--chunk-ms must be"));
        assertTrue(run("--bootstrap", "h:1", "--device-id", "d", "--chunk-ms", "100", "--buffer-ms", "50").err
                .contains("must hold at least one chunk"));
        assertTrue(run("--bootstrap", "h:1", "--device-id", "d", "--realtime", "--fast").err
                .contains("mutually exclusive"));
        Run z = run("--bootstrap", "h:1", "--device-id", "d", "--kafka-prop", "compression.type=zstd");
        assertEquals(2, z.exit);
        assertTrue(z.err.contains("compression.type=zstd is not available"), z.err);
    }

    @Test
    void kafkaPropsKeepEqualsSignsInValuesAndFileSettingsComeFirst() throws IOException {
        Path props = java.nio.file.Files.writeString(dir.resolve("c.properties"),
                "security.protocol=SSL\nlinger.ms=50\n");
        CaptureAgent a = new CaptureAgent();
        new CommandLine(a).parseArgs("--bootstrap", "h:1", "--device-id", "d", "--kafka-config", props.toString(),
                "--kafka-prop", "sasl.jaas.config=x required username=\"u\" password=\"p=q\";",
                "--kafka-prop", "linger.ms=5");
        AgentConfig c = a.config();
        assertEquals("x required username=\"u\" password=\"p=q\";", c.kafkaSettings().get("sasl.jaas.config"));
        assertEquals("5", c.kafkaSettings().get("linger.ms"));
        assertEquals("SSL", c.kafkaSettings().get("security.protocol"));
        assertEquals(AgentConfig.Source.MIC, c.source());
        assertTrue(c.realtime());
        assertFalse(c.toString().contains("p=q"));
    }

    @Test
    void fileSourceIsTheDefaultWhenFilesAreGivenAndDevicesAreNumbered() throws IOException {
        CaptureAgent a = new CaptureAgent();
        new CommandLine(a).parseArgs("--bootstrap", "h:1", "--device-id", "load", "--file", "a.wav", "--file",
                "b.wav", "--devices", "3", "--fast");
        AgentConfig c = a.config();
        assertEquals(AgentConfig.Source.FILE, c.source());
        assertFalse(c.realtime());
        assertEquals(List.of(DeviceId.of("load-0"), DeviceId.of("load-1"), DeviceId.of("load-2")), c.deviceIds());
    }

    @Test
    void aMissingFileIsReportedBeforeConnecting() {
        Run r = run("--bootstrap", "127.0.0.1:1", "--device-id", "d", "--file", dir.resolve("nope.wav").toString());
        assertEquals(1, r.exit);
        assertTrue(r.err.contains("nope.wav"), r.err);
    }
}
