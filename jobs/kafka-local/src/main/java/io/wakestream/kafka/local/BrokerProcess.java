package io.wakestream.kafka.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The entry point of the broker's child JVM; internal to {@link LocalKafkaBroker}, which starts it. Public only
 * because the {@code java} launcher needs it.
 *
 * <p>Arguments: the {@code server.properties} path, the cluster id, then any extra arguments for the storage format
 * (SCRAM credentials). It formats the storage if it is not
 * formatted yet ({@code kafka-storage.sh format --ignore-formatted}), then runs {@code kafka.Kafka}, Kafka's own
 * server main, in this JVM: one JVM start instead of two.
 *
 * <p>The parent holds this process's standard input open for as long as the broker should live. End of input means
 * the parent closed it (asking for a clean shutdown) or died, even by {@code kill -9}: either way this JVM exits,
 * which runs Kafka's own shutdown hook (a controlled shutdown). So no broker outlives the tests that started it.
 */
public final class BrokerProcess {
    /** Exit code when formatting the storage fails. */
    static final int EXIT_FORMAT_FAILED = 3;

    private BrokerProcess() {
    }

    /**
     * Formats the storage if needed, then runs the broker until standard input ends or the process is signalled.
     *
     * @param args {@code server.properties} path, cluster id, extra format arguments
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: BrokerProcess SERVER_PROPERTIES CLUSTER_ID [FORMAT_ARGUMENT...] (started by"
                    + " LocalKafkaBroker)");
            System.exit(2);
        }
        watchParent(System.in);

        int formatted;
        try {
            // A kept directory must be formatted with its own cluster id: --ignore-formatted skips formatted
            // directories but still refuses a different id.
            String clusterId = existingClusterId(Path.of(args[0])).orElse(args[1]);
            // execute() rather than main(): StorageTool.main always calls System.exit.
            List<String> format = new ArrayList<>(List.of("format", "--config", args[0], "--cluster-id", clusterId,
                    "--ignore-formatted"));
            // Further arguments are the format's own (SCRAM users: --add-scram ...).
            format.addAll(Arrays.asList(args).subList(2, args.length));
            formatted = kafka.tools.StorageTool.execute(format.toArray(String[]::new), System.out);
        } catch (Throwable e) { // StorageTool reports bad arguments and config by throwing
            System.err.println("Formatting the Kafka storage failed: " + e);
            e.printStackTrace();
            formatted = EXIT_FORMAT_FAILED;
        }
        if (formatted != 0) {
            System.exit(EXIT_FORMAT_FAILED);
        }
        // Blocks until the broker shuts down, then exits the JVM itself (code 1 on a startup failure).
        kafka.Kafka.main(new String[] {args[0]});
    }

    /** The cluster id in the first {@code meta.properties} of the configured log directories, if any. */
    static Optional<String> existingClusterId(Path serverProperties) throws IOException {
        Properties server = load(serverProperties);
        List<String> dirs = new ArrayList<>();
        for (String key : List.of("metadata.log.dir", "log.dirs", "log.dir")) {
            String value = server.getProperty(key);
            if (value != null) {
                dirs.addAll(Arrays.asList(value.split(",")));
            }
        }
        for (String dir : dirs) {
            Path meta = Path.of(dir.trim(), "meta.properties");
            if (Files.isRegularFile(meta)) {
                String id = load(meta).getProperty("cluster.id");
                if (id != null && !id.isBlank()) {
                    return Optional.of(id.trim());
                }
            }
        }
        return Optional.empty();
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    private static void watchParent(InputStream in) {
        Thread watchdog = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // The parent writes nothing; any bytes are ignored.
                }
            } catch (IOException e) {
                // A broken pipe also means the parent is gone.
            }
            System.out.println("LocalKafkaBroker: standard input closed, shutting the broker down");
            System.exit(0);
        }, "local-kafka-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
