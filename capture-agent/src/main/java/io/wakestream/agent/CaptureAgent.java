package io.wakestream.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code capture-agent} command: captures audio from a microphone, WAV files or stdin and publishes it to
 * Kafka as AudioChunk records. Parses and checks the command line, then hands over to {@link AgentRunner}.
 *
 * <p>Exit status: 0 when everything captured was delivered (or deliberately dropped while Kafka was
 * unreachable), 1 when something was lost or Kafka refused the agent, 2 for a usage error.
 */
@Command(name = "capture-agent", mixinStandardHelpOptions = true, version = "wakestream capture-agent 0.1.0",
        sortOptions = false, usageHelpWidth = 110,
        description = {"Publishes a device's audio to Kafka as 16 kHz mono 16-bit AudioChunk records "
                + "(Avro single-object encoding, key = device id).", ""},
        footer = {"", "Examples:",
                "  capture-agent --bootstrap kafka:9092 --device-id kitchen-1",
                "  capture-agent --bootstrap 127.0.0.1:9092 --device-id test --source file --file a.wav --fast",
                "  capture-agent --bootstrap 127.0.0.1:9092 --device-id load --file a.wav --file b.wav --devices 200 --loop",
                "  arecord -q -f S16_LE -r 16000 -c 1 -t raw | capture-agent --bootstrap kafka:9092 --device-id pi-3 \\",
                "      --source stdin",
                "  capture-agent --bootstrap kafka:9093 --device-id d1 --kafka-config client-tls.properties",
                "", "Secrets in Kafka settings (password, secret, jaas, token, ...) are never logged."})
public final class CaptureAgent implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(CaptureAgent.class);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (comma-separated).")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "audio", paramLabel = "TOPIC",
            description = "Topic to publish to (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--device-id", required = true, paramLabel = "ID",
            description = "This device's id: 1 to 64 characters of A-Z a-z 0-9 . _ -")
    String deviceId;

    @Option(names = "--source", paramLabel = "mic|file|stdin",
            description = "Where audio comes from (default: file if --file is given, else mic). stdin takes raw "
                    + "16 kHz mono signed 16-bit little-endian PCM.")
    String source;

    @Option(names = "--file", paramLabel = "F.wav",
            description = "WAV file to play (repeatable: played in turn). Any PCM/float WAV, 8-48 kHz, any channels.")
    List<Path> files = new ArrayList<>();

    @ArgGroup(exclusive = true)
    Pacing pacing;

    /** --realtime and --fast exclude each other. */
    static final class Pacing {
        @Option(names = "--realtime", description = "Play files and stdin at real-time speed (the default).")
        boolean realtime;

        @Option(names = "--fast", description = "Read files or stdin as fast as Kafka takes them; never drops.")
        boolean fast;
    }

    @Option(names = "--loop", description = "Play the files again from the start when they end (until stopped).")
    boolean loop;

    @Option(names = "--chunk-ms", defaultValue = "100", paramLabel = "MS",
            description = "Audio per chunk, milliseconds (default: ${DEFAULT-VALUE}).")
    int chunkMs;

    @Option(names = "--devices", defaultValue = "1", paramLabel = "N",
            description = "Simulate N devices from the files, ids ID-0..ID-(N-1), all paced together.")
    int devices;

    @Option(names = "--buffer-ms", defaultValue = "30000", paramLabel = "MS",
            description = "Audio kept per device while Kafka is unreachable; beyond it the oldest is dropped "
                    + "(default: ${DEFAULT-VALUE}).")
    long bufferMs;

    @Option(names = "--drain-timeout-ms", defaultValue = "10000", paramLabel = "MS",
            description = "On exit, how long to wait for buffered audio to be delivered (default: ${DEFAULT-VALUE}).")
    long drainTimeoutMs;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Java properties file of Kafka producer settings (e.g. TLS, SASL).")
    Path kafkaConfig;

    @Option(names = "--kafka-prop", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Kafka producer setting (repeatable); applied after --kafka-config.")
    Map<String, String> kafkaProps = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status (for tests: no System.exit). */
    static int execute(String... args) {
        CommandLine cli = new CommandLine(new CaptureAgent());
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        AgentConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        AgentRunner runner = new AgentRunner(config);
        // Ctrl-C or SIGTERM: stop capturing, then give the buffer its drain timeout before the JVM goes.
        Thread hook = new Thread(() -> {
            try {
                runner.stop(config.drainTimeoutMs() + 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runner.run().exitCode();
        } catch (IOException e) {
            log.error("{}", e.getMessage());
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running (or about to): it is what is waiting for us
            }
        }
    }

    /** The checked configuration; IllegalArgumentException for anything invalid. */
    AgentConfig config() throws IOException {
        AgentConfig.Source src = source != null ? parseSource(source)
                : files.isEmpty() ? AgentConfig.Source.MIC : AgentConfig.Source.FILE;
        Map<String, String> kafka = new LinkedHashMap<>();
        if (kafkaConfig != null) kafka.putAll(ProducerSettings.readFile(kafkaConfig));
        kafka.putAll(kafkaProps);
        boolean realtime = pacing == null || !pacing.fast;
        AgentConfig config = new AgentConfig(bootstrap, topic, DeviceId.of(deviceId), src, files, realtime, loop,
                chunkMs, devices, bufferMs, drainTimeoutMs, kafka);
        // Fail now on settings the producer would refuse later.
        ProducerSettings.build(config.bootstrap(), "check", config.kafkaSettings());
        return config;
    }

    private static AgentConfig.Source parseSource(String s) {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "mic":
            case "microphone":
                return AgentConfig.Source.MIC;
            case "file":
                return AgentConfig.Source.FILE;
            case "stdin":
            case "-":
                return AgentConfig.Source.STDIN;
            default:
                throw new IllegalArgumentException("--source must be mic, file or stdin, was \"" + s + "\"");
        }
    }
}
