package io.wakestream.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.pipeline.LoudModel;
import io.wakestream.pipeline.TranscriberConfig;
import io.wakestream.pipeline.VadConfig;
import io.wakestream.pipeline.job.VoskTranscriptionStage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringWriter;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WakestreamJobMainTest {
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"svc\" password=\"s3cr3t=x\";";

    @Test
    void defaults() {
        KafkaJobOptions o = WakestreamJobMain.parse();
        assertEquals("localhost:9092", o.kafka().bootstrapServers());
        assertEquals(Map.of(), o.kafka().clientProperties());
        assertEquals(Topics.defaults(), o.topics());
        assertEquals(new Topics("audio", "wake-events", "transcripts", "dead-letters"), o.topics());
        assertEquals("wakestream-pipeline", o.groupId());
        assertEquals("wakestream-pipeline", o.transactionalIdPrefix(), "the prefix follows the group");
        assertEquals(StartingOffsets.COMMITTED_OR_EARLIEST, o.startingOffsets());
        assertFalse(o.bounded());
        assertEquals("models/jarvis", o.modelDir());
        assertNull(o.voskModelDir());
        assertEquals(10_000, o.checkpointIntervalMs());
        assertEquals(DeliveryGuarantee.EXACTLY_ONCE, o.deliveryGuarantee());
        assertEquals(0, o.parallelism());
    }

    @Test
    void everyOption() {
        KafkaJobOptions o = WakestreamJobMain.parse("--bootstrap-servers", "k1:9093,k2:9093", "--audio-topic", "a",
                "--wake-topic", "w", "--transcript-topic", "t", "--dead-letter-topic", "d", "--group-id", "g",
                "--transactional-id-prefix", "tx", "--starting-offsets", "latest", "--bounded", "--model-dir", "/m",
                "--vosk-model-dir", "/v", "--checkpoint-interval-ms", "0", "--parallelism", "4",
                "--kafka-property", "security.protocol=SASL_SSL", "--kafka-property", "sasl.jaas.config=" + JAAS);
        assertEquals("k1:9093,k2:9093", o.kafka().bootstrapServers());
        assertEquals(new Topics("a", "w", "t", "d"), o.topics());
        assertEquals("g", o.groupId());
        assertEquals("tx", o.transactionalIdPrefix());
        assertEquals(StartingOffsets.LATEST, o.startingOffsets());
        assertTrue(o.bounded());
        assertEquals("/m", o.modelDir());
        assertEquals("/v", o.voskModelDir());
        assertEquals(0, o.checkpointIntervalMs());
        assertEquals(DeliveryGuarantee.AT_LEAST_ONCE, o.deliveryGuarantee(), "no checkpoints, no transactions");
        assertEquals(4, o.parallelism());
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", JAAS), o.kafka().clientProperties(),
                "a value keeps its own '=' signs");
    }

    @Test
    void clientPropertyValuesNeverAppearInWhatIsLogged() {
        KafkaJobOptions o = WakestreamJobMain.parse("--kafka-property", "sasl.jaas.config=" + JAAS,
                "--kafka-property", "ssl.truststore.password=hunter2");
        for (String text : new String[] {o.describe(), o.toString(), o.kafka().toString()}) {
            assertFalse(text.contains("s3cr3t") || text.contains("hunter2") || text.contains("PlainLoginModule"), text);
            assertTrue(text.contains("sasl.jaas.config") && text.contains("ssl.truststore.password"), text);
        }
        assertEquals("hunter2", o.kafka().properties(Map.of()).getProperty("ssl.truststore.password"),
                "but the clients get them");
    }

    @Test
    void clientPropertiesOverrideTheJobsDefaultsButNotTheServers() {
        KafkaConnection k = new KafkaConnection("b:1", Map.of("transaction.timeout.ms", "60000"));
        var p = k.properties(KafkaEventSinks.PRODUCER_DEFAULTS);
        assertEquals("60000", p.getProperty("transaction.timeout.ms"));
        assertEquals("b:1", p.getProperty("bootstrap.servers"));
        assertEquals("600000", KafkaConnection.of("b:1").properties(KafkaEventSinks.PRODUCER_DEFAULTS)
                .getProperty("transaction.timeout.ms"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new KafkaConnection("b:1", Map.of("bootstrap.servers", "c:2")));
        assertTrue(e.getMessage().contains("--bootstrap-servers"), e.getMessage());
    }

    @Test
    void theLogLineNamesTopicsModelAndGuarantee() {
        String line = WakestreamJobMain.parse("--model-dir", "/models/jarvis", "--group-id", "g1").describe();
        for (String part : new String[] {"audio topic audio", "wake events wake-events", "transcripts transcripts",
                "dead letters dead-letters", "/models/jarvis", "exactly-once", "checkpoint every 10000 ms",
                "transactional id prefix g1"}) {
            assertTrue(line.contains(part), "'" + part + "' missing from: " + line);
        }
    }

    @Test
    void badValuesAreRefusedWithTheReason() {
        var same = assertThrows(IllegalArgumentException.class,
                () -> WakestreamJobMain.parse("--wake-topic", "audio"));
        assertTrue(same.getMessage().contains("the topics must differ"), same.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WakestreamJobMain.parse("--checkpoint-interval-ms", "-5"));
        assertThrows(IllegalArgumentException.class, () -> WakestreamJobMain.parse("--parallelism", "-1"));
        assertThrows(CommandLine.ParameterException.class, () -> WakestreamJobMain.parse("--no-such-option"));
        assertThrows(CommandLine.ParameterException.class, () -> WakestreamJobMain.parse("--starting-offsets", "soon"));
        assertThrows(CommandLine.ParameterException.class, () -> WakestreamJobMain.parse("--kafka-property", "novalue"));
    }

    @Test
    void inconsistentOptionsExitWithAUsageErrorBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        int code = WakestreamJobMain.commandLine().setErr(new PrintWriter(err))
                .execute("--audio-topic", "x", "--dead-letter-topic", "x");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("the topics must differ"), err.toString());
    }

    @Test
    void helpListsEveryOption() {
        StringWriter out = new StringWriter();
        int code = WakestreamJobMain.commandLine().setOut(new PrintWriter(out)).execute("--help");
        assertEquals(0, code);
        for (String option : new String[] {"--bootstrap-servers", "--audio-topic", "--wake-topic", "--transcript-topic",
                "--dead-letter-topic", "--group-id", "--transactional-id-prefix", "--starting-offsets", "--bounded",
                "--model-dir", "--vosk-model-dir", "--checkpoint-interval-ms", "--parallelism", "--kafka-property", "--vad",
                "--silero-model", "--silero-threshold", "--command-silence-ms", "--streaming-recognizers",
                "--partial-transcripts", "--partial-transcript-topic", "--transcription-parallelism"}) {
            assertTrue(out.toString().contains(option), option + " missing from help:\n" + out);
        }
    }

    @Test
    void commandsAreDecodedOnceEndedUnlessStreamingRecognisersAreGiven() {
        assertNull(WakestreamJobMain.parse().transcriberConfig(), "no Vosk model, no transcription");
        TranscriberConfig plain = WakestreamJobMain.parse("--vosk-model-dir", "/m/vosk").transcriberConfig();
        assertEquals(0, plain.streamingRecognizers());
        assertFalse(VoskTranscriptionStage.of(plain).consumesCommandAudio());
        KafkaJobOptions streaming = WakestreamJobMain.parse("--vosk-model-dir", "/m/vosk", "--streaming-recognizers", "8");
        assertEquals(8, streaming.transcriberConfig().streamingRecognizers());
        assertTrue(VoskTranscriptionStage.of(streaming.transcriberConfig()).consumesCommandAudio());
        assertTrue(streaming.describe().contains("decoding up to 8 commands per subtask while spoken"), streaming.describe());
        assertThrows(IllegalArgumentException.class, () -> WakestreamJobMain.parse("--streaming-recognizers", "-1"));

        KafkaJobOptions partial = WakestreamJobMain.parse("--vosk-model-dir", "/m/vosk", "--streaming-recognizers", "8",
                "--partial-transcripts");
        assertTrue(partial.transcriberConfig().partialTranscripts());
        assertEquals("transcripts-partial", partial.topics().partialTranscripts());
        assertTrue(partial.describe().contains("partial transcripts to transcripts-partial"), partial.describe());
        assertEquals("live", WakestreamJobMain.parse("--vosk-model-dir", "/m/vosk", "--streaming-recognizers", "8",
                "--partial-transcripts", "--partial-transcript-topic", "live").topics().partialTranscripts());
        assertEquals("t-partial", WakestreamJobMain.parse("--transcript-topic", "t").topics().partialTranscripts());
        var refused = assertThrows(IllegalArgumentException.class,
                () -> WakestreamJobMain.parse("--vosk-model-dir", "/m/vosk", "--partial-transcripts"));
        assertTrue(refused.getMessage().contains("--streaming-recognizers"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WakestreamJobMain.parse("--partial-transcript-topic", "audio"));
    }

    /** Runs the job's command line; returns exit code and standard error. */
    private static String[] runMain(String... args) {
        StringWriter err = new StringWriter();
        int code = WakestreamJobMain.commandLine().setErr(new PrintWriter(err)).execute(args);
        return new String[] {String.valueOf(code), err.toString()};
    }

    private static Path copyOfLoudModel(Path to) throws Exception {
        Files.createDirectories(to);
        for (String f : new String[] {"manifest.json", "model.onnx"}) Files.copy(LoudModel.folder().resolve(f), to.resolve(f));
        return to;
    }

    @Test
    void aMissingCorruptOrMismatchedWakeModelStopsTheJobAtStartUpNamingTheProblem(@TempDir Path tmp) throws Exception {
        // Port 9 (discard): nothing listens; a job that got past the check would not exit 2 with this message.
        String[] missing = runMain("--bootstrap-servers", "127.0.0.1:9", "--model-dir", tmp.resolve("nope").toString());
        assertEquals("2", missing[0], missing[1]);
        assertTrue(missing[1].contains("the wake-word model (--model-dir) cannot be used") && missing[1].contains("does not exist"), missing[1]);

        Path corrupt = copyOfLoudModel(tmp.resolve("corrupt"));
        Files.write(corrupt.resolve("model.onnx"), new byte[] {1, 2, 3});
        String[] bad = runMain("--bootstrap-servers", "127.0.0.1:9", "--model-dir", corrupt.toString());
        assertEquals("2", bad[0], bad[1]);
        assertTrue(bad[1].contains("ONNX Runtime cannot load"), bad[1]);

        // The manifest says 100 frames per window; the ONNX file takes 20.
        Path mismatched = copyOfLoudModel(tmp.resolve("mismatched"));
        String manifest = Files.readString(mismatched.resolve("manifest.json"));
        Files.writeString(mismatched.resolve("manifest.json"), manifest.replaceFirst("\"windowFrames\"\\s*:\\s*20", "\"windowFrames\" : 100"));
        assertFalse(manifest.equals(Files.readString(mismatched.resolve("manifest.json"))), "the test edited the manifest");
        String[] disagree = runMain("--bootstrap-servers", "127.0.0.1:9", "--model-dir", mismatched.toString());
        assertEquals("2", disagree[0], disagree[1]);
        assertTrue(disagree[1].contains("100") && disagree[1].contains("20"), "names both window sizes: " + disagree[1]);
    }

    @Test
    void aMissingOrIncompleteVoskModelStopsTheJobAtStartUp(@TempDir Path tmp) throws Exception {
        String loud = LoudModel.folder().toString();
        String[] missing = runMain("--bootstrap-servers", "127.0.0.1:9", "--model-dir", loud, "--vosk-model-dir", tmp.resolve("vosk").toString());
        assertEquals("2", missing[0], missing[1]);
        assertTrue(missing[1].contains("the Vosk model (--vosk-model-dir) cannot be used") && missing[1].contains("does not exist"), missing[1]);
        Files.createDirectories(tmp.resolve("half/am"));
        Files.write(tmp.resolve("half/am/final.mdl"), new byte[] {0});
        String[] half = runMain("--bootstrap-servers", "127.0.0.1:9", "--model-dir", loud, "--vosk-model-dir", tmp.resolve("half").toString());
        assertEquals("2", half[0], half[1]);
        assertTrue(half[1].contains("conf/model.conf") && half[1].contains("graph/HCLG.fst"), half[1]);
    }

    @Test
    void theEndOfCommandVadIsEnergyUnlessSileroIsChosen() {
        KafkaJobOptions energy = WakestreamJobMain.parse();
        assertEquals(VadConfig.defaults(), energy.vad());
        assertEquals(VadConfig.defaults(), WakestreamJobMain.pipelineConfig(energy).vad());

        KafkaJobOptions silero = WakestreamJobMain.parse("--vad", "silero", "--silero-model", "/m/silero_vad.onnx",
                "--silero-threshold", "0.6");
        VadConfig v = WakestreamJobMain.pipelineConfig(silero).vad();
        assertEquals(VadConfig.Kind.SILERO, v.kind());
        assertEquals("/m/silero_vad.onnx", v.sileroModel());
        assertEquals(0.6, v.sileroThreshold());
        assertEquals(VadConfig.defaults().trailingSilenceMs(), v.trailingSilenceMs(), "the same rules as the energy VAD");
        assertTrue(silero.describe().contains("end-of-command VAD Silero (/m/silero_vad.onnx"), silero.describe());
        assertEquals(VadConfig.Kind.SILERO, WakestreamJobMain.parse("--vad", "SILERO").vad().kind());
        assertThrows(CommandLine.ParameterException.class, () -> WakestreamJobMain.parse("--vad", "webrtc"));
        assertThrows(IllegalArgumentException.class, () -> WakestreamJobMain.parse("--vad", "silero", "--silero-threshold", "1.5"));

        VadConfig quick = WakestreamJobMain.pipelineConfig(WakestreamJobMain.parse("--vad", "silero", "--silero-model",
                "/m/silero_vad.onnx", "--command-silence-ms", "300")).vad();
        assertEquals(300, quick.trailingSilenceMs());
        assertEquals(VadConfig.Kind.SILERO, quick.kind());
        assertEquals(300, WakestreamJobMain.parse("--command-silence-ms", "300").vad().trailingSilenceMs());
        assertThrows(IllegalArgumentException.class, () -> WakestreamJobMain.parse("--command-silence-ms", "0"));
    }

    @Test
    void aMissingSileroModelStopsTheJobAtStartUp(@TempDir Path tmp) throws Exception {
        String loud = LoudModel.folder().toString();
        String file = tmp.resolve("silero_vad.onnx").toString();
        String[] missing = runMain("--bootstrap-servers", "127.0.0.1:9", "--model-dir", loud, "--vad", "silero", "--silero-model", file);
        assertEquals("2", missing[0], missing[1]);
        assertTrue(missing[1].contains("the Silero VAD (--silero-model) cannot be used") && missing[1].contains(file), missing[1]);
    }
}
