package io.wakestream.agent;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the agent runs with, checked for consistency on construction (the CLI turns the
 * {@link IllegalArgumentException} into a usage error).
 *
 * @param bootstrap Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param topic topic to publish AudioChunk records to
 * @param deviceId this device's id; with {@code devices > 1}, the base of {@code <id>-0 .. <id>-(N-1)}
 * @param source where the audio comes from
 * @param files WAV files to play (source FILE only), in order
 * @param realtime pace files and stdin to the wall clock (true) or read as fast as possible (false)
 * @param loop play the files again from the start when they end
 * @param chunkMs audio per chunk, milliseconds
 * @param devices number of devices to simulate (source FILE only)
 * @param bufferMs most audio buffered per device while Kafka is unreachable
 * @param drainTimeoutMs on exit, how long to wait for buffered audio to be delivered
 * @param kafkaSettings operator's Kafka client settings (properties file, then --kafka-prop)
 */
public record AgentConfig(String bootstrap, String topic, DeviceId deviceId, Source source, List<Path> files,
        boolean realtime, boolean loop, int chunkMs, int devices, long bufferMs, long drainTimeoutMs,
        Map<String, String> kafkaSettings) {

    /** Where audio comes from. */
    public enum Source { MIC, FILE, STDIN }

    public static final int MIN_CHUNK_MS = 10;
    public static final int MAX_CHUNK_MS = 5000;
    public static final int MAX_DEVICES = 10_000;

    public AgentConfig {
        files = List.copyOf(files);
        kafkaSettings = Map.copyOf(kafkaSettings);
        if (topic == null || topic.isBlank()) throw new IllegalArgumentException("--topic must not be empty");
        if (chunkMs < MIN_CHUNK_MS || chunkMs > MAX_CHUNK_MS) {
            throw new IllegalArgumentException("--chunk-ms must be " + MIN_CHUNK_MS + " to " + MAX_CHUNK_MS
                    + ", was " + chunkMs);
        }
        if (bufferMs < chunkMs) {
            throw new IllegalArgumentException("--buffer-ms (" + bufferMs + ") must hold at least one chunk (--chunk-ms "
                    + chunkMs + ")");
        }
        if (drainTimeoutMs < 0) throw new IllegalArgumentException("--drain-timeout-ms must be >= 0");
        if (devices < 1 || devices > MAX_DEVICES) {
            throw new IllegalArgumentException("--devices must be 1 to " + MAX_DEVICES + ", was " + devices);
        }
        switch (source) {
            case FILE:
                if (files.isEmpty()) throw new IllegalArgumentException("--source file needs at least one --file");
                break;
            case MIC:
            case STDIN:
                String name = source.name().toLowerCase(java.util.Locale.ROOT);
                if (!files.isEmpty()) throw new IllegalArgumentException("--file is only for --source file, not " + name);
                if (devices != 1) throw new IllegalArgumentException("--devices simulates devices from files;"
                        + " it cannot be used with --source " + name);
                if (loop) throw new IllegalArgumentException("--loop is only for --source file");
                if (source == Source.MIC && !realtime) {
                    throw new IllegalArgumentException("--fast cannot be used with --source mic: a microphone"
                            + " delivers audio in real time");
                }
                break;
            default:
                throw new AssertionError(source);
        }
        if (devices > 1) deviceId.simulated(devices - 1); // the longest derived id must be valid too
    }

    /** The ids of the devices this agent publishes for. */
    public List<DeviceId> deviceIds() {
        if (devices == 1) return List.of(deviceId);
        DeviceId[] ids = new DeviceId[devices];
        for (int i = 0; i < devices; i++) ids[i] = deviceId.simulated(i);
        return List.of(ids);
    }

    /** Never the Kafka secrets. */
    @Override
    public String toString() {
        return "AgentConfig[bootstrap=" + bootstrap + ", topic=" + topic + ", deviceId=" + deviceId + ", source="
                + source + ", files=" + files + ", realtime=" + realtime + ", loop=" + loop + ", chunkMs=" + chunkMs
                + ", devices=" + devices + ", bufferMs=" + bufferMs + ", drainTimeoutMs=" + drainTimeoutMs
                + ", kafkaSettings={" + SecretMasking.describe(kafkaSettings) + "}]";
    }
}
