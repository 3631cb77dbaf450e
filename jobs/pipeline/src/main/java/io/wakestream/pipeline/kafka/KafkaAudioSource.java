package io.wakestream.pipeline.kafka;

import io.wakestream.pipeline.SourceRecord;
import java.util.Map;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/** The Kafka source of the audio topic. */
public final class KafkaAudioSource {
    /**
     * Consumer defaults the client properties can override. read_committed: a replay tool may write audio
     * transactionally, and its aborted attempts must not be heard.
     */
    static final Map<String, String> CONSUMER_DEFAULTS = Map.of("isolation.level", "read_committed");

    private KafkaAudioSource() {}

    /**
     * @param groupId consumer group; offsets are committed to it on each completed checkpoint (for monitoring and
     *     for {@link StartingOffsets#COMMITTED_OR_EARLIEST}; recovery uses the checkpointed offsets)
     * @param bounded stop at the offsets that are the latest when the job starts (replays and tests), instead of
     *     reading forever
     * @param maxChunkMs the wake-word operator's {@code PipelineConfig.maxChunkMs()}: longer chunks become dead
     *     letters here
     */
    public static KafkaSource<SourceRecord> create(KafkaConnection kafka, String topic, String groupId,
            StartingOffsets start, boolean bounded, int maxChunkMs) {
        var builder = KafkaSource.<SourceRecord>builder()
                .setProperties(kafka.properties(CONSUMER_DEFAULTS))
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId(groupId)
                .setClientIdPrefix(groupId + "-audio")
                .setStartingOffsets(start.initializer())
                .setDeserializer(new AudioRecordDeserializer(maxChunkMs));
        if (bounded) builder.setBounded(OffsetsInitializer.latest());
        return builder.build();
    }
}
