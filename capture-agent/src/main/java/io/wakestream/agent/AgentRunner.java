package io.wakestream.agent;

import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.AvroCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent: opens the sources, starts the Kafka sender and the status log, captures until the sources end
 * (or {@link #stop()}), then gives the buffered audio up to the drain timeout to be delivered and closes
 * everything. One run per instance.
 */
public final class AgentRunner {
    private static final Logger log = LoggerFactory.getLogger(AgentRunner.class);
    /** Audio each device may have handed to the producer and not yet had acknowledged (see ChunkPublisher). */
    static final long IN_FLIGHT_WINDOW_MS = 2000;
    /**
     * No acknowledgement for this long, with chunks waiting, means the broker is unreachable (normally acks take
     * milliseconds); a small buffer shortens it so the outage is reported before the drops it causes.
     */
    static final long STALL_MS = 5000;
    static final int STATUS_PERIOD_S = 10;
    private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final AgentConfig config;
    private final LongSupplier clockMs;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile CaptureLoop loop;
    private volatile Thread captureThread;
    private volatile boolean stopRequested;

    public AgentRunner(AgentConfig config) {
        this(config, System::currentTimeMillis);
    }

    AgentRunner(AgentConfig config, LongSupplier clockMs) {
        this.config = config;
        this.clockMs = clockMs;
    }

    /** Opens the configured sources (files are checked first) and runs. */
    public AgentResult run() throws IOException, InterruptedException {
        return run(openSources(config, config.deviceIds().size()));
    }

    /** Runs with the given sources, one per device id of the configuration (closed at the end). */
    public AgentResult run(List<AudioSource> sources) throws InterruptedException {
        try {
            return runWith(sources);
        } finally {
            for (AudioSource s : sources) {
                try {
                    s.close();
                } catch (IOException e) {
                    log.debug("closing {}: {}", s.description(), e.toString());
                }
            }
            finished.countDown();
        }
    }

    /**
     * Asks a running agent to stop capturing and deliver what it has (bounded by the drain timeout); for a
     * shutdown hook. Returns once the run has finished, or after {@code waitMs}.
     */
    public void stop(long waitMs) throws InterruptedException {
        stopRequested = true;
        CaptureLoop l = loop;
        if (l != null) l.stop();
        Thread t = captureThread;
        if (t != null) t.interrupt(); // ends a pacing sleep or a put() waiting for room
        finished.await(waitMs, TimeUnit.MILLISECONDS);
    }

    static List<AudioSource> openSources(AgentConfig config, int devices) throws IOException {
        List<AudioSource> out = new ArrayList<>();
        switch (config.source()) {
            case MIC:
                out.add(MicrophoneSource.open());
                break;
            case STDIN:
                out.add(new RawPcmSource(System.in, "stdin"));
                break;
            case FILE:
                PlaylistSource.check(config.files());
                // Device i starts at file i, so simulated devices are not all saying the same thing at once.
                for (int i = 0; i < devices; i++) out.add(new PlaylistSource(config.files(), i, config.loop()));
                break;
            default:
                throw new AssertionError(config.source());
        }
        return out;
    }

    private AgentResult runWith(List<AudioSource> sources) throws InterruptedException {
        List<DeviceId> ids = config.deviceIds();
        if (sources.size() != ids.size()) {
            throw new IllegalArgumentException(ids.size() + " devices but " + sources.size() + " sources");
        }
        ProducerSettings settings = ProducerSettings.build(config.bootstrap(),
                "wakestream-agent-" + config.deviceId(), config.kafkaSettings());
        log.info("Kafka producer settings: {}", settings.describe());

        // Created first: it takes a moment (a second on a small device), which must not count as audio time.
        Producer<byte[], byte[]> producer = new KafkaProducer<>(settings.toProperties());
        try {
            return publish(producer, createDevices(ids, sources));
        } finally {
            producer.close(PRODUCER_CLOSE_TIMEOUT); // no-op if publish() closed it already
        }
    }

    private List<DeviceStream> createDevices(List<DeviceId> ids, List<AudioSource> sources) {
        // Paced sources share one timeline origin, so simulated devices stay in step.
        LongSupplier origin = Chunker.sharedOrigin(clockMs);
        List<DeviceStream> devices = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            AudioSource s = sources.get(i);
            String streamId = UUID.randomUUID().toString();
            Chunker chunker = s.live() ? Chunker.live(s, ids.get(i), streamId, config.chunkMs(), clockMs)
                    : Chunker.paced(s, ids.get(i), streamId, config.chunkMs(), origin);
            devices.add(new DeviceStream(ids.get(i), s, chunker, new ChunkBuffer(config.bufferMs())));
            if (i < 3) log.info("device {}: stream {} from {}", ids.get(i), chunker.streamId(), s.description());
        }
        if (ids.size() > 3) {
            log.info("... and {} more simulated devices, up to {}", ids.size() - 3, ids.get(ids.size() - 1));
        }
        log.info("publishing {} ms chunks of 16 kHz mono audio to topic {} at {} ({}, buffer {} ms per device)",
                config.chunkMs(), config.topic(), config.bootstrap(),
                config.realtime() ? "real time" : "as fast as possible", config.bufferMs());
        return devices;
    }

    /** Captures and sends until the sources end or a stop, drains, closes the producer, and sums up. */
    private AgentResult publish(Producer<byte[], byte[]> producer, List<DeviceStream> devices)
            throws InterruptedException {
        AvroCodec<AudioChunk> codec = warmedUpCodec();
        long stallMs = Math.max(1000, Math.min(STALL_MS, config.bufferMs() / 2));
        ConnectionMonitor monitor = new ConnectionMonitor(config.bootstrap(), config.topic(), config.bufferMs(),
                stallMs, clockMs);
        StatusReporter status = new StatusReporter(devices, monitor, STATUS_PERIOD_S);
        int maxInFlight = (int) Math.max(2, IN_FLIGHT_WINDOW_MS / config.chunkMs());
        ChunkPublisher publisher = new ChunkPublisher(producer, config.topic(), devices, maxInFlight, monitor,
                clockMs);
        // Kafka refusing the agent (bad credentials, no ACL) is final: stop capturing, so that even a microphone,
        // which never ends by itself, lets the agent exit with the error instead of capturing for nothing.
        publisher.onFatal(() -> {
            CaptureLoop l = loop;
            if (l != null) l.stop();
            Thread t = captureThread;
            if (t != null) t.interrupt();
        });
        Thread sender = daemon(publisher, "kafka-sender");
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "status"));
        Exception fatal = null;
        try {
            sender.start();
            ticker.scheduleAtFixedRate(status::tick, 1, 1, TimeUnit.SECONDS);
            loop = new CaptureLoop(devices, codec, config.realtime(), CaptureLoop.wallClock(clockMs),
                    publisher::wakeUp);
            captureThread = Thread.currentThread();
            try {
                if (!stopRequested && publisher.fatalError() == null) loop.run();
            } catch (InterruptedException e) {
                log.info(publisher.fatalError() != null ? "stopping capture: Kafka refused the agent"
                        : "stopping capture");
            } catch (IOException | RuntimeException e) {
                fatal = e;
                log.error("capture failed: {}", e.toString());
            } finally {
                captureThread = null;
                Thread.interrupted(); // the stop's interrupt must not cut the drain short
            }
            for (DeviceStream d : devices) d.captureDone = true;
            publisher.wakeUp();

            drain(devices, publisher);
        } finally {
            publisher.stop();
            sender.join(PRODUCER_CLOSE_TIMEOUT.toMillis());
            ticker.shutdownNow();
            // Bounded: chunks the producer still holds (broker unreachable) are abandoned, counted as undelivered.
            producer.close(PRODUCER_CLOSE_TIMEOUT);
        }
        if (fatal == null) fatal = publisher.fatalError();
        status.reportDrops();
        return summarize(devices, fatal);
    }

    /**
     * The first encode loads and initialises most of Avro, which takes a noticeable part of a second on a small
     * device; done here, before the first chunk is captured, it cannot make that chunk late.
     */
    private static AvroCodec<AudioChunk> warmedUpCodec() {
        AvroCodec<AudioChunk> codec = AvroCodec.of(AudioChunk.class);
        AudioChunk probe = AudioChunk.newBuilder().setDeviceId("warm-up").setStreamId("warm-up").setSequence(0)
                .setCaptureTimeMs(0).setSampleRate(AudioSource.SAMPLE_RATE).setChannels(1)
                .setPcm(java.nio.ByteBuffer.allocate(2)).build();
        codec.decode(codec.encode(probe));
        return codec;
    }

    private void drain(List<DeviceStream> devices, ChunkPublisher publisher) throws InterruptedException {
        long deadline = clockMs.getAsLong() + config.drainTimeoutMs();
        boolean announced = false;
        while (publisher.fatalError() == null) {
            boolean done = true;
            long bufferedMs = 0;
            for (DeviceStream d : devices) {
                done &= d.delivered();
                bufferedMs += d.buffer.bufferedMs();
            }
            if (done) return;
            if (clockMs.getAsLong() >= deadline) {
                log.warn("gave up waiting for Kafka after {} ms; undelivered audio is lost", config.drainTimeoutMs());
                return;
            }
            if (!announced) {
                log.info("waiting up to {} ms for {} ms of buffered audio to be delivered", config.drainTimeoutMs(),
                        bufferedMs);
                announced = true;
            }
            Thread.sleep(20);
        }
    }

    private static AgentResult summarize(List<DeviceStream> devices, Exception fatal) {
        long captured = 0, capturedMicros = 0, acked = 0, failed = 0, undelivered = 0;
        Drops dropped = Drops.NONE;
        for (DeviceStream d : devices) {
            captured += d.captured.get();
            capturedMicros += d.capturedMicros.get();
            acked += d.acked.get();
            failed += d.failed.get();
            undelivered += d.undelivered();
            dropped = dropped.plus(d.buffer.totalDrops());
        }
        AgentResult r = new AgentResult(captured, capturedMicros / 1000, acked, dropped, failed, undelivered, fatal);
        log.info("done: captured {} chunks ({} s of audio), {} acknowledged by Kafka, {} dropped (buffer full),"
                        + " {} refused, {} undelivered", captured, String.format("%.1f", capturedMicros / 1e6), acked,
                dropped.chunks(), failed, undelivered);
        return r;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
