package io.wakestream.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.pipeline.LoudModel;
import io.wakestream.pipeline.PipelineConfig;
import io.wakestream.pipeline.job.TranscriptionStage;
import io.wakestream.pipeline.job.VoskTranscriptionStage;
import io.wakestream.pipeline.types.PipelineTypes;
import io.wakestream.schemas.TranscriptEvent;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** What the Kafka job sets on the environment it is built into (no broker needed: nothing runs). */
class WakestreamKafkaJobSettingsTest {
    private static final TranscriptionStage NO_TRANSCRIPTS = commands -> commands
            .map(s -> TranscriptEvent.newBuilder().setEventId("t").setWakeEventId(s.wakeEventId()).setDeviceId(s.deviceId())
                    .setText("").setWords(List.of()).setAudioStartMs(0).setAudioEndMs(0).setStreamId(s.streamId()).build(),
                    PipelineTypes.TRANSCRIPT_EVENT);

    private static StreamExecutionEnvironment built(Configuration conf) throws Exception {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        KafkaJobOptions options = KafkaJobOptions.defaults("127.0.0.1:9", LoudModel.folder().toString());
        WakestreamKafkaJob.build(env, options, PipelineConfig.defaults(options.modelDir()), NO_TRANSCRIPTS);
        return env;
    }

    @Test
    void networkBuffersShipWithinTenMillisecondsByDefault() throws Exception {
        StreamExecutionEnvironment env = built(new Configuration());
        assertEquals(WakestreamKafkaJob.DEFAULT_BUFFER_TIMEOUT_MS, env.getBufferTimeout());
        assertTrue(env.getBufferTimeout() < 100, "below Flink's own default of 100 ms");
    }

    @Test
    void aClustersOwnBufferTimeoutIsKept() throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(50));
        assertEquals(50, built(conf).getBufferTimeout());
    }

    @Test
    void objectReuseIsOn() throws Exception {
        assertTrue(built(new Configuration()).getConfig().isObjectReuseEnabled());
    }
    @Test
    void theVoskStageRunsAtItsOwnParallelismWhenGivenOneInEitherMode() throws Exception {
        for (int streaming : new int[] {0, 8}) {
            for (int p : new int[] {0, 3}) {
                StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Configuration());
                env.setParallelism(2);
                KafkaJobOptions options = KafkaJobOptions.defaults("127.0.0.1:9", LoudModel.folder().toString())
                        .withVoskModelDir("/no/vosk/needed/to/build").withStreamingRecognizers(streaming)
                        .withTranscriptionParallelism(p);
                WakestreamKafkaJob.build(env, options, PipelineConfig.defaults(options.modelDir()),
                        VoskTranscriptionStage.of(options.transcriberConfig()));
                var transcribe = env.getStreamGraph().getStreamNodes().stream()
                        .filter(n -> n.getOperatorName().equals("transcribe")).findFirst().orElseThrow();
                assertEquals(p == 0 ? 2 : p, transcribe.getParallelism(), "streaming " + streaming + ", parallelism " + p);
            }
        }
        assertEquals(3, WakestreamJobMain.parse("--vosk-model-dir", "/m/vosk", "--transcription-parallelism", "3")
                .transcriberConfig().parallelism());
        assertThrows(IllegalArgumentException.class, () -> WakestreamJobMain.parse("--transcription-parallelism", "-1"));
    }
}
