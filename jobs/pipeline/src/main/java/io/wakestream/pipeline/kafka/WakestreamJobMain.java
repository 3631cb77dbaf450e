package io.wakestream.pipeline.kafka;

import io.wakestream.pipeline.PipelineConfig;
import io.wakestream.pipeline.VadConfig;
import io.wakestream.engine.vad.SileroVad;
import io.wakestream.pipeline.job.TranscriptionStage;
import io.wakestream.engine.model.ModelLoadException;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.pipeline.job.VoskTranscriptionStage;
import io.wakestream.pipeline.transcribe.VoskModelException;
import io.wakestream.pipeline.transcribe.VoskModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Starts the Wakestream job on Kafka: {@code WakestreamJobMain --bootstrap-servers host:9092 --model-dir
 * models/jarvis}. Runs in a local mini cluster when started as a plain Java program, or on a cluster when
 * submitted with {@code flink run}.
 */
@Command(name = "wakestream-job", sortOptions = false, usageHelpAutoWidth = true,
        description = "Reads AudioChunks from Kafka, detects the wake word per device and writes wake events, "
                + "transcripts and dead letters back to Kafka.")
public final class WakestreamJobMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(WakestreamJobMain.class);

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--audio-topic", paramLabel = "TOPIC", defaultValue = Topics.DEFAULT_AUDIO,
            description = "Topic of the capture agents' AudioChunks (default: ${DEFAULT-VALUE}).")
    String audioTopic;

    @Option(names = "--wake-topic", paramLabel = "TOPIC", defaultValue = Topics.DEFAULT_WAKE_EVENTS,
            description = "Topic for WakeEvents (default: ${DEFAULT-VALUE}).")
    String wakeTopic;

    @Option(names = "--transcript-topic", paramLabel = "TOPIC", defaultValue = Topics.DEFAULT_TRANSCRIPTS,
            description = "Topic for TranscriptEvents (default: ${DEFAULT-VALUE}).")
    String transcriptTopic;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC", defaultValue = Topics.DEFAULT_DEAD_LETTERS,
            description = "Topic for DeadLetters: records the job could not use (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--partial-transcript-topic", paramLabel = "TOPIC",
            description = "Topic for PartialTranscripts (default: the transcript topic's name + \"" + Topics.PARTIAL_SUFFIX + "\").")
    String partialTranscriptTopic;

    @Option(names = "--group-id", paramLabel = "ID", defaultValue = KafkaJobOptions.DEFAULT_GROUP_ID,
            description = "Consumer group of the audio source (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--transactional-id-prefix", paramLabel = "PREFIX",
            description = "Prefix of the sinks' Kafka transactional ids; must be unique per job (default: the group id).")
    String transactionalIdPrefix;

    @Option(names = "--starting-offsets", paramLabel = "WHERE", defaultValue = "COMMITTED_OR_EARLIEST",
            description = "Where to start without a checkpoint: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    StartingOffsets startingOffsets;

    @Option(names = "--bounded",
            description = "Stop at the audio topic's latest offsets as of the start, then finish (for replays).")
    boolean bounded;

    @Option(names = "--model-dir", paramLabel = "DIR", defaultValue = "models/jarvis",
            description = "Wake-word model folder (model.onnx + manifest.json), on every task manager (default: ${DEFAULT-VALUE}).")
    String modelDir;

    @Option(names = "--vosk-model-dir", paramLabel = "DIR",
            description = "Vosk speech model folder for transcripts, on every task manager.")
    String voskModelDir;

    @Option(names = "--partial-transcripts",
            description = "Also publish what the recogniser has heard so far of each command decoded while spoken "
                    + "(PartialTranscript, whenever it changes) to the partial-transcript topic. Needs "
                    + "--streaming-recognizers.")
    boolean partialTranscripts;

    @Option(names = "--checkpoint-interval-ms", paramLabel = "MS",
            defaultValue = "" + KafkaJobOptions.DEFAULT_CHECKPOINT_INTERVAL_MS,
            description = "Checkpoint interval; output is exactly-once (visible to read_committed consumers when a "
                    + "checkpoint completes). 0 = no checkpoints and at-least-once output (default: ${DEFAULT-VALUE}).")
    long checkpointIntervalMs;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "0",
            description = "Job parallelism; 0 = the environment's default (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client property for every client of the job (TLS, SASL...); repeatable. Values are "
                    + "never logged.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Mixin
    VadOptions vad = new VadOptions();

    @Mixin
    TranscriptionOptions transcription = new TranscriptionOptions();

    @Option(names = "--skip-model-check",
            description = "Do not load the models here before submitting (for a client without the models; the task "
                    + "managers then report a bad model as a failing task).")
    boolean skipModelCheck;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0) System.exit(code);
    }

    /** The command line parser (for tests and for callers that want the usage text). */
    public static CommandLine commandLine() {
        return new CommandLine(new WakestreamJobMain()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /**
     * Parses options without running anything.
     *
     * @throws CommandLine.ParameterException on unknown or malformed options
     * @throws IllegalArgumentException on inconsistent values (e.g. two topics with one name)
     */
    public static KafkaJobOptions parse(String... args) {
        CommandLine cli = commandLine();
        cli.parseArgs(args);
        return ((WakestreamJobMain) cli.getCommand()).options();
    }

    KafkaJobOptions options() {
        return new KafkaJobOptions(new KafkaConnection(bootstrapServers, kafkaProperties),
                partialTranscriptTopic == null ? new Topics(audioTopic, wakeTopic, transcriptTopic, deadLetterTopic)
                        : new Topics(audioTopic, wakeTopic, transcriptTopic, deadLetterTopic, partialTranscriptTopic),
                groupId, transactionalIdPrefix, startingOffsets, bounded, modelDir, voskModelDir, checkpointIntervalMs,
                parallelism, vad.config(), transcription.streamingRecognizers(), partialTranscripts,
                transcription.parallelism());
    }

    @Override
    public Integer call() throws Exception {
        KafkaJobOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (!skipModelCheck) {
            String problem = modelProblem(options);
            if (problem != null) {
                spec.commandLine().getErr().println("wakestream job: " + problem + " (nothing was started)");
                return 2;
            }
        }
        run(options, transcriptionStage(options));
        return 0;
    }

    /**
     * Loads the wake-word model (manifest, ONNX file, their agreement), the Silero VAD if chosen, and checks the Vosk folder, so that a bad
     * model stops the job at start-up with one clear message instead of failing every task, restart after restart.
     *
     * @return what is wrong, or null if both are usable
     */
    public static String modelProblem(KafkaJobOptions options) {
        try {
            WakeWordModel.load(Path.of(options.modelDir()));
        } catch (ModelLoadException e) {
            return "the wake-word model (--model-dir) cannot be used: " + e.getMessage();
        }
        if (options.vad().kind() == VadConfig.Kind.SILERO) {
            try {
                SileroVad.load(Path.of(options.vad().sileroModel()));
            } catch (ModelLoadException e) {
                return "the Silero VAD (--silero-model) cannot be used: " + e.getMessage();
            }
        }
        if (options.voskModelDir() != null) {
            try {
                VoskModels.check(Path.of(options.voskModelDir()));
            } catch (VoskModelException e) {
                return "the Vosk model (--vosk-model-dir) cannot be used: " + e.getMessage();
            }
        }
        return null;
    }

    /** Vosk on the command segments when {@code --vosk-model-dir} is given; else segments are dropped (logged). */
    static TranscriptionStage transcriptionStage(KafkaJobOptions options) {
        if (options.voskModelDir() != null) {
            LOG.info("Transcribing command segments with the Vosk model {}", options.voskModelDir());
            return VoskTranscriptionStage.of(options.transcriberConfig());
        }
        LOG.warn("No --vosk-model-dir: command segments are dropped, the transcripts topic stays empty");
        return TranscriptionStage.dropSegments();
    }

    /** The wake-word operator's configuration: the defaults, with the end-of-command VAD the options chose. */
    public static PipelineConfig pipelineConfig(KafkaJobOptions options) {
        PipelineConfig defaults = PipelineConfig.defaults(options.modelDir());
        return defaults.withCommand(options.vad(), defaults.maxCommandMs());
    }

    /** Builds the job in the current execution environment and runs it until it finishes or fails. */
    public static JobExecutionResult run(KafkaJobOptions options, TranscriptionStage transcription) throws Exception {
        if (!Files.isRegularFile(Path.of(options.modelDir(), "manifest.json"))) {
            LOG.warn("Wake-word model folder {} has no manifest.json here; it must exist on every task manager",
                    options.modelDir());
        }
        LOG.info("Starting Wakestream: {}", options.describe());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        WakestreamKafkaJob.build(env, options, pipelineConfig(options), transcription);
        JobExecutionResult result = env.execute("wakestream " + options.topics().audio());
        LOG.info("Wakestream job {} finished after {} ms", result.getJobID(), result.getNetRuntime());
        return result;
    }
}
