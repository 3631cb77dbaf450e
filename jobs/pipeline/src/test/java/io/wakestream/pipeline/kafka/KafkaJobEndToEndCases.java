package io.wakestream.pipeline.kafka;

import static io.wakestream.pipeline.Signals.concat;
import static io.wakestream.pipeline.Signals.utterance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.pipeline.CommandSegment;
import io.wakestream.pipeline.LoudModel;
import io.wakestream.pipeline.PipelineConfig;
import io.wakestream.pipeline.Signals;
import io.wakestream.pipeline.job.DeadLetterCause;
import io.wakestream.pipeline.job.TranscriptionStage;
import io.wakestream.pipeline.types.PipelineTypes;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.AvroCodec;
import io.wakestream.schemas.DeadLetter;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.WakeEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job end to end: a real Kafka broker (the subclasses say which), the job in a Flink MiniCluster with checkpointing and
 * exactly-once sinks, a real (tiny) ONNX wake-word model, good audio of two devices interleaved with every kind of
 * bad record, and one injected task failure so the job restarts mid-way. The outputs are read back with
 * read_committed.
 */
abstract class KafkaJobEndToEndCases {
    /** Where the broker under test is. */
    abstract String bootstrapServers();

    /** Creates topics with these partition counts on the broker under test. */
    abstract void createTopics(Map<String, Integer> partitionsByTopic);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** Static: the MiniCluster runs the job in this JVM, and the flag must survive the job's restart. */
    private static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();

    private static final Topics TOPICS = new Topics("audio-in", "wake-out", "transcripts-out", "dead-out");
    private static final int CHUNK = 1600; // 100 ms
    /** utterance(800, 1000): 1 s silence, 500 ms loud, 300 ms pause, 800 ms speech, 1 s silence. */
    private static final int UTTERANCE_MS = 1000 + 500 + 300 + 800 + 1000;
    private static final Map<String, Integer> UTTERANCES = Map.of("kitchen", 2, "hall", 3);

    private static final AvroCodec<AudioChunk> CHUNKS = AvroCodec.of(AudioChunk.class);

    /** A record we send that must come back as a dead letter. */
    private record Bad(String key, byte[] value, DeadLetterCause cause, String device) {}

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void wakeEventsTranscriptsAndDeadLettersArriveExactlyOnceAcrossARestart() throws Exception {
        createTopics(Map.of(TOPICS.audio(), 2, TOPICS.wakeEvents(), 1, TOPICS.transcripts(), 1,
                TOPICS.deadLetters(), 1));

        // Both devices' chunks interleaved, with a bad record after every 15th good one.
        Map<String, List<AudioChunk>> good = new HashMap<>();
        for (var device : UTTERANCES.entrySet()) {
            short[][] parts = new short[device.getValue()][];
            Arrays.fill(parts, utterance(800, 1000));
            good.put(device.getKey(), Signals.chunks(device.getKey(), device.getKey() + "-stream", concat(parts), CHUNK,
                    1_700_000_000_000L));
        }
        List<Bad> bad = badRecords();
        Map<Bad, Future<RecordMetadata>> sentBad = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            List<AudioChunk> kitchen = good.get("kitchen"), hall = good.get("hall");
            int sent = 0, nextBad = 0;
            for (int i = 0; i < Math.max(kitchen.size(), hall.size()); i++) {
                for (List<AudioChunk> device : List.of(kitchen, hall)) {
                    if (i >= device.size()) continue;
                    AudioChunk c = device.get(i);
                    producer.send(new ProducerRecord<>(TOPICS.audio(), bytes(c.getDeviceId()), CHUNKS.encode(c)));
                    if (++sent % 15 == 0 && nextBad < bad.size()) {
                        Bad b = bad.get(nextBad++);
                        sentBad.put(b, producer.send(new ProducerRecord<>(TOPICS.audio(), bytes(b.key()), b.value())));
                    }
                }
            }
            while (nextBad < bad.size()) {
                Bad b = bad.get(nextBad++);
                sentBad.put(b, producer.send(new ProducerRecord<>(TOPICS.audio(), bytes(b.key()), b.value())));
            }
            producer.flush();
        }

        KafkaJobOptions options = KafkaJobOptions.defaults(bootstrapServers(), LoudModel.folder().toString())
                .withTopics(TOPICS)
                .withGroup("it-group", "it-" + UUID.randomUUID())
                .withStart(StartingOffsets.EARLIEST, true)
                .withCheckpointing(300)
                .withParallelism(2);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        conf.set(PipelineOptions.GENERIC_TYPES, false); // any Kryo fallback fails the job at submission
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        WakestreamKafkaJob.build(env, options, PipelineConfig.defaults(options.modelDir()), failOnceThenEmptyTranscripts());
        env.execute("wakestream-kafka-test");
        assertTrue(FAILED_ONCE.get(), "the injected failure happened, so the job finished after a restart");

        // Wake events: exactly one per utterance per device, each inside its loud tone, no duplicates.
        List<ConsumerRecord<byte[], byte[]>> wakeRecords = readCommitted(TOPICS.wakeEvents());
        AvroCodec<WakeEvent> wakeCodec = AvroCodec.of(WakeEvent.class);
        List<WakeEvent> wakes = new ArrayList<>();
        for (var r : wakeRecords) {
            WakeEvent w = wakeCodec.decode(r.value());
            assertEquals(w.getDeviceId(), new String(r.key(), StandardCharsets.UTF_8), "key is the device id");
            wakes.add(w);
        }
        Set<String> ids = wakes.stream().map(WakeEvent::getEventId).collect(Collectors.toSet());
        assertEquals(wakes.size(), ids.size(), "no wake event twice: " + wakes);
        for (var device : UTTERANCES.entrySet()) {
            List<WakeEvent> mine = wakes.stream().filter(w -> w.getDeviceId().equals(device.getKey()))
                    .sorted(Comparator.comparingLong(WakeEvent::getAudioStartMs)).toList();
            assertEquals(device.getValue(), mine.size(), device.getKey() + ": " + mine);
            for (int k = 0; k < mine.size(); k++) {
                long start = mine.get(k).getAudioStartMs() - (long) k * UTTERANCE_MS;
                assertTrue(start >= 900 && start <= 1200, device.getKey() + " event " + k + " starts at " + start
                        + " ms into its utterance; the loud tone is at 1000-1500 ms");
                assertEquals(device.getKey() + "-stream", mine.get(k).getStreamId());
                assertEquals("loud", mine.get(k).getModelName());
            }
        }

        // Transcripts: the hook's output, one per command segment, each following a committed wake event.
        List<ConsumerRecord<byte[], byte[]>> transcriptRecords = readCommitted(TOPICS.transcripts());
        AvroCodec<TranscriptEvent> transcriptCodec = AvroCodec.of(TranscriptEvent.class);
        Set<String> followed = new HashSet<>();
        for (var r : transcriptRecords) {
            TranscriptEvent t = transcriptCodec.decode(r.value());
            assertEquals(t.getDeviceId(), new String(r.key(), StandardCharsets.UTF_8));
            assertTrue(ids.contains(t.getWakeEventId()), "transcript follows a wake event: " + t);
            assertTrue(followed.add(t.getWakeEventId()), "one transcript per wake event: " + t);
        }
        assertEquals(wakes.size(), transcriptRecords.size(), "every utterance's command reached the hook once");

        // Dead letters: every bad record once, with its coordinates, key, original bytes, device and reason.
        List<ConsumerRecord<byte[], byte[]>> deadRecords = readCommitted(TOPICS.deadLetters());
        AvroCodec<DeadLetter> deadCodec = AvroCodec.of(DeadLetter.class);
        Map<String, DeadLetter> byCoordinates = new HashMap<>();
        for (var r : deadRecords) {
            DeadLetter d = deadCodec.decode(r.value());
            assertEquals(TOPICS.audio(), d.getTopic());
            DeadLetter earlier = byCoordinates.put(d.getPartition() + "@" + d.getOffset(), d);
            assertEquals(null, earlier, "a dead letter twice: " + d);
        }
        assertEquals(bad.size(), deadRecords.size(), "one dead letter per bad record: " + byCoordinates.values());
        for (Bad b : bad) {
            RecordMetadata at = sentBad.get(b).get();
            DeadLetter d = byCoordinates.get(at.partition() + "@" + at.offset());
            assertNotNull(d, "no dead letter for " + b.cause() + " at " + at);
            assertEquals(b.cause(), DeadLetterCause.of(d.getReason()), d.getReason());
            assertArrayEquals(b.value() == null ? new byte[0] : b.value(), array(d.getOriginalBytes()), b.cause().name());
            assertArrayEquals(bytes(b.key()), d.getKey() == null ? null : array(d.getKey()), b.cause().name());
            assertEquals(b.device(), d.getDeviceId(), b.cause().name());
        }
    }

    /** One of each kind of bad record, most of them keyed to the devices whose audio must still get through. */
    private static List<Bad> badRecords() {
        AudioChunk template = Signals.chunk("kitchen", "kitchen-stream", 10_000, 0, 16_000, 1, new short[CHUNK]);
        byte[] whole = CHUNKS.encode(template);
        AudioChunk oddPcm = AudioChunk.newBuilder(template).setPcm(ByteBuffer.wrap(new byte[5])).build();
        AudioChunk badId = AudioChunk.newBuilder(template).setDeviceId("hall\u0000").build();
        AudioChunk emptyId = AudioChunk.newBuilder(template).setDeviceId("").build();
        AudioChunk hugeId = AudioChunk.newBuilder(template).setDeviceId("k".repeat(100_000)).build();
        AudioChunk huge = AudioChunk.newBuilder(template).setPcm(ByteBuffer.wrap(new byte[2 * 16_000 * 20])).build(); // 20 s (Kafka itself refuses records over 1 MB)
        AudioChunk badRate = AudioChunk.newBuilder(template).setSampleRate(96_000).build();
        AudioChunk negative = AudioChunk.newBuilder(template).setSequence(-1).build();
        byte[] wrongType = AvroCodec.of(WakeEvent.class).encode(WakeEvent.newBuilder().setEventId("x")
                .setDeviceId("hall").setWakePhrase("p").setModelName("m").setModelVersion("1").setScore(1f)
                .setAudioStartMs(0).setAudioEndMs(1).setDetectedAtMs(2).setStreamId("s").build());
        return List.of(
                new Bad("kitchen", null, DeadLetterCause.NULL_VALUE, "kitchen"),
                new Bad("hall", new byte[0], DeadLetterCause.EMPTY_VALUE, "hall"),
                new Bad("kitchen", "not avro at all".getBytes(StandardCharsets.UTF_8), DeadLetterCause.BAD_MAGIC, "kitchen"),
                new Bad(null, new byte[] {(byte) 0xC3, 0x01, 0x42}, DeadLetterCause.TOO_SHORT, null),
                new Bad("hall", wrongType, DeadLetterCause.UNKNOWN_FINGERPRINT, "hall"),
                new Bad("kitchen", Arrays.copyOf(whole, whole.length - 100), DeadLetterCause.MALFORMED_BODY, "kitchen"),
                new Bad("hall\u0000", CHUNKS.encode(badId), DeadLetterCause.INVALID_DEVICE_ID, null),
                new Bad(null, CHUNKS.encode(oddPcm), DeadLetterCause.INVALID_CHUNK, "kitchen"),
                new Bad("", CHUNKS.encode(emptyId), DeadLetterCause.INVALID_DEVICE_ID, null),
                new Bad(null, CHUNKS.encode(hugeId), DeadLetterCause.INVALID_DEVICE_ID, null),
                new Bad("kitchen", CHUNKS.encode(huge), DeadLetterCause.INVALID_CHUNK, "kitchen"),
                new Bad("hall", CHUNKS.encode(badRate), DeadLetterCause.INVALID_CHUNK, "hall"),
                new Bad("kitchen", CHUNKS.encode(negative), DeadLetterCause.INVALID_CHUNK, "kitchen"));
    }

    /** Stands in for speech recognition: fails the job once, then turns each segment into an empty transcript. */
    private static TranscriptionStage failOnceThenEmptyTranscripts() {
        return commands -> commands
                .map(new FailOnce(), PipelineTypes.COMMAND_SEGMENT).name("fail-once")
                .map(new EmptyTranscript(), PipelineTypes.TRANSCRIPT_EVENT).name("empty-transcript");
    }

    private static final class FailOnce implements MapFunction<CommandSegment, CommandSegment> {
        @Override
        public CommandSegment map(CommandSegment segment) {
            if (FAILED_ONCE.compareAndSet(false, true)) {
                throw new IllegalStateException("failure injected by the test at the first command segment");
            }
            return segment;
        }
    }

    private static final class EmptyTranscript implements MapFunction<CommandSegment, TranscriptEvent> {
        @Override
        public TranscriptEvent map(CommandSegment s) {
            return TranscriptEvent.newBuilder().setEventId("t-" + s.wakeEventId()).setWakeEventId(s.wakeEventId())
                    .setDeviceId(s.deviceId()).setText("").setWords(List.of()).setAudioStartMs(s.audioStartMs())
                    .setAudioEndMs(s.audioEndMs()).setStreamId(s.streamId()).build();
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Everything committed in the topic (all partitions), read without a consumer group. */
    private List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                if (System.nanoTime() > deadline) throw new AssertionError(topic + ": not read to its end in 60 s");
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] array(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
