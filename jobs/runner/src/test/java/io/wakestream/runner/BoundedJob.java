package io.wakestream.runner;

import io.wakestream.pipeline.PipelineConfig;
import io.wakestream.pipeline.job.TranscriptionStage;
import io.wakestream.pipeline.kafka.KafkaJobOptions;
import io.wakestream.pipeline.kafka.WakestreamJobMain;
import io.wakestream.pipeline.kafka.WakestreamKafkaJob;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.AvroCodec;
import io.wakestream.schemas.DeadLetter;
import io.wakestream.schemas.WakeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The job as {@code WakestreamJobMain} parses it from a command line, run bounded (to the audio topic's end as of
 * the start) in a mini cluster in this JVM with the real wake-word model, no speech recognition (command segments
 * dropped), and no restarts (so a failure, e.g. Kafka refusing the job, ends the run); plus readers of the topics.
 */
final class BoundedJob {
    private BoundedJob() {}

    /** Parses {@code args} with the job's own command line, adding the model, bounded, from the earliest offsets. */
    static KafkaJobOptions options(String bootstrap, String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-servers", bootstrap,
                "--model-dir", ProjectFiles.model().toString(), "--starting-offsets", "EARLIEST", "--bounded",
                "--checkpoint-interval-ms", "500", "--parallelism", "1"));
        all.addAll(List.of(args));
        return WakestreamJobMain.parse(all.toArray(String[]::new));
    }

    /** Runs the job to its end; throws what made it fail. */
    static void run(KafkaJobOptions options) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        WakestreamKafkaJob.build(env, options, PipelineConfig.defaults(options.modelDir()),
                TranscriptionStage.dropSegments());
        JobClient job = env.executeAsync("wakestream-test");
        try {
            job.getJobExecutionResult().get(4, TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException e) {
            job.cancel().get(30, TimeUnit.SECONDS);
            throw new AssertionError("the bounded job did not finish in 4 minutes", e);
        }
    }

    static List<WakeEvent> wakeEvents(String bootstrap, Map<String, String> kafka, String topic) {
        AvroCodec<WakeEvent> codec = AvroCodec.of(WakeEvent.class);
        return readAll(bootstrap, kafka, topic, codec::decode);
    }

    static List<DeadLetter> deadLetters(String bootstrap, Map<String, String> kafka, String topic) {
        AvroCodec<DeadLetter> codec = AvroCodec.of(DeadLetter.class);
        return readAll(bootstrap, kafka, topic, codec::decode);
    }

    static List<AudioChunk> audio(String bootstrap, Map<String, String> kafka, String topic) {
        AvroCodec<AudioChunk> codec = AvroCodec.of(AudioChunk.class);
        return readAll(bootstrap, kafka, topic, codec::decode);
    }

    /** Every committed record of the topic (read_committed, to the last stable offsets), partition by partition. */
    static <T> List<T> readAll(String bootstrap, Map<String, String> kafka, String topic, Function<byte[], T> decode) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put("bootstrap.servers", bootstrap);
        p.put("isolation.level", "read_committed");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) throw new AssertionError("reading " + topic + " took over 60 s");
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) out.add(decode.apply(r.value()));
            }
        }
        return out;
    }
}
