package io.wakestream.kafka.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a {@link LocalKafkaBroker}. Build one with {@link #builder()}; {@link #defaults()} is a temporary
 * broker on free ports.
 *
 * @param dataDir          where the broker keeps its log segments, metadata log, {@code server.properties} and
 *                         {@code broker.log}; {@code null} means a fresh temporary directory that {@code close()}
 *                         deletes. A directory given here is kept, and a broker started on it again finds its
 *                         topics and records (it is formatted only once).
 * @param port             the client port on 127.0.0.1 (PLAINTEXT, or SASL_PLAINTEXT with {@code sasl}); 0 picks a free one
 * @param controllerPort   the KRaft controller port on 127.0.0.1; 0 picks a free one
 * @param serverProperties extra broker properties, applied last so they override the defaults (for example SASL
 *                         listeners, retention). Overriding {@code listeners} or {@code advertised.listeners} is
 *                         allowed but then {@link LocalKafkaBroker#bootstrapServers()} still names the PLAINTEXT port.
 * @param jvmOptions       options for the broker's child JVM (heap, GC); see {@link #DEFAULT_JVM_OPTIONS}
 * @param startTimeout     how long {@link LocalKafkaBroker#start()} waits for the broker to answer
 * @param shutdownTimeout  how long {@link LocalKafkaBroker#close()} waits for a clean shutdown before killing it
 * @param sasl             SASL authentication on the client port ({@code SASL_PLAINTEXT}), or {@code null} for
 *                         PLAINTEXT without authentication (the default); see {@link LocalKafkaSasl}
 */
public record LocalKafkaConfig(
        Path dataDir,
        int port,
        int controllerPort,
        Map<String, String> serverProperties,
        List<String> jvmOptions,
        Duration startTimeout,
        Duration shutdownTimeout,
        LocalKafkaSasl sasl) {

    /**
     * The child JVM's default options. A test broker needs little heap; the serial GC and C1-only JIT make it start
     * sooner and take less CPU on small machines, which matters more here than peak throughput.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true");

    /** Validates and copies the collections so a config cannot change after it was built. */
    public LocalKafkaConfig {
        checkPort(port, "port");
        checkPort(controllerPort, "controllerPort");
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("port and controllerPort must differ: " + port);
        }
        serverProperties = Map.copyOf(Objects.requireNonNull(serverProperties, "serverProperties"));
        jvmOptions = List.copyOf(Objects.requireNonNull(jvmOptions, "jvmOptions"));
        checkPositive(startTimeout, "startTimeout");
        checkPositive(shutdownTimeout, "shutdownTimeout");
    }

    /** A broker on free ports in a temporary directory that is deleted on close. */
    public static LocalKafkaConfig defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.dataDir = dataDir;
        b.port = port;
        b.controllerPort = controllerPort;
        b.serverProperties.putAll(serverProperties);
        b.jvmOptions = jvmOptions;
        b.startTimeout = startTimeout;
        b.shutdownTimeout = shutdownTimeout;
        b.sasl = sasl;
        return b;
    }

    private static void checkPort(int port, String name) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0 (pick a free one) or 1..65535: " + port);
        }
    }

    private static void checkPositive(Duration d, String name) {
        if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** Builds a {@link LocalKafkaConfig}; every setting starts at its default. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private int controllerPort;
        private final Map<String, String> serverProperties = new LinkedHashMap<>();
        private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
        // Generous: a cold JVM loading Kafka on a busy 2-core machine has been seen to need tens of seconds.
        private Duration startTimeout = Duration.ofSeconds(120);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private LocalKafkaSasl sasl;

        private Builder() {
        }

        /** A directory to keep the broker's data in (kept on close); {@code null} for a temporary one. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The controller port; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** One extra broker property, overriding the default of the same name. */
        public Builder serverProperty(String name, String value) {
            serverProperties.put(Objects.requireNonNull(name, "name"),
                    Objects.requireNonNull(value, "value of " + name));
            return this;
        }

        /** Extra broker properties, overriding the defaults of the same names. */
        public Builder serverProperties(Map<String, String> properties) {
            properties.forEach(this::serverProperty);
            return this;
        }

        /** Replaces the child JVM's options (default {@link #DEFAULT_JVM_OPTIONS}). */
        public Builder jvmOptions(List<String> jvmOptions) {
            this.jvmOptions = jvmOptions;
            return this;
        }

        /** How long to wait for the broker to become ready. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** How long to wait for a clean shutdown before the broker's JVM is killed. */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /**
         * SASL authentication on the client port (e.g. {@code LocalKafkaSasl.plain(Map.of("agent", "secret"))}),
         * or {@code null} (the default) for PLAINTEXT.
         */
        public Builder sasl(LocalKafkaSasl sasl) {
            this.sasl = sasl;
            return this;
        }

        /** The config; throws {@link IllegalArgumentException} for an invalid setting. */
        public LocalKafkaConfig build() {
            return new LocalKafkaConfig(dataDir, port, controllerPort, serverProperties, jvmOptions, startTimeout,
                    shutdownTimeout, sasl);
        }
    }
}
