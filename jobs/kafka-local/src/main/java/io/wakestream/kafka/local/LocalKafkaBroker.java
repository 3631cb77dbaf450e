package io.wakestream.kafka.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller, Kafka 3.9.1) on 127.0.0.1, for
 * integration tests and the local demo.
 *
 * <pre>{@code
 * try (LocalKafkaBroker kafka = new LocalKafkaBroker().start()) {
 *     kafka.createTopics(Map.of("audio", 3));
 *     producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * <p><b>How it runs.</b> The broker runs in a child JVM ({@code kafka.Kafka}, Kafka's own server main, behind
 * {@link BrokerProcess}) whose classpath is Kafka's own dependency tree, resolved when this module was built. So the
 * broker never shares classes with the JVM that starts it: a test's kafka-clients, Scala, Jackson or logging setup
 * cannot break it, its threads and static state cannot leak into the test, and killing it is always possible. Its
 * output goes to {@link #logFile()}, not to the test output; when start-up fails the exception carries the log's
 * last lines.
 *
 * <p><b>Broker settings.</b> Single node, so every internal topic has replication factor 1 and a transaction log
 * min ISR of 1 (exactly-once transactional producers work); {@code group.initial.rebalance.delay.ms=0};
 * {@code auto.create.topics.enable=false} (create topics with {@link #createTopics(Map)}); the internal topics
 * have 5 partitions instead of 50, so the first consumer group and the first transaction are quick.
 * {@link LocalKafkaConfig#serverProperties()} override any of these.
 *
 * <p><b>Lifetime.</b> {@link #close()} shuts the broker down cleanly (killing it after
 * {@link LocalKafkaConfig#shutdownTimeout()}), frees its ports and deletes a temporary data directory. A JVM
 * shutdown hook does the same if {@code close()} is never called, and the child exits by itself when this JVM dies
 * in any way (its standard input, held by this JVM, ends).
 *
 * <p>Thread-safe; {@code start()} once, {@code close()} any number of times.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    /** The loopback address every listener binds to and advertises. */
    public static final String HOST = "127.0.0.1";

    /** Name of the generated resource (next to this class) listing the broker JVM's classpath. */
    static final String CLASSPATH_RESOURCE = "broker-classpath.txt";

    private static final int PORT_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 40;
    private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(60);

    private enum State { NEW, STARTING, RUNNING, CLOSED }

    private final LocalKafkaConfig config;
    private State state = State.NEW;
    private Path dataDir;
    private boolean temporaryDataDir;
    private Path logFile;
    private Process process;
    private OutputStream processStdin;
    private Thread shutdownHook;
    private int port;
    private int controllerPort;
    private String clusterId;
    private Duration startupTime;

    /** A broker with {@link LocalKafkaConfig#defaults()}: free ports, temporary data directory. Not started yet. */
    public LocalKafkaBroker() {
        this(LocalKafkaConfig.defaults());
    }

    /** A broker with the given config. Not started yet. */
    public LocalKafkaBroker(LocalKafkaConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    /**
     * Starts the broker and waits until it answers an Admin {@code describeCluster} request.
     *
     * <p>On failure (the broker exits, or is not ready within {@link LocalKafkaConfig#startTimeout()}) it stops the
     * child JVM, deletes a temporary data directory and throws an {@link IllegalStateException} whose message
     * includes the last lines of the broker's log. When it picked the ports itself and one was taken meanwhile, it
     * retries with new ones first.
     *
     * @return this broker, for {@code try (var kafka = new LocalKafkaBroker().start())}
     * @throws IllegalStateException if already started or closed, if a requested port is in use, or if the broker
     *                               does not start
     */
    public LocalKafkaBroker start() {
        synchronized (this) {
            if (state != State.NEW) {
                throw new IllegalStateException("A LocalKafkaBroker can be started once; this one is " + state);
            }
            state = State.STARTING;
        }
        long t0 = System.nanoTime();
        long deadline = t0 + config.startTimeout().toNanos();
        try {
            prepareDataDir();
            String classpath = brokerClasspath();
            registerShutdownHook();
            for (int attempt = 1; ; attempt++) {
                pickPorts();
                long logOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
                launch(classpath);
                try {
                    awaitReady(deadline, logOffset);
                    break;
                } catch (PortTakenException e) {
                    stopChild(Duration.ofSeconds(10));
                    boolean portsPicked = config.port() == 0 || config.controllerPort() == 0;
                    if (!portsPicked || attempt >= PORT_ATTEMPTS) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                    Log.LOG.info("Kafka broker could not bind port {} or {} (taken meanwhile); retrying on others",
                            port, controllerPort);
                }
            }
            synchronized (this) {
                if (state != State.STARTING) {
                    throw new IllegalStateException("The Kafka broker was closed while it was starting");
                }
                startupTime = Duration.ofNanos(System.nanoTime() - t0);
                state = State.RUNNING;
            }
            Log.LOG.info("Kafka broker ready at {} ({}, controller port {}, cluster {}, data {}) in {} ms",
                    bootstrapServers(), config.sasl() == null ? "PLAINTEXT" : config.sasl(), controllerPort,
                    clusterId, dataDir, startupTime.toMillis());
            return this;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Could not start the Kafka broker: " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:PORT}, for the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port();
    }

    /** The client port (PLAINTEXT, or SASL_PLAINTEXT when the config has {@link LocalKafkaConfig#sasl()}). */
    public synchronized int port() {
        requireRunning();
        return port;
    }

    /** The KRaft controller port. */
    public synchronized int controllerPort() {
        requireRunning();
        return controllerPort;
    }

    /** The cluster id, as the broker reported it. */
    public synchronized String clusterId() {
        requireRunning();
        return clusterId;
    }

    /** How long {@link #start()} took, from call to ready. */
    public synchronized Duration startupTime() {
        requireRunning();
        return startupTime;
    }

    /** The data directory (deleted on close when it is a temporary one); null before {@link #start()}. */
    public synchronized Path dataDir() {
        return dataDir;
    }

    /** The broker's log (its JVM's standard output and error), inside the data directory. */
    public synchronized Path logFile() {
        return logFile;
    }

    /** The config this broker was made with. */
    public LocalKafkaConfig config() {
        return config;
    }

    /** True between a successful {@link #start()} and {@link #close()}, while the broker's JVM is alive. */
    public synchronized boolean isRunning() {
        return state == State.RUNNING && process != null && process.isAlive();
    }

    /** The broker's JVM; for tests of this class. */
    synchronized ProcessHandle processHandle() {
        return process == null ? null : process.toHandle();
    }

    /**
     * Creates topics with the given partition counts, replication factor 1, and waits until the broker serves
     * metadata for every partition (so a producer's first send finds them). A topic that already exists with the
     * same partition count is left as it is, so a demo can run this on a kept data directory; with a different count
     * it is an error.
     *
     * @param partitionsByTopic topic name to partition count
     * @throws IllegalStateException if the broker is not running, a topic exists with another partition count, or
     *                               the broker refuses or does not answer in time
     */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        List<NewTopic> topics = new ArrayList<>();
        new TreeMap<>(partitionsByTopic).forEach((name, partitions) -> {
            if (partitions == null || partitions < 1) {
                throw new IllegalArgumentException("Topic " + name + ": partitions must be at least 1: " + partitions);
            }
            topics.add(new NewTopic(name, partitions, (short) 1));
        });
        createTopics(topics);
    }

    /** Creates one topic; see {@link #createTopics(Map)}. */
    public void createTopic(String name, int partitions) {
        createTopics(Map.of(name, partitions));
    }

    /**
     * Creates topics as given (for topic configs such as {@code cleanup.policy}); otherwise as
     * {@link #createTopics(Map)}.
     */
    public void createTopics(Collection<NewTopic> topics) {
        if (topics.isEmpty()) {
            return;
        }
        String bootstrap = bootstrapServers();
        try (Admin admin = Admin.create(ownAdminProperties(bootstrap))) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
            for (NewTopic topic : topics) {
                try {
                    results.get(topic.name()).get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + topic.name() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                    int existing = describe(admin, topic.name()).partitions().size();
                    if (topic.numPartitions() > 0 && existing != topic.numPartitions()) {
                        throw new IllegalStateException("Topic " + topic.name() + " already exists with " + existing
                                + " partitions, not " + topic.numPartitions());
                    }
                }
            }
            awaitTopicMetadata(admin, topics.stream().map(NewTopic::name).collect(Collectors.toSet()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not describe existing topics: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The broker at " + bootstrap + " did not create the topics within "
                    + ADMIN_CALL_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /**
     * Stops the broker: asks for a clean shutdown (the broker's JVM runs Kafka's controlled shutdown), kills it
     * after {@link LocalKafkaConfig#shutdownTimeout()}, then deletes a temporary data directory. Its ports are
     * free when this returns. Does nothing the second time.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
        stopChild(config.shutdownTimeout());
        removeShutdownHook();
        deleteTemporaryDataDir();
    }

    // ---------------------------------------------------------------------------------------------- start-up

    private void prepareDataDir() throws IOException {
        Path dir;
        if (config.dataDir() == null) {
            dir = Files.createTempDirectory("wakestream-kafka-");
            temporaryDataDir = true;
        } else {
            dir = Files.createDirectories(config.dataDir().toAbsolutePath());
        }
        synchronized (this) {
            dataDir = dir;
            logFile = dir.resolve("broker.log");
        }
    }

    /**
     * Picks the ports. Requested ports are checked first so that "port in use" is a clear error rather than a log
     * line in the child; free ones are found by binding port 0, holding both sockets until both are known so the
     * two differ. The child binds them a moment later: another process could take one in between, which
     * {@link #awaitReady} detects and {@link #start()} retries.
     */
    private void pickPorts() throws IOException {
        InetAddress host = InetAddress.getByName(HOST);
        try (ServerSocket client = bindOrFail(host, config.port());
             ServerSocket controller = bindOrFail(host, config.controllerPort())) {
            synchronized (this) {
                port = client.getLocalPort();
                controllerPort = controller.getLocalPort();
            }
        }
    }

    private static ServerSocket bindOrFail(InetAddress host, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            // Without SO_REUSEADDR a port whose last connections are in TIME_WAIT (a broker just closed on it)
            // would look taken, though the broker itself (which sets it) can bind it.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return socket;
        } catch (BindException e) {
            socket.close();
            throw new IllegalStateException("Cannot start the Kafka broker: " + HOST + ":" + port
                    + " is already in use", e);
        }
    }

    private void launch(String classpath) throws IOException {
        Path propertiesFile = dataDir.resolve("server.properties");
        Properties properties = new Properties();
        properties.putAll(serverProperties());
        try (OutputStream out = Files.newOutputStream(propertiesFile)) {
            properties.store(out, "Written by LocalKafkaBroker; rewritten on every start");
        }

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Kafka's Maven artifacts log through SLF4J; the child's provider is slf4j-simple, configured here, writing
        // to standard output, which goes to broker.log. The KafkaConfig dump (hundreds of lines per start) is
        // left out: server.properties is next to the log. Before the config's options, so that a -D there wins.
        command.add("-Dorg.slf4j.simpleLogger.logFile=System.out");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        command.add("-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaConfig=warn");
        command.addAll(config.jvmOptions());
        command.add("-cp");
        command.add(classpath);
        command.add(BrokerProcess.class.getName());
        command.add(propertiesFile.toString());
        // Used only when the directory is not formatted yet; a kept directory keeps its cluster id.
        command.add(Uuid.randomUuid().toString());
        // SCRAM users go into the metadata log when the storage is formatted.
        if (config.sasl() != null) {
            command.addAll(config.sasl().formatArguments());
        }

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile()));
        // Standard input stays a pipe: BrokerProcess exits when it ends (see there).
        // A debugger agent or other options meant for this JVM must not land in the broker's (a fixed JDWP port
        // would even make it fail to start).
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        Process started = builder.start();
        synchronized (this) {
            process = started;
            processStdin = started.getOutputStream();
        }
    }

    /** The broker's properties: this module's defaults, then the config's extra properties over them. */
    Map<String, String> serverProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", dataDir.resolve("kraft-logs").toString());
        // One node: every replication factor and ISR must be 1, or the internal topics (and with them consumer
        // groups and transactions) cannot be created.
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        // 50 partitions each by default: creating them delays the first group join and the first transaction.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        // Tests join a group and expect records at once, not after the 3 s default wait for more members.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created explicitly, so a typo in a topic name fails instead of creating a new topic.
        p.put("auto.create.topics.enable", "false");
        // Fewer threads than Kafka's defaults (sized for production servers): this broker shares a small machine.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        if (config.sasl() != null) {
            p.putAll(config.sasl().serverProperties(HOST, port, controllerPort));
        }
        p.putAll(config.serverProperties());
        return p;
    }

    /**
     * Waits until the broker accepts connections and then answers {@code describeCluster}. Connecting with plain
     * sockets first keeps the Admin client from logging a warning for every refused connection while the JVM starts.
     */
    private void awaitReady(long deadline, long logOffset) throws PortTakenException {
        InetSocketAddress address = new InetSocketAddress(HOST, port);
        while (!canConnect(address)) {
            checkAlive(logOffset);
            checkDeadline(deadline, logOffset, null);
            sleep(50);
        }
        Properties adminProps = ownAdminProperties(bootstrapServers0());
        Exception last = null;
        try (Admin admin = Admin.create(adminProps)) {
            while (true) {
                checkAlive(logOffset);
                checkDeadline(deadline, logOffset, last);
                long wait = Math.min(5_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                try {
                    DescribeClusterResult cluster = admin.describeCluster();
                    if (!cluster.nodes().get(wait, TimeUnit.MILLISECONDS).isEmpty()) {
                        String id = cluster.clusterId().get(wait, TimeUnit.MILLISECONDS);
                        synchronized (this) {
                            clusterId = id;
                        }
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
                }
                sleep(100);
            }
        }
    }

    private void checkAlive(long logOffset) throws PortTakenException {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            throw new IllegalStateException("The Kafka broker was closed while it was starting");
        }
        if (p.isAlive()) {
            return;
        }
        String tail = logTail(logOffset);
        if (tail.contains("Address already in use")) {
            throw new PortTakenException("Kafka broker could not bind " + HOST + ":" + port + " or " + HOST + ":"
                    + controllerPort + " (address already in use); its log " + logFile + " ends with:\n" + tail);
        }
        throw new IllegalStateException("Kafka broker exited with code " + p.exitValue() + " while starting; its log "
                + logFile + " ends with:\n" + tail);
    }

    private void checkDeadline(long deadline, long logOffset, Exception last) {
        if (System.nanoTime() - deadline < 0) {
            return;
        }
        throw new IllegalStateException("Kafka broker at " + HOST + ":" + port + " was not ready within "
                + config.startTimeout().toSeconds() + " s" + (last == null ? "" : " (last error: " + last + ")")
                + "; its log " + logFile + " ends with:\n" + logTail(logOffset), last);
    }

    private static boolean canConnect(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines the broker wrote since {@code fromOffset} (this start's part of an appended log). */
    private String logTail(long fromOffset) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long start = Math.max(fromOffset, file.length() - 64 * 1024);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
            return Arrays.stream(lines, Math.max(0, lines.length - LOG_TAIL_LINES), lines.length)
                    .collect(Collectors.joining("\n", "", "\n"));
        } catch (IOException e) {
            return "(could not read " + logFile + ": " + e + ")\n";
        }
    }

    /**
     * The broker JVM's classpath: this module's classes (for {@link BrokerProcess}) and the jars listed in the
     * resource that Maven generated from this module's runtime dependencies.
     */
    static String brokerClasspath() {
        URL resource = LocalKafkaBroker.class.getResource(CLASSPATH_RESOURCE);
        if (resource == null) {
            throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing next to "
                    + LocalKafkaBroker.class.getName()
                    + ": it is generated by the Maven build of jobs/kafka-local (phase generate-resources); build it"
                    + " with Maven rather than only an IDE");
        }
        String listed;
        try (InputStream in = resource.openStream()) {
            listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
        List<String> entries = new ArrayList<>();
        entries.add(ownLocation().toString());
        for (String entry : listed.split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (!Files.exists(Path.of(entry))) {
                throw new IllegalStateException("The Kafka broker's classpath names " + entry + ", which does not"
                        + " exist (local Maven repository moved or cleaned?); rebuild jobs/kafka-local with Maven");
            }
            entries.add(entry);
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static Path ownLocation() {
        CodeSource source = BrokerProcess.class.getProtectionDomain().getCodeSource();
        try {
            if (source != null && source.getLocation() != null) {
                return Path.of(source.getLocation().toURI());
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot locate the classes of " + BrokerProcess.class.getName(), e);
        }
        throw new IllegalStateException("Cannot locate the classes of " + BrokerProcess.class.getName());
    }

    /** The broker's own admin client: {@link #adminProperties} plus its SASL login when SASL is on. */
    private Properties ownAdminProperties(String bootstrapServers) {
        Properties p = adminProperties(bootstrapServers);
        p.putAll(adminClientProperties());
        return p;
    }

    /**
     * The settings a client needs besides {@code bootstrap.servers} to be let in with the broker's own (all-powerful)
     * identity: empty without SASL, else {@code security.protocol}, {@code sasl.mechanism} and
     * {@code sasl.jaas.config} of {@link LocalKafkaSasl#BROKER_USER}. For test admins; give applications their own
     * users ({@link LocalKafkaSasl#clientProperties(String)}).
     */
    public Map<String, String> adminClientProperties() {
        LocalKafkaSasl sasl = config.sasl();
        return sasl == null ? Map.of() : sasl.clientProperties(LocalKafkaSasl.BROKER_USER, sasl.brokerPassword());
    }

    /**
     * The settings a client needs besides {@code bootstrap.servers} to be let in as {@code user} (one of the
     * configured SASL users); empty without SASL.
     */
    public Map<String, String> clientProperties(String user) {
        LocalKafkaSasl sasl = config.sasl();
        return sasl == null ? Map.of() : sasl.clientProperties(user);
    }

    static Properties adminProperties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(ADMIN_CALL_TIMEOUT.toMillis()));
        p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "local-kafka-broker-admin");
        return p;
    }

    private static TopicDescription describe(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        return admin.describeTopics(List.of(topic)).allTopicNames()
                .get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
    }

    /**
     * CreateTopics returns once the controller has committed the topics; the broker applies that metadata a moment
     * later. Waiting for it here saves every caller from a first send or assign that finds no partition.
     */
    private static void awaitTopicMetadata(Admin admin, Set<String> topics)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + ADMIN_CALL_TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                        .get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                boolean allLed = descriptions.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .map(TopicPartitionInfo::leader)
                        .allMatch(leader -> leader != null && !leader.isEmpty());
                if (allLed) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("Could not describe topics " + topics + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("Topics " + topics + " have no partition leaders after "
                        + ADMIN_CALL_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    private synchronized String bootstrapServers0() {
        return HOST + ":" + port;
    }

    private synchronized void requireRunning() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("The Kafka broker is not running (" + state + ")");
        }
    }

    // ---------------------------------------------------------------------------------------------- shutdown

    /**
     * Ends the child JVM: closing its standard input makes it exit normally, which runs Kafka's shutdown hook (a
     * controlled shutdown that leaves a kept data directory clean). SIGTERM, then SIGKILL, if that takes too long.
     */
    private void stopChild(Duration timeout) {
        Process p;
        OutputStream stdin;
        synchronized (this) {
            p = process;
            stdin = processStdin;
            process = null;
            processStdin = null;
        }
        if (p == null) {
            return;
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // Already closed or the child is gone: either way it is ending.
        }
        boolean interrupted = false;
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Log.LOG.warn("Kafka broker on port {} did not shut down within {} s; terminating it", port,
                        timeout.toSeconds());
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
            p.destroyForcibly();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void registerShutdownHook() {
        Thread hook = new Thread(() -> {
            // The JVM is exiting without close(): stop the broker quickly; its data is temporary or was flushed
            // by Kafka on the way down.
            stopChild(Duration.ofSeconds(15));
            deleteTemporaryDataDir();
        }, "local-kafka-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        synchronized (this) {
            shutdownHook = hook;
        }
    }

    private void removeShutdownHook() {
        Thread hook;
        synchronized (this) {
            hook = shutdownHook;
            shutdownHook = null;
        }
        if (hook != null && hook != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook runs (or ran) anyway and is harmless.
            }
        }
    }

    private void deleteTemporaryDataDir() {
        Path dir;
        synchronized (this) {
            dir = temporaryDataDir ? dataDir : null;
        }
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            Log.LOG.warn("Could not delete the Kafka broker's temporary directory {}: {}", dir, e.toString());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
    }

    /**
     * The logger, made on first use rather than when this class loads, so that {@link #main} can choose the log
     * level before SLF4J starts.
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);
    }

    /** The broker exited because a port it was given was taken between picking and binding. */
    private static final class PortTakenException extends Exception {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        synchronized (this) {
            return "LocalKafkaBroker[" + state + (port == 0 ? "" : ", " + HOST + ":" + port)
                    + (dataDir == null ? "" : ", " + dataDir) + "]";
        }
    }

    // ---------------------------------------------------------------------------------------------- command line

    /**
     * Starts a broker by hand and runs it until Ctrl-C (or until it dies, then exits with status 1).
     *
     * <pre>
     * --port N               client port (default 9092; 0 picks a free one)
     * --controller-port N    controller port (default: a free one)
     * --dir PATH             keep the data here (default: a temporary directory, deleted on exit)
     * --topic NAME:PARTITIONS  create a topic (repeatable; an existing one with that many partitions is fine)
     * --property NAME=VALUE  an extra broker property (repeatable)
     * </pre>
     */
    public static void main(String[] args) throws InterruptedException {
        // Run by hand with slf4j-simple (target/classpath.txt): Kafka's clients log every config at INFO. Set before
        // the first logger is made; an explicit -D wins.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        LocalKafkaConfig.Builder builder = LocalKafkaConfig.builder().port(9092);
        Map<String, Integer> topics = new LinkedHashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("-h") || arg.equals("--help")) {
                    printUsage();
                    return;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--port" -> builder.port(Integer.parseInt(value));
                    case "--controller-port" -> builder.controllerPort(Integer.parseInt(value));
                    case "--dir" -> builder.dataDir(Path.of(value));
                    case "--topic" -> {
                        int colon = value.lastIndexOf(':');
                        if (colon <= 0) {
                            throw new IllegalArgumentException("--topic wants NAME:PARTITIONS, not " + value);
                        }
                        topics.put(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
                    }
                    case "--property" -> {
                        int eq = value.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--property wants NAME=VALUE, not " + value);
                        }
                        builder.serverProperty(value.substring(0, eq), value.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
        } catch (IllegalArgumentException e) { // NumberFormatException too
            System.err.println("LocalKafkaBroker: " + e.getMessage());
            printUsage();
            System.exit(2);
        }

        LocalKafkaBroker broker = new LocalKafkaBroker(builder.build());
        try {
            broker.start();
            broker.createTopics(topics);
        } catch (RuntimeException e) {
            broker.close();
            System.err.println("LocalKafkaBroker: " + e.getMessage());
            System.exit(1);
        }
        CountDownLatch closing = new CountDownLatch(1);
        // Ctrl-C: the broker's own shutdown hook stops it; this one only tells the wait below not to complain.
        Runtime.getRuntime().addShutdownHook(new Thread(closing::countDown, "local-kafka-main-exit"));
        System.out.println("Kafka broker ready: bootstrap.servers=" + broker.bootstrapServers()
                + (topics.isEmpty() ? "" : " topics=" + topics) + " (started in " + broker.startupTime().toMillis()
                + " ms; data " + broker.dataDir() + "; log " + broker.logFile() + "). Ctrl-C stops it.");
        System.out.flush();
        ProcessHandle child = broker.processHandle();
        child.onExit().join();
        if (!closing.await(2, TimeUnit.SECONDS)) {
            System.err.println("LocalKafkaBroker: the broker exited unexpectedly; see " + broker.logFile());
            broker.close();
            System.exit(1);
        }
    }

    private static void printUsage() {
        System.err.println(String.join("\n",
                "usage: LocalKafkaBroker [--port N] [--controller-port N] [--dir PATH]",
                "                        [--topic NAME:PARTITIONS]... [--property NAME=VALUE]...",
                "Starts a single-node Kafka " + "3.9.1 broker (KRaft) on " + HOST + " until Ctrl-C.",
                "  --port N                 client port (default 9092; 0 picks a free one)",
                "  --controller-port N      controller port (default: a free one)",
                "  --dir PATH               keep data here (default: a temporary directory, deleted on exit)",
                "  --topic NAME:PARTITIONS  create a topic; an existing one with that many partitions is kept",
                "  --property NAME=VALUE    an extra broker property"));
    }
}
