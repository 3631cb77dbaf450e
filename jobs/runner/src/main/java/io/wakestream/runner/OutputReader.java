package io.wakestream.runner;

import io.wakestream.schemas.AvroCodec;
import io.wakestream.schemas.PartialTranscript;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.WakeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the wake-events and transcripts topics from the beginning, as a downstream service would: with
 * {@code isolation.level=read_committed}, so only what the exactly-once sinks committed is seen. Runs on its own
 * thread and hands each decoded event to a listener; a record that cannot be decoded is logged and skipped.
 */
public final class OutputReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputReader.class);
    private static final AvroCodec<WakeEvent> WAKE = AvroCodec.of(WakeEvent.class);
    private static final AvroCodec<TranscriptEvent> TRANSCRIPT = AvroCodec.of(TranscriptEvent.class);
    private static final AvroCodec<PartialTranscript> PARTIAL = AvroCodec.of(PartialTranscript.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String wakeTopic;
    private final String partialTopic;
    private final Thread thread;
    private volatile boolean running = true;

    public OutputReader(String bootstrap, Map<String, String> kafkaSettings, String wakeTopic, String transcriptTopic,
            Consumer<PipelineOutput> listener) {
        this(bootstrap, kafkaSettings, wakeTopic, transcriptTopic, null, listener);
    }

    /** The same, with the partial transcripts of {@code partialTopic} too unless it is null. */
    public OutputReader(String bootstrap, Map<String, String> kafkaSettings, String wakeTopic, String transcriptTopic,
            String partialTopic, Consumer<PipelineOutput> listener) {
        this.consumer = TopicReaders.fromBeginning(bootstrap, kafkaSettings, null, true, topics(wakeTopic, transcriptTopic, partialTopic));
        this.wakeTopic = wakeTopic;
        this.partialTopic = partialTopic;
        this.thread = new Thread(() -> run(listener), "output-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Consumer<PipelineOutput> listener) {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    PipelineOutput out = decode(r, wakeTopic, partialTopic);
                    if (out != null) listener.accept(out);
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            LOG.error("reading the output topics failed: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /**
     * Everything committed so far in both topics, read to the end (the last stable offset of each partition).
     * For a job that has finished: all its transactions are committed by then.
     */
    public static List<PipelineOutput> readAll(String bootstrap, Map<String, String> kafkaSettings, String wakeTopic,
            String transcriptTopic) {
        return readAll(bootstrap, kafkaSettings, wakeTopic, transcriptTopic, null);
    }

    /** The same, with the partial transcripts of {@code partialTopic} too unless it is null. */
    public static List<PipelineOutput> readAll(String bootstrap, Map<String, String> kafkaSettings, String wakeTopic,
            String transcriptTopic, String partialTopic) {
        List<PipelineOutput> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = TopicReaders.fromBeginning(bootstrap, kafkaSettings, null, true,
                topics(wakeTopic, transcriptTopic, partialTopic))) {
            List<TopicPartition> parts = new ArrayList<>(c.assignment());
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("reading the output topics took over 60 s");
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    PipelineOutput o = decode(r, wakeTopic, partialTopic);
                    if (o != null) out.add(o);
                }
            }
        }
        return out;
    }

    private static List<String> topics(String wakeTopic, String transcriptTopic, String partialTopic) {
        return partialTopic == null ? List.of(wakeTopic, transcriptTopic) : List.of(wakeTopic, transcriptTopic, partialTopic);
    }

    /** The decoded event, or null (logged) when the record cannot be decoded. */
    private static PipelineOutput decode(ConsumerRecord<byte[], byte[]> r, String wakeTopic, String partialTopic) {
        try {
            if (r.topic().equals(wakeTopic)) return new PipelineOutput.Wake(WAKE.decode(r.value()));
            if (r.topic().equals(partialTopic)) return new PipelineOutput.Partial(PARTIAL.decode(r.value()));
            return new PipelineOutput.Transcript(TRANSCRIPT.decode(r.value()));
        } catch (RuntimeException e) {
            LOG.warn("{}-{} offset {}: cannot decode ({}); skipped", r.topic(), r.partition(), r.offset(), e.getMessage());
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
