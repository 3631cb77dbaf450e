package io.wakestream.runner;

import io.wakestream.agent.AgentConfig;
import io.wakestream.agent.AgentResult;
import io.wakestream.agent.AgentRunner;
import io.wakestream.agent.AudioSource;
import io.wakestream.agent.DeviceId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak's devices, coming and going: {@code devices} of them play at any moment, each for a session of random
 * length, after which it goes silent for good and a device with a new id takes its place.
 *
 * <p>Devices are published by the capture agent's own code ({@link AgentRunner}), as in the bench. An agent's device
 * ids are fixed when it starts, so replacements cannot join a running agent: {@link #topUp} (called every
 * {@link #JOIN_EVERY_MS}) starts one new agent for all the devices that ended since the last call. So a few devices
 * may be missing for up to that long (at 200 devices with sessions of 1-5 min, about 5 devices at a time), and about
 * {@code (longest session) / JOIN_EVERY_MS} agents (Kafka producers) run at once, each until its last device ends.
 * Device ids are the agent's: {@code soak<g>-<i>}, or {@code soak<g>} for an agent with one device.
 */
final class SoakFleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SoakFleet.class);
    /** Replacements for ended devices start together, at most this long after the first of them ended. */
    static final long JOIN_EVERY_MS = 5_000;
    static final int MAX_DEVICES_PER_AGENT = 100;
    static final String THREAD_PREFIX = "soak-agent-";
    /**
     * A device's planted phrases are kept for matching this long after its audio ended, then only its counts (see
     * {@link WakeTally#retire}): the soak's own bookkeeping must not grow with every id of a long run.
     */
    static final long RETIRE_AFTER_MS = 120_000;

    /**
     * One device's session as its agent reads it: the planned audio, then the end (the device goes silent). Tells
     * the tally how much was played and the fleet when it ended.
     */
    private static final class Session implements AudioSource {
        final String deviceId;
        private final PlannedAudioSource audio;
        private final WakeTally.Device tally;
        private long samples;
        private volatile boolean ended;
        private volatile long endedAtNanos;

        Session(String deviceId, DeviceAudioPlan plan, WakeTally.Device tally) {
            this.deviceId = deviceId;
            this.audio = new PlannedAudioSource(plan, "soak audio of " + deviceId);
            this.tally = tally;
        }

        @Override
        public int read(short[] buf, int off, int len) {
            int n = audio.read(buf, off, len);
            if (n < 0) {
                end();
            } else {
                samples += n;
                tally.played(samples / BenchClips.SAMPLES_PER_MS);
            }
            return n;
        }

        @Override
        public String description() {
            return audio.description();
        }

        /** The agent closes its sources when it stops: a device cut off at the end of the soak is silent from then. */
        @Override
        public void close() {
            end();
        }

        private void end() {
            if (ended) return;
            endedAtNanos = System.nanoTime();
            ended = true;
        }
    }

    private record Agent(AgentRunner runner, Future<AgentResult> run, int devices) {}

    private final SoakSettings settings;
    private final String bootstrap;
    private final String topic;
    private final Path anyWav;
    private final BenchClips clips;
    private final WakeTally tally;
    private final List<Session> live = new ArrayList<>();
    /** Sessions that ended, oldest first, until they are retired from the tally. */
    private final java.util.ArrayDeque<Session> gone = new java.util.ArrayDeque<>();
    private final List<Agent> agents = new ArrayList<>();
    private final ExecutorService pool;
    private int nextAgent;
    private int started;
    private int ended;
    private long chunks;
    private long chunksLost;

    /** @param anyWav a WAV file, for the agent's configuration check only (the audio comes from the plans) */
    SoakFleet(SoakSettings settings, String bootstrap, String topic, Path anyWav, BenchClips clips, WakeTally tally) {
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.anyWav = anyWav;
        this.clips = clips;
        this.tally = tally;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, THREAD_PREFIX + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Drops the devices whose session ended and starts new ones in their place (all of them on the first call);
     * forgets agents that finished. Returns how many devices it started.
     */
    synchronized int topUp() throws InterruptedException {
        for (Iterator<Session> it = live.iterator(); it.hasNext(); ) {
            Session s = it.next();
            if (s.ended) {
                it.remove();
                gone.add(s);
                ended++;
            }
        }
        long now = System.nanoTime();
        while (!gone.isEmpty() && now - gone.peekFirst().endedAtNanos > RETIRE_AFTER_MS * 1_000_000) {
            tally.retire(gone.pollFirst().deviceId);
        }
        reapFinishedAgents();
        int needed = settings.devices() - live.size();
        for (int left = needed; left > 0; left -= MAX_DEVICES_PER_AGENT) startAgent(Math.min(left, MAX_DEVICES_PER_AGENT));
        return Math.max(0, needed);
    }

    private void startAgent(int devices) {
        int g = nextAgent++;
        AgentConfig config = new AgentConfig(bootstrap, topic, DeviceId.of("soak" + g), AgentConfig.Source.FILE,
                List.of(anyWav), true, false, BenchAgents.DEFAULT_CHUNK_MS, devices, 30_000, 10_000, Map.of());
        List<AudioSource> sources = new ArrayList<>();
        long shortest = Long.MAX_VALUE, longest = 0;
        for (DeviceId id : config.deviceIds()) {
            // One generator per device, from the seed and the device's number: a run is repeatable.
            SplittableRandom random = new SplittableRandom(settings.seed() * 1_000_003L + started);
            long lengthMs = settings.sessionMinMs()
                    + (long) (random.nextDouble() * (settings.sessionMaxMs() - settings.sessionMinMs() + 1));
            DeviceAudioPlan plan = DeviceAudioPlan.generate(clips, lengthMs, settings.wakeEverySeconds() * 1000L, random);
            Session s = new Session(id.value(), plan, tally.register(id.value(), plan.planted()));
            live.add(s);
            sources.add(s);
            started++;
            shortest = Math.min(shortest, lengthMs);
            longest = Math.max(longest, lengthMs);
        }
        AgentRunner runner = new AgentRunner(config);
        agents.add(new Agent(runner, pool.submit(() -> runner.run(sources)), devices));
        LOG.info("{} new device(s) {}{} join, sessions of {}-{} s", devices, config.deviceIds().get(0),
                devices > 1 ? ".." + config.deviceIds().get(devices - 1) : "", shortest / 1000, longest / 1000);
    }

    private void reapFinishedAgents() throws InterruptedException {
        for (Iterator<Agent> it = agents.iterator(); it.hasNext(); ) {
            Agent a = it.next();
            if (!a.run.isDone()) continue;
            it.remove();
            account(a);
        }
    }

    private void account(Agent a) throws InterruptedException {
        try {
            AgentResult r = a.run.get();
            chunks += r.captured();
            chunksLost += r.captured() - r.acknowledged();
            if (r.captured() != r.acknowledged()) {
                LOG.warn("an agent of {} device(s) lost {} of {} chunks", a.devices, r.captured() - r.acknowledged(), r.captured());
            }
        } catch (ExecutionException e) {
            LOG.error("an agent of {} device(s) failed: {}", a.devices, e.getCause().toString());
        }
    }

    /** Devices playing now. */
    synchronized int live() {
        int n = 0;
        for (Session s : live) if (!s.ended) n++;
        return n;
    }

    /** Distinct device ids so far. */
    synchronized int started() {
        return started;
    }

    /** Sessions that ended (the device went silent) and were replaced. */
    synchronized int ended() {
        return ended;
    }

    /** Kafka producers (agents) running. */
    synchronized int agents() {
        return agents.size();
    }

    /** Stops every agent (their devices go silent), waits for their buffered audio to be delivered; {chunks, lost}. */
    synchronized long[] stopAll() throws InterruptedException {
        for (Agent a : agents) a.runner.stop(0);
        for (Agent a : agents) {
            try {
                a.run.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("an agent did not stop cleanly: {}", e.toString());
            }
        }
        reapFinishedAgents();
        for (Session s : live) s.end();
        ended += live.size();
        live.clear();
        return new long[] {chunks, chunksLost};
    }

    @Override
    public void close() throws InterruptedException {
        for (Agent a : agents) a.runner.stop(0);
        pool.shutdownNow();
        pool.awaitTermination(15, TimeUnit.SECONDS);
    }
}
