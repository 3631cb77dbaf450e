package io.wakestream.pipeline.kafka;

import java.io.Serializable;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How to reach the Kafka cluster: bootstrap servers plus client properties (TLS, SASL, timeouts...) passed to every
 * client the job makes (source consumer and admin, sink producers). Property values may be secrets: {@link #toString}
 * lists the names only, and nothing in the job logs the values (Kafka's own config dump masks password-typed ones).
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param clientProperties extra client properties; they override the job's defaults
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> clientProperties) implements Serializable {
    public KafkaConnection {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must be set");
        }
        clientProperties = clientProperties == null ? Map.of() : Map.copyOf(new TreeMap<>(clientProperties));
        if (clientProperties.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("give bootstrap.servers as bootstrapServers (--bootstrap-servers),"
                    + " not as a client property");
        }
    }

    public static KafkaConnection of(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /** {@code defaults}, then the client properties over them, then the bootstrap servers. */
    public Properties properties(Map<String, String> defaults) {
        Properties p = new Properties();
        p.putAll(defaults);
        p.putAll(clientProperties);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    /** Names of the client properties, sorted, without their values. */
    public String propertyNames() {
        return String.join(", ", new TreeMap<>(clientProperties).keySet());
    }

    @Override
    public String toString() {
        return "KafkaConnection[bootstrapServers=" + bootstrapServers + ", clientProperties=["
                + propertyNames() + "] (values not shown)]";
    }
}
