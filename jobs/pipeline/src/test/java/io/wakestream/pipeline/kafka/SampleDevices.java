package io.wakestream.pipeline.kafka;

import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.audio.WavReader;
import io.wakestream.pipeline.DetectableLead;
import io.wakestream.pipeline.Signals;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.AvroCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Many devices speaking the repository's demo samples ({@code samples/kitchen.wav}: "Jarvis, turn on the kitchen
 * lights"; {@code samples/hallway.wav}: "Jarvis, what is the weather like tomorrow"), each after its own lead of
 * silence so that at any one moment of the feed the devices are in different phases (before the phrase, in it, in
 * the command, after it). The test feeds their 100 ms chunks to the audio topic up to a point of the devices'
 * audio timeline ({@link #feedUpTo}), round robin across devices as live agents would, keyed by device id.
 */
final class SampleDevices implements AutoCloseable {
    static final int CHUNK_SAMPLES = 1600; // 100 ms
    private static final AvroCodec<AudioChunk> CODEC = AvroCodec.of(AudioChunk.class);

    /** One device: its id, its stream and its chunks; {@code sent} chunks of them are in the topic. */
    static final class Device {
        final String id;
        final String stream;
        final String sample;
        final long leadMs;
        final List<AudioChunk> chunks;
        int sent;

        Device(String id, String stream, String sample, long leadMs, List<AudioChunk> chunks) {
            this.id = id;
            this.stream = stream;
            this.sample = sample;
            this.leadMs = leadMs;
            this.chunks = chunks;
        }

        long durationMs() {
            return chunks.size() * 100L;
        }
    }

    private final String topic;
    private final List<Device> devices;
    private final KafkaProducer<byte[], byte[]> producer;

    /**
     * {@code count} devices, alternately speaking kitchen.wav and hallway.wav, device {@code i} after
     * {@code i * leadStepMs} of extra silence and then the few ms more (under one scoring step) after which
     * {@code model} detects its "Jarvis" ({@link DetectableLead}): the tests are about the job, not about the
     * model's recall at one alignment.
     */
    SampleDevices(String bootstrapServers, String topic, Path model, int count, long leadStepMs) {
        this.topic = topic;
        PcmAudio kitchen = read("kitchen.wav"), hallway = read("hallway.wav");
        devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean k = i % 2 == 0;
            String id = (k ? "kitchen-" : "hallway-") + i;
            short[] sample = (k ? kitchen : hallway).samples();
            int base = (int) (i * leadStepMs * Signals.RATE / 1000);
            int lead = base + DetectableLead.samples(model, more -> Signals.concat(Signals.silence(base + more), sample));
            short[] audio = Signals.concat(Signals.silence(lead), sample);
            devices.add(new Device(id, id + "-stream", k ? "kitchen.wav" : "hallway.wav", lead * 1000L / Signals.RATE,
                    Signals.chunks(id, id + "-stream", audio, CHUNK_SAMPLES, 1_700_000_000_000L + i * 7_000L)));
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Not idempotent: on a topic created a moment ago the idempotent producer was seen to get
        // NOT_LEADER_OR_FOLLOWER and then OUT_OF_ORDER_SEQUENCE_NUMBER on every retry until its 2-minute delivery
        // timeout. One request in flight keeps each device's chunks in order across retries; a chunk a retry
        // writes twice is dropped by the job's reorder buffer (same sequence number).
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    /** The repository's samples folder, seen from this module (surefire runs in the module directory). */
    static Path samplesDir() {
        return Path.of("../../samples").toAbsolutePath().normalize();
    }

    private static PcmAudio read(String name) {
        try {
            PcmAudio a = WavReader.read(samplesDir().resolve(name));
            if (a.sampleRate() != Signals.RATE) throw new IllegalStateException(name + " is " + a.sampleRate() + " Hz");
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Device> devices() {
        return devices;
    }

    /** The longest device's audio, ms. */
    long durationMs() {
        return devices.stream().mapToLong(Device::durationMs).max().orElse(0);
    }

    /**
     * Sends every device's chunks that end at or before {@code ms} of its audio timeline and were not sent yet,
     * round robin across devices, and waits until the broker has them all.
     *
     * @return how many chunks were sent
     */
    int feedUpTo(long ms) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        boolean more = true;
        while (more) {
            more = false;
            for (Device d : devices) {
                if (d.sent < d.chunks.size() && (d.sent + 1) * 100L <= ms) {
                    AudioChunk c = d.chunks.get(d.sent++);
                    acks.add(producer.send(new ProducerRecord<>(topic, d.id.getBytes(StandardCharsets.UTF_8), CODEC.encode(c))));
                    more = true;
                }
            }
        }
        producer.flush();
        for (Future<RecordMetadata> a : acks) a.get();
        return acks.size();
    }

    /** Sends everything not sent yet. */
    int feedRest() throws Exception {
        return feedUpTo(Long.MAX_VALUE / 2);
    }

    @Override
    public void close() {
        producer.close();
    }
}
