package io.wakestream.agent;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka producer configuration the agent runs with: its defaults for audio, then the operator's settings
 * (a properties file, then {@code --kafka-prop}), then the few settings the agent cannot work without.
 *
 * <p>Defaults, and why:
 * <ul>
 *   <li>{@code enable.idempotence=true}, {@code acks=all}: a chunk is acknowledged only once it is safely
 *       replicated, and the producer's own retries never duplicate or reorder chunks of a partition.</li>
 *   <li>{@code compression.type=lz4}: cheap on a device's CPU; speech PCM shrinks a little, silence a lot.
 *       Only {@code none}, {@code gzip} and {@code lz4} are allowed: zstd and snappy are left out of the jar
 *       (native libraries for every platform, megabytes a device does not need).</li>
 *   <li>{@code linger.ms=5}, {@code batch.size=65536}: every wake event waits for its chunk's linger, and an
 *       agent with one device has nothing to batch (one chunk per {@code --chunk-ms}), so the linger is kept short;
 *       an agent simulating many devices hands the producer all their chunks of a tick within a millisecond or
 *       two, so 5 ms still makes one request per partition per tick. 64 KB is about two seconds of one device's
 *       audio.</li>
 *   <li>{@code delivery.timeout.ms=MAX}: the producer never gives up on a chunk it was handed. Bounding
 *       memory during an outage is the {@link ChunkBuffer}'s job, which drops the oldest audio by duration;
 *       the producer only ever holds a small window of chunks, so waiting forever costs nothing, and it keeps
 *       the chunks of a device in order (a chunk that expired and was sent again could overtake others).</li>
 *   <li>{@code max.block.ms=10000}: how long a send waits for the topic's metadata when the broker cannot be
 *       reached; the chunk then goes back to the buffer and is tried again.</li>
 * </ul>
 *
 * @param settings every setting, in the order applied (only the last value of a key counts)
 */
public record ProducerSettings(Map<String, String> settings) {
    /** Codecs whose implementation is in the agent's jar. */
    public static final Set<String> SUPPORTED_COMPRESSION = Set.of("none", "gzip", "lz4");

    /** Set by the agent; an operator's value would break it (the agent hands the producer bytes). */
    private static final Set<String> FIXED = Set.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

    public ProducerSettings {
        settings = Map.copyOf(settings);
    }

    /** The agent's defaults for audio (see the class comment). */
    public static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        d.put(ProducerConfig.ACKS_CONFIG, "all");
        d.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        d.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        d.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        d.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Integer.MAX_VALUE));
        d.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        return d;
    }

    /**
     * Builds the settings.
     *
     * @param bootstrap {@code host:port[,host:port...]}; overrides a {@code bootstrap.servers} in the overrides
     * @param clientId the producer's client id (shows up in broker logs and quotas)
     * @param overrides the operator's settings, applied over the defaults in iteration order
     * @throws IllegalArgumentException for a setting the agent cannot honour
     */
    public static ProducerSettings build(String bootstrap, String clientId, Map<String, String> overrides) {
        Map<String, String> s = new LinkedHashMap<>(defaults());
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String key = e.getKey().trim();
            if (FIXED.contains(key)) {
                throw new IllegalArgumentException("Kafka setting " + key + " cannot be changed: the agent sends"
                        + " byte arrays it has encoded itself");
            }
            s.put(key, e.getValue());
        }
        String compression = s.get(ProducerConfig.COMPRESSION_TYPE_CONFIG).trim();
        if (!SUPPORTED_COMPRESSION.contains(compression)) {
            throw new IllegalArgumentException("compression.type=" + compression + " is not available in the"
                    + " capture agent; use one of " + SUPPORTED_COMPRESSION);
        }
        if (bootstrap != null) s.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (!s.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("no Kafka bootstrap servers: give --bootstrap HOST:PORT");
        }
        s.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        s.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        s.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new ProducerSettings(s);
    }

    /** Reads a Java properties file of Kafka client settings (e.g. TLS/SASL), keeping the file's values as is. */
    public static Map<String, String> readFile(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) out.put(k, p.getProperty(k));
        return out;
    }

    /** The settings for {@code new KafkaProducer<>(...)}. */
    public Properties toProperties() {
        Properties p = new Properties();
        p.putAll(settings);
        return p;
    }

    /** For logs: every key, and the values of everything that is not a secret. */
    public String describe() {
        return SecretMasking.describe(settings);
    }

    /** Never the secrets: a record's default toString would print every value. */
    @Override
    public String toString() {
        return "ProducerSettings[" + describe() + "]";
    }
}
