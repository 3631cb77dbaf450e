package io.wakestream.agent;

import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns acknowledgements and failures into the few log lines an operator needs about the broker: connected,
 * unreachable (and that audio is being buffered), reachable again. The producer itself only says this through
 * repeated connection warnings, which the agent's logging configuration silences.
 */
final class ConnectionMonitor {
    private static final Logger log = LoggerFactory.getLogger(ConnectionMonitor.class);

    private final String bootstrap;
    private final String topic;
    private final long bufferMs;
    private final long stallMs;
    private final LongSupplier clockMs;
    private boolean connected;
    private boolean outage;
    private long lastAckMs;
    private long waitingSinceMs = -1;

    /**
     * @param stallMs how long chunks may wait for an acknowledgement before the broker is reported unreachable
     */
    ConnectionMonitor(String bootstrap, String topic, long bufferMs, long stallMs, LongSupplier clockMs) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.bufferMs = bufferMs;
        this.stallMs = stallMs;
        this.clockMs = clockMs;
        this.lastAckMs = clockMs.getAsLong();
    }

    synchronized void acked(RecordMetadata md) {
        long now = clockMs.getAsLong();
        long previousAckMs = lastAckMs;
        lastAckMs = now;
        if (!connected) {
            connected = true;
            log.info("connected to Kafka at {}: first chunk acknowledged (topic {}, partition {}, offset {})",
                    bootstrap, topic, md.partition(), md.offset());
        }
        if (outage) {
            outage = false;
            log.info("Kafka reachable again after {} s without acknowledgements; sending the buffered audio",
                    String.format("%.1f", (now - previousAckMs) / 1000.0));
        }
    }

    /** A send failed in a way worth retrying (e.g. no metadata within max.block.ms: the broker is unreachable). */
    synchronized void retriableFailure(Exception e) {
        startOutage("cannot deliver to Kafka at " + bootstrap + " (" + e.getMessage() + ")");
    }

    /** Called periodically with whether chunks are waiting for acknowledgement. */
    synchronized void check(boolean waiting) {
        long now = clockMs.getAsLong();
        if (!waiting) {
            waitingSinceMs = -1;
            return;
        }
        if (waitingSinceMs < 0) waitingSinceMs = Math.max(lastAckMs, now);
        if (now - Math.max(waitingSinceMs, lastAckMs) >= stallMs) {
            startOutage("Kafka at " + bootstrap + " has acknowledged nothing for "
                    + String.format("%.1f", stallMs / 1000.0) + " s");
        }
    }

    synchronized boolean inOutage() {
        return outage;
    }

    private void startOutage(String why) {
        if (outage) return;
        outage = true;
        log.warn("{}; buffering up to {} ms of audio per device, then dropping the oldest", why, bufferMs);
    }
}
