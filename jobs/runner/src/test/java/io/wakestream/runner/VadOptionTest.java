package io.wakestream.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.pipeline.VadConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** demo, replay and bench pass --vad to the job (parsing only: nothing is started). */
class VadOptionTest {
    @Test
    void replayAndDemoPassTheVadToTheJob() {
        ReplayCommand replay = new ReplayCommand();
        new CommandLine(replay).parseArgs("x.wav");
        assertEquals(VadConfig.defaults(), replay.pipeline.settings().vad());
        assertEquals(VadConfig.defaults(), replay.pipeline.settings().pipelineConfig().vad());

        ReplayCommand silero = new ReplayCommand();
        new CommandLine(silero).parseArgs("--vad", "silero", "--silero-model", "/m/silero_vad.onnx", "x.wav");
        VadConfig v = silero.pipeline.settings().pipelineConfig().vad();
        assertEquals(VadConfig.Kind.SILERO, v.kind());
        assertEquals("/m/silero_vad.onnx", v.sileroModel());
        assertEquals(0.5, v.sileroThreshold());

        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--vad", "silero");
        assertEquals(VadConfig.Kind.SILERO, demo.pipeline.settings().vad().kind());
        assertTrue(demo.pipeline.settings().vad().sileroModel().endsWith("models/openwakeword/silero_vad/silero_vad.onnx"));
        assertThrows(CommandLine.ParameterException.class, () -> new CommandLine(new ReplayCommand()).parseArgs("--vad", "loud", "x.wav"));
    }

    @Test
    void benchTakesTheVadToo() {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs("--vad", "silero");
        assertEquals(VadConfig.Kind.SILERO, bench.vad.config().kind());
    }
}
