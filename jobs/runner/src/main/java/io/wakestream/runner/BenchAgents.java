package io.wakestream.runner;

import io.wakestream.agent.AgentConfig;
import io.wakestream.agent.AgentResult;
import io.wakestream.agent.AgentRunner;
import io.wakestream.agent.AudioSource;
import io.wakestream.agent.DeviceId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated devices of a bench run, published by the capture agent's own code ({@link AgentRunner}) in real time
 * (or, for a backlog run, as fast as Kafka takes them).
 *
 * <p>Devices are grouped {@value #DEVICES_PER_AGENT} to an agent (one Kafka producer each, like a gateway), and the
 * agents start spread over one chunk duration, so their chunks do not all reach Kafka at the same instant. Device
 * ids are the agent's: {@code bench<g>-<i>} (or {@code bench<g>} for an agent with one device).
 */
final class BenchAgents implements AutoCloseable {
    static final int DEVICES_PER_AGENT = 100;
    /** The capture agent's default chunk. */
    static final int DEFAULT_CHUNK_MS = 100;
    /** Thread names of the agents' capture loops (the agent names its own sender and status threads). */
    static final String THREAD_PREFIX = "bench-agent-";

    /** A device to simulate. */
    record Device(String id, DeviceAudioPlan plan) {}

    private final List<AgentConfig> configs;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final List<Future<AgentResult>> runs = new ArrayList<>();
    private ExecutorService pool;

    private BenchAgents(List<AgentConfig> configs) {
        this.configs = configs;
    }

    /**
     * The agents for {@code devices} devices (not started).
     *
     * @param anyWav a WAV file, for the agent's configuration check only (the audio comes from the plans)
     * @param realtime play in real time (else as fast as Kafka takes the chunks)
     */
    static BenchAgents plan(String bootstrap, String topic, int devices, int chunkMs, Path anyWav, boolean realtime) {
        List<AgentConfig> configs = new ArrayList<>();
        for (int g = 0, left = devices; left > 0; g++, left -= DEVICES_PER_AGENT) {
            configs.add(new AgentConfig(bootstrap, topic, DeviceId.of("bench" + g), AgentConfig.Source.FILE,
                    List.of(anyWav), realtime, false, chunkMs, Math.min(DEVICES_PER_AGENT, left), 30_000, 10_000, Map.of()));
        }
        return new BenchAgents(configs);
    }

    /** The device ids, in order: the plans given to {@link #start} must follow it. */
    List<String> deviceIds() {
        List<String> ids = new ArrayList<>();
        for (AgentConfig c : configs) c.deviceIds().forEach(d -> ids.add(d.value()));
        return ids;
    }

    /** Starts every agent, each on its own thread; returns at once. */
    void start(List<Device> devices) {
        if (devices.size() != deviceIds().size()) throw new IllegalArgumentException(devices.size() + " plans for " + deviceIds().size() + " devices");
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(configs.size(), r -> {
            Thread t = new Thread(r, THREAD_PREFIX + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        int next = 0;
        for (int g = 0; g < configs.size(); g++) {
            AgentConfig config = configs.get(g);
            List<AudioSource> sources = new ArrayList<>();
            for (int i = 0; i < config.devices(); i++) {
                Device d = devices.get(next++);
                sources.add(new PlannedAudioSource(d.plan(), "bench audio of " + d.id()));
            }
            AgentRunner runner = new AgentRunner(config);
            runners.add(runner);
            long delayMs = (long) g * config.chunkMs() / configs.size();
            runs.add(pool.submit(() -> {
                Thread.sleep(delayMs);
                return runner.run(sources);
            }));
        }
    }

    boolean done() {
        return runs.stream().allMatch(Future::isDone);
    }

    /** Waits for every agent; the results, in agent order. */
    List<AgentResult> await() throws InterruptedException, ExecutionException {
        List<AgentResult> out = new ArrayList<>();
        for (Future<AgentResult> f : runs) out.add(f.get());
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        for (AgentRunner r : runners) r.stop(0);
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(15, TimeUnit.SECONDS);
        }
    }
}
