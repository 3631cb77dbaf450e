package io.wakestream.agent;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves chunks from the devices' {@link ChunkBuffer}s into the Kafka producer, on its own thread.
 *
 * <p>Each device has at most {@code maxInFlight} chunks handed to the producer and not yet acknowledged. That
 * window is what keeps the buffering in the agent's hands: when the broker is unreachable the producer holds
 * only the window (which it retries forever, in order), and everything after it waits in the ChunkBuffer,
 * where the oldest audio is dropped once the buffer is full. A send that fails in a retriable way (typically
 * no topic metadata within {@code max.block.ms}) puts the chunk back in the buffer and pauses sending for a
 * moment; a non-retriable failure loses the chunk (counted and logged), and an authentication or
 * authorization failure stops the agent, since retrying cannot fix it.
 */
final class ChunkPublisher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ChunkPublisher.class);
    /** Pause after a retriable failure, so an unreachable broker does not turn into a busy loop. */
    private static final long RETRY_PAUSE_MS = 1000;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final List<DeviceStream> devices;
    private final int maxInFlight;
    private final ConnectionMonitor monitor;
    private final LongSupplier clockMs;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean stopped;
    private volatile long pausedUntilMs;
    private volatile Exception fatal;
    private volatile Runnable onFatal = () -> {};
    private final AtomicLong lost = new AtomicLong();

    ChunkPublisher(Producer<byte[], byte[]> producer, String topic, List<DeviceStream> devices, int maxInFlight,
            ConnectionMonitor monitor, LongSupplier clockMs) {
        this.producer = producer;
        this.topic = topic;
        this.devices = List.copyOf(devices);
        this.maxInFlight = maxInFlight;
        this.monitor = monitor;
        this.clockMs = clockMs;
    }

    /** Tells the sender there is something new to look at (a chunk was buffered). */
    void wakeUp() {
        wake.release();
    }

    /** Stops after the current send; chunks still buffered stay there. */
    void stop() {
        stopped = true;
        wake.release();
    }

    /**
     * What to do once Kafka refuses the agent for good (authentication or authorization): the runner stops
     * capturing, since nothing captured afterwards could ever be delivered. Called once, on the producer's thread.
     */
    void onFatal(Runnable action) {
        this.onFatal = action;
    }

    /** The authentication/authorization failure that stopped sending, or null. */
    Exception fatalError() {
        return fatal;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                wake.drainPermits(); // before scanning, so a chunk buffered during the scan still wakes us
                boolean progress = false;
                if (clockMs.getAsLong() >= pausedUntilMs) {
                    for (DeviceStream d : devices) {
                        while (!stopped && d.inFlight.get() < maxInFlight && clockMs.getAsLong() >= pausedUntilMs) {
                            PendingChunk c = d.buffer.poll();
                            if (c == null) break;
                            send(d, c);
                            progress = true;
                        }
                    }
                }
                if (!progress) {
                    long pause = pausedUntilMs - clockMs.getAsLong();
                    wake.tryAcquire(Math.max(10, Math.min(100, pause)), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException | InterruptException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(DeviceStream d, PendingChunk c) {
        d.inFlight.incrementAndGet();
        d.sent.incrementAndGet();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, d.key, c.payload());
        try {
            producer.send(record, (md, e) -> completed(d, c, md, e));
        } catch (InterruptException e) {
            // Not handed over: keep the chunk for a later attempt, then let run() end.
            d.inFlight.decrementAndGet();
            d.buffer.requeue(c);
            throw e;
        } catch (RuntimeException e) {
            // Errors the producer throws (rather than reporting through the callback) never reached it.
            completed(d, c, null, e);
        }
    }

    /** On the producer's I/O thread (or the sender's, for a failure at send time): keep it short. */
    private void completed(DeviceStream d, PendingChunk c, RecordMetadata md, Exception e) {
        try {
            if (e != null && stopped) {
                return; // the producer is being closed: what it still held is counted as undelivered, not logged
            }
            if (e == null) {
                d.acked.incrementAndGet();
                d.ackedMicros.addAndGet(c.durationMicros());
                monitor.acked(md);
            } else if (e instanceof RetriableException) {
                d.requeued.incrementAndGet();
                d.buffer.requeue(c);
                pausedUntilMs = clockMs.getAsLong() + RETRY_PAUSE_MS;
                monitor.retriableFailure(e);
            } else if (e instanceof AuthenticationException || e instanceof AuthorizationException) {
                d.failed.incrementAndGet();
                if (fatal == null) {
                    fatal = e;
                    log.error("Kafka refused the agent ({}): check the TLS/SASL settings and the ACLs for topic {};"
                            + " stopping", e.getMessage(), topic);
                    stopped = true;
                    onFatal.run();
                }
            } else {
                long n = lost.incrementAndGet();
                d.failed.incrementAndGet();
                // The first few in full, then a reminder now and then: a broker refusing everything would
                // otherwise write ten lines a second.
                if (n <= 10 || n % 100 == 0) {
                    log.error("chunk {} of device {} could not be delivered and is lost ({} so far): {}",
                            c.sequence(), d.device, n, e.toString());
                }
            }
        } finally {
            d.inFlight.decrementAndGet();
            wake.release();
        }
    }
}
