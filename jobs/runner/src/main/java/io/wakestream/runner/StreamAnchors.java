package io.wakestream.runner;

import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.AvroCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each device's stream anchor: the wall-clock time (epoch ms) of its first sample, read from the {@code
 * captureTimeMs} of its chunk 0 in the audio topic. The agent stamps every chunk with anchor + its offset in the
 * audio, so the wall time at which audio position t was captured is anchor + t. Runs on its own thread until every
 * device's chunk 0 is seen, then stops.
 */
final class StreamAnchors implements AutoCloseable {
    /** Thread name; the bench's CPU accounting counts it as the bench's own. */
    static final String THREAD_NAME = "bench-anchors";
    private static final Logger LOG = LoggerFactory.getLogger(StreamAnchors.class);
    private static final AvroCodec<AudioChunk> CODEC = AvroCodec.of(AudioChunk.class);

    private final Map<String, Long> anchors = new ConcurrentHashMap<>();
    private final Set<String> devices;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    StreamAnchors(String bootstrap, String audioTopic, Set<String> devices) {
        this.devices = Set.copyOf(devices);
        consumer = TopicReaders.fromBeginning(bootstrap, Map.of(), "bench-anchors", false, List.of(audioTopic));
        thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running && anchors.size() < devices.size()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    AudioChunk c = CODEC.decode(r.value());
                    String id = c.getDeviceId().toString();
                    if (c.getSequence() == 0 && devices.contains(id)) anchors.putIfAbsent(id, c.getCaptureTimeMs());
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            LOG.error("reading stream anchors from the audio topic failed: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The anchor of a device, or null while its first chunk has not been read. */
    Long anchor(String deviceId) {
        return anchors.get(deviceId);
    }

    int found() {
        return anchors.size();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread.isAlive()) {
            try {
                consumer.wakeup();
            } catch (IllegalStateException e) {
                // it closed itself meanwhile (all anchors found)
            }
        }
        thread.join(5_000);
    }
}
