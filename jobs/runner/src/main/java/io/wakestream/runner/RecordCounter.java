package io.wakestream.runner;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the committed records of a topic as they appear (read_committed, from the beginning), on its own thread;
 * the soak counts dead letters with it. Counting records, not offsets: a transactional topic's offsets include the
 * transactions' commit markers.
 */
final class RecordCounter implements AutoCloseable {
    static final String THREAD_NAME = "soak-record-counter";
    private static final Logger LOG = LoggerFactory.getLogger(RecordCounter.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicLong count = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    RecordCounter(String bootstrap, String topic) {
        consumer = TopicReaders.fromBeginning(bootstrap, Map.of(), THREAD_NAME, true, List.of(topic));
        thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) count.addAndGet(consumer.poll(Duration.ofMillis(500)).count());
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            LOG.error("counting records failed: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    long count() {
        return count.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
