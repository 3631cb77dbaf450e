/**
 * A real single-node Apache Kafka broker on 127.0.0.1 for Wakestream's integration tests and local demo:
 * {@link io.wakestream.kafka.local.LocalKafkaBroker} (configured by
 * {@link io.wakestream.kafka.local.LocalKafkaConfig}) and the JUnit 5 extension
 * {@link io.wakestream.kafka.local.LocalKafkaExtension}. Other modules depend on this one with scope {@code test};
 * the broker runs in a child JVM from Kafka's own classpath, so only kafka-clients reaches them.
 */
package io.wakestream.kafka.local;
