package io.wakestream.kafka.local;

import java.util.Objects;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link LocalKafkaBroker} per test class, started before its first test and closed after
 * its last. {@code @Nested} classes share their enclosing class's broker.
 *
 * <p>Either register it on a static field, to configure it and reach the broker from anywhere in the class:
 * <pre>{@code
 * @RegisterExtension
 * static final LocalKafkaExtension KAFKA = new LocalKafkaExtension(LocalKafkaConfig.builder()
 *         .serverProperty("log.retention.ms", "60000").build());
 *
 * @Test void sends() { ... KAFKA.bootstrapServers() ... KAFKA.broker().createTopics(Map.of("audio", 3)) ... }
 * }</pre>
 * or declare it and take the broker as a parameter of a test, lifecycle method or constructor:
 * <pre>{@code
 * @ExtendWith(LocalKafkaExtension.class)
 * class AudioTopicTest {
 *     @Test void sends(LocalKafkaBroker kafka) { ... kafka.bootstrapServers() ... }
 * }
 * }</pre>
 *
 * <p>The broker is kept in the class's {@link ExtensionContext.Store}, which closes it when the class is done,
 * whatever happened in between. JUnit is a {@code provided} dependency of this module: a consumer's tests bring
 * their own.
 */
public final class LocalKafkaExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            LocalKafkaExtension.class);
    private static final String KEY = "broker";

    private final LocalKafkaConfig config;
    private volatile LocalKafkaBroker current;

    /** Brokers with {@link LocalKafkaConfig#defaults()}; the constructor {@code @ExtendWith} uses. */
    public LocalKafkaExtension() {
        this(LocalKafkaConfig.defaults());
    }

    /** Brokers with the given config. A {@link LocalKafkaConfig#dataDir()} there would be shared by every class. */
    public LocalKafkaExtension(LocalKafkaConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // getOrComputeIfAbsent looks in the enclosing classes' stores first, so a @Nested class reuses their broker
        // instead of starting its own.
        current = context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(KEY, key -> new ClosingBroker(new LocalKafkaBroker(config).start()),
                        ClosingBroker.class)
                .broker();
    }

    /** The current test class's broker. */
    public LocalKafkaBroker broker() {
        LocalKafkaBroker broker = current;
        if (broker == null) {
            throw new IllegalStateException("No broker yet: LocalKafkaExtension starts it before the test class's"
                    + " first test (register it on a static field)");
        }
        return broker;
    }

    /** The current broker's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ClosingBroker held = extensionContext.getStore(NAMESPACE).get(KEY, ClosingBroker.class);
        if (held == null) {
            throw new ParameterResolutionException("No LocalKafkaBroker for " + extensionContext.getDisplayName()
                    + ": LocalKafkaExtension must be registered on the class (it starts the broker in beforeAll)");
        }
        return held.broker();
    }

    /** Lets the store close the broker when the class that started it is done. */
    private record ClosingBroker(LocalKafkaBroker broker) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            broker.close();
        }
    }
}
