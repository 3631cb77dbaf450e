package io.wakestream.runner;

import io.wakestream.agent.AgentConfig;
import io.wakestream.agent.AgentResult;
import io.wakestream.agent.AgentRunner;
import io.wakestream.agent.DeviceId;
import io.wakestream.engine.model.ModelLoadException;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.engine.vad.SileroVad;
import io.wakestream.kafka.local.LocalKafkaBroker;
import io.wakestream.kafka.local.LocalKafkaConfig;
import io.wakestream.pipeline.PipelineConfig;
import io.wakestream.pipeline.TranscriberConfig;
import io.wakestream.pipeline.VadConfig;
import io.wakestream.pipeline.job.VoskTranscriptionStage;
import io.wakestream.pipeline.kafka.KafkaJobOptions;
import io.wakestream.pipeline.kafka.StartingOffsets;
import io.wakestream.pipeline.kafka.Topics;
import io.wakestream.pipeline.kafka.WakestreamKafkaJob;
import io.wakestream.pipeline.transcribe.VoskModelException;
import io.wakestream.pipeline.transcribe.VoskModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on this machine, as {@code demo} and {@code replay} run it: a real Kafka broker (Kafka's own
 * KRaft server in a child JVM on 127.0.0.1), the Flink job in a mini cluster reading and writing that broker through
 * the same Kafka source and exactly-once sinks a cluster uses, and capture agents (the device agent's own code)
 * publishing WAV files. Closing it cancels the job and stops the broker.
 */
public final class LocalPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);

    /**
     * @param modelDir wake-word model folder
     * @param voskModelDir Vosk model folder
     * @param parallelism Flink parallelism
     * @param checkpointIntervalMs exactly-once sinks commit on checkpoints, so this bounds how soon output is visible
     * @param vad what ends a command segment (energy or Silero)
     * @param streamingRecognizers commands the transcription stage decodes while they are spoken (0: once ended)
     * @param partialTranscripts publish partial transcripts (needs streaming recognisers)
     * @param transcriptionParallelism subtasks of the transcription stage (0: {@code parallelism})
     */
    public record Settings(Path modelDir, Path voskModelDir, int parallelism, long checkpointIntervalMs, VadConfig vad,
            int streamingRecognizers, boolean partialTranscripts, int transcriptionParallelism) {
        public Settings {
            if (vad == null) vad = VadConfig.defaults();
            if (partialTranscripts && streamingRecognizers == 0) {
                throw new IllegalArgumentException("--partial-transcripts needs --streaming-recognizers N (commands decoded while spoken)");
            }
        }

        /** No partial transcripts. */
        public Settings(Path modelDir, Path voskModelDir, int parallelism, long checkpointIntervalMs, VadConfig vad,
                int streamingRecognizers) {
            this(modelDir, voskModelDir, parallelism, checkpointIntervalMs, vad, streamingRecognizers, false, 0);
        }

        /** The energy VAD ends commands; the default streaming recognisers. */
        public Settings(Path modelDir, Path voskModelDir, int parallelism, long checkpointIntervalMs) {
            this(modelDir, voskModelDir, parallelism, checkpointIntervalMs, VadConfig.defaults(),
                    TranscriberConfig.DEFAULT_STREAMING_RECOGNIZERS);
        }

        /** The wake-word operator's configuration: the defaults, with this VAD. */
        public PipelineConfig pipelineConfig() {
            PipelineConfig defaults = PipelineConfig.defaults(modelDir.toString());
            return defaults.withCommand(vad, defaults.maxCommandMs());
        }

        /**
         * Checks both models here, before anything starts, so a wrong path is one clear message instead of a failed
         * Flink task.
         */
        public void check() throws IOException {
            if (!Files.isDirectory(modelDir)) throw new IOException("wake-word model folder " + modelDir + " does not exist");
            try (WakeWordModel m = WakeWordModel.loadFresh(modelDir)) {
                LOG.info("Wake-word model {} v{} ('{}') from {}", m.manifest().name(), m.manifest().version(),
                        m.manifest().wakePhrase(), modelDir);
            } catch (RuntimeException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (vad.kind() == VadConfig.Kind.SILERO) {
                try {
                    SileroVad.load(Path.of(vad.sileroModel()));
                } catch (ModelLoadException e) {
                    throw new IOException("the Silero VAD (--silero-model) cannot be used: " + e.getMessage(), e);
                }
            }
            try {
                VoskModels.check(voskModelDir);
            } catch (VoskModelException e) {
                throw new IOException(e.getMessage()
                        + " (the build unpacks the Vosk model to models/vosk-model-en: run 'mvn -DskipTests install')", e);
            }
        }
    }

    private final Topics topics = Topics.defaults();
    private final LocalKafkaBroker broker;
    private JobClient job;

    private LocalPipeline(LocalKafkaBroker broker) {
        this.broker = broker;
    }

    /** Starts a broker with the pipeline's topics; {@code audioPartitions} partitions for the audio topic. */
    public static LocalPipeline start(int audioPartitions) {
        long t0 = System.nanoTime();
        LocalKafkaBroker broker = new LocalKafkaBroker(LocalKafkaConfig.builder()
                // The exactly-once sinks keep a transaction open per checkpoint; let them.
                .serverProperty("transaction.max.timeout.ms", "900000")
                .build()).start();
        LocalPipeline p = new LocalPipeline(broker);
        try {
            Map<String, Integer> t = new LinkedHashMap<>();
            t.put(p.topics.audio(), audioPartitions);
            t.put(p.topics.wakeEvents(), 1);
            t.put(p.topics.transcripts(), 1);
            t.put(p.topics.deadLetters(), 1);
            t.put(p.topics.partialTranscripts(), 1);
            broker.createTopics(t);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        LOG.info("Kafka broker up at {} in {} ms; topics {}", broker.bootstrapServers(), (System.nanoTime() - t0) / 1_000_000, p.topics);
        return p;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public Topics topics() {
        return topics;
    }

    /**
     * Submits the job to a mini cluster in this JVM. With {@code bounded}, the source stops at the audio topic's
     * latest offsets as of now and the job finishes by itself (every open command is closed at the end of input);
     * otherwise it runs until {@link #close()}.
     */
    public JobClient startJob(Settings settings, boolean bounded) throws Exception {
        return startJob(settings, bounded, new Configuration());
    }

    /**
     * As {@link #startJob(Settings, boolean)}, with settings for the mini cluster (the bench sets the REST port and
     * the metric fetch interval, to read checkpoint sizes and metrics, and a checkpoint folder).
     */
    public JobClient startJob(Settings settings, boolean bounded, Configuration flinkConfiguration) throws Exception {
        return startJob(settings, bounded, flinkConfiguration, settings.pipelineConfig());
    }

    /**
     * As {@link #startJob(Settings, boolean, Configuration)}, with the wake-word operator's configuration (the soak
     * sets a short idle timeout, so the state of devices that went silent is cleared within the run).
     */
    public JobClient startJob(Settings settings, boolean bounded, Configuration flinkConfiguration,
            PipelineConfig pipelineConfig) throws Exception {
        KafkaJobOptions options = KafkaJobOptions.defaults(broker.bootstrapServers(), settings.modelDir().toString())
                .withStart(StartingOffsets.EARLIEST, bounded)
                .withVoskModelDir(settings.voskModelDir().toString())
                .withCheckpointing(settings.checkpointIntervalMs())
                .withParallelism(settings.parallelism())
                .withVad(pipelineConfig.vad())
                .withStreamingRecognizers(settings.streamingRecognizers())
                .withPartialTranscripts(settings.partialTranscripts())
                .withTranscriptionParallelism(settings.transcriptionParallelism());
        Configuration conf = new Configuration(flinkConfiguration);
        if (!conf.contains(RestOptions.BIND_PORT)) conf.set(RestOptions.BIND_PORT, "0"); // no fixed port to collide with
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(settings.parallelism(), conf);
        WakestreamKafkaJob.build(env, options, pipelineConfig,
                VoskTranscriptionStage.of(options.transcriberConfig()));
        LOG.info("Starting the Flink job: {}", options.describe());
        job = env.executeAsync("wakestream-local");
        return job;
    }

    /** A started job and the loopback port of its mini cluster's REST API. */
    public record RestJob(JobClient job, int restPort) {}

    /** Attempts at a REST port before giving up: each failure is another process taking the port first. */
    static final int REST_PORT_ATTEMPTS = 5;

    /**
     * As {@link #startJob(Settings, boolean, Configuration, PipelineConfig)}, with the mini cluster's REST API on a
     * free loopback port, for readers of its metrics and checkpoints. A free port can be taken by another process
     * between finding it and the mini cluster binding it (seen once in CI); the start is then retried on another.
     */
    public RestJob startJobWithRest(Settings settings, boolean bounded, Configuration flinkConfiguration,
            PipelineConfig pipelineConfig) throws Exception {
        return startJobWithRest(settings, bounded, flinkConfiguration, pipelineConfig, LocalPipeline::freeLoopbackPort);
    }

    /** A source of candidate REST ports (tests hand out a taken one first). */
    @FunctionalInterface
    interface PortSource {
        int next() throws IOException;
    }

    RestJob startJobWithRest(Settings settings, boolean bounded, Configuration flinkConfiguration,
            PipelineConfig pipelineConfig, PortSource ports) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int port = ports.next();
            Configuration conf = new Configuration(flinkConfiguration);
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            conf.set(RestOptions.ADDRESS, "127.0.0.1");
            conf.set(RestOptions.BIND_PORT, String.valueOf(port));
            try {
                return new RestJob(startJob(settings, bounded, conf, pipelineConfig), port);
            } catch (Exception e) {
                if (attempt >= REST_PORT_ATTEMPTS || !portTaken(e)) throw e;
                LOG.warn("The REST port {} was taken before the mini cluster could bind it; trying another", port);
            }
        }
    }

    /** Whether a failure to start comes from a port already in use. */
    static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    /** A port nobody listens on at this moment (another process may still take it before we bind it). */
    static int freeLoopbackPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Plays every device's file through its own capture agent, all at once, and returns when all are done.
     *
     * @param realtime pace the files to the wall clock (as microphones would), else as fast as Kafka takes them
     */
    public List<AgentResult> play(List<ReplayInput.Device> devices, boolean realtime) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, devices.size()));
        try {
            List<Future<AgentResult>> runs = new ArrayList<>();
            for (ReplayInput.Device d : devices) {
                AgentConfig config = new AgentConfig(broker.bootstrapServers(), topics.audio(), DeviceId.of(d.deviceId()),
                        AgentConfig.Source.FILE, List.of(d.file()), realtime, false, 100, 1, 30_000, 10_000, Map.of());
                runs.add(pool.submit(() -> new AgentRunner(config).run()));
            }
            List<AgentResult> results = new ArrayList<>();
            for (Future<AgentResult> f : runs) results.add(f.get());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        if (job != null) {
            try {
                if (!job.getJobStatus().get().isTerminalState()) job.cancel().get();
            } catch (Exception e) {
                LOG.debug("cancelling the job: {}", e.toString());
            }
        }
        broker.close();
    }
}
