package io.wakestream.pipeline.kafka;

import io.wakestream.schemas.AvroCodec;
import io.wakestream.schemas.DeadLetter;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.WakeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a downstream consumer sees of the job's output topics: every record of a topic, read from the beginning to
 * its current end without a consumer group, with {@code isolation.level=read_committed} (or read_uncommitted, to see
 * what aborted attempts wrote), decoded; and how far the job's source has committed its offsets.
 */
final class CommittedOutput {
    /** A wake event as compared between runs: everything but the processing time it was detected at. */
    record Wake(String device, String stream, String eventId, long audioStartMs, long audioEndMs) {
        static Wake of(WakeEvent e) {
            return new Wake(e.getDeviceId().toString(), e.getStreamId().toString(), e.getEventId().toString(),
                    e.getAudioStartMs(), e.getAudioEndMs());
        }
    }

    /** A transcript as compared between runs. */
    record Transcript(String device, String wakeEventId, String eventId, long audioStartMs, long audioEndMs, String text) {
        static Transcript of(TranscriptEvent e) {
            return new Transcript(e.getDeviceId().toString(), e.getWakeEventId().toString(), e.getEventId().toString(),
                    e.getAudioStartMs(), e.getAudioEndMs(), e.getText().toString());
        }
    }

    /** Both topics as read at one moment, sorted by device then time. */
    record Snapshot(List<Wake> wakes, List<Transcript> transcripts) {
        Set<String> devicesWithWake() {
            Set<String> s = new HashSet<>();
            wakes.forEach(w -> s.add(w.device()));
            return s;
        }

        Set<String> devicesWithTranscript() {
            Set<String> s = new HashSet<>();
            transcripts.forEach(t -> s.add(t.device()));
            return s;
        }
    }

    private static final AvroCodec<WakeEvent> WAKES = AvroCodec.of(WakeEvent.class);
    private static final AvroCodec<TranscriptEvent> TRANSCRIPTS = AvroCodec.of(TranscriptEvent.class);
    private static final AvroCodec<DeadLetter> DEAD_LETTERS = AvroCodec.of(DeadLetter.class);

    private final String bootstrapServers;
    private final Topics topics;

    CommittedOutput(String bootstrapServers, Topics topics) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
    }

    /** Wake events and transcripts a read_committed consumer sees now. */
    Snapshot read() {
        return read(true);
    }

    Snapshot read(boolean committedOnly) {
        List<Wake> wakes = new ArrayList<>();
        for (var r : records(topics.wakeEvents(), committedOnly)) {
            WakeEvent e = WAKES.decode(r.value());
            check(r, e.getDeviceId().toString());
            wakes.add(Wake.of(e));
        }
        List<Transcript> texts = new ArrayList<>();
        for (var r : records(topics.transcripts(), committedOnly)) {
            TranscriptEvent e = TRANSCRIPTS.decode(r.value());
            check(r, e.getDeviceId().toString());
            texts.add(Transcript.of(e));
        }
        wakes.sort(Comparator.comparing(Wake::device).thenComparingLong(Wake::audioStartMs));
        texts.sort(Comparator.comparing(Transcript::device).thenComparingLong(Transcript::audioStartMs));
        return new Snapshot(wakes, texts);
    }

    /** The dead letters a read_committed consumer sees now, in the order of the topic. */
    List<DeadLetter> deadLetters() {
        List<DeadLetter> out = new ArrayList<>();
        for (var r : records(topics.deadLetters(), true)) out.add(DEAD_LETTERS.decode(r.value()));
        return out;
    }

    private static void check(ConsumerRecord<byte[], byte[]> r, String device) {
        String key = new String(r.key(), StandardCharsets.UTF_8);
        if (!key.equals(device)) throw new AssertionError("record key " + key + " is not its device " + device);
    }

    private List<ConsumerRecord<byte[], byte[]>> records(String topic, boolean committedOnly) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // For read_committed the end offsets are the last stable offsets: up to the first open transaction.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                if (System.nanoTime() > deadline) throw new AssertionError(topic + ": not read to its end in 60 s");
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /**
     * True when the consumer group has committed, for every partition of the audio topic, its end offset: the job's
     * source commits offsets when a checkpoint completes, so every record in the topic is covered by a completed
     * checkpoint.
     */
    boolean sourceCommittedEverything(String groupId) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            var partitions = admin.describeTopics(List.of(topics.audio())).allTopicNames().get()
                    .get(topics.audio()).partitions();
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            for (var info : partitions) {
                latest.put(new TopicPartition(topics.audio(), info.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get();
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                long end = e.getValue().offset();
                if (end > 0 && (c == null || c.offset() < end)) return false;
            }
            return true;
        }
    }
}
