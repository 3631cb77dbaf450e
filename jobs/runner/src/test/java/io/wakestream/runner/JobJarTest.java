package io.wakestream.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.agent.AgentResult;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.WakeEvent;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the job from the built, shaded job jar as a cluster would: the jar's main class on a JVM whose classpath is
 * the jar plus Flink's own runtime (the pipeline's provided dependencies, nothing of this project's), against a real
 * Kafka broker, with the real wake-word and Vosk models. A class or service file missing from the jar fails here,
 * where the tests that run from classes would not notice.
 */
class JobJarTest {
    @Test
    void theShadedJarRunsTheJobEndToEnd() throws Exception {
        Path pipelineTarget = ProjectFiles.root().resolve("jobs/pipeline/target");
        Path jar = pipelineTarget.resolve("wakestream-job-0.1.0-SNAPSHOT.jar");
        Path flinkClasspath = pipelineTarget.resolve("flink-provided-classpath.txt");
        assertTrue(Files.isRegularFile(jar) && Files.isRegularFile(flinkClasspath),
                "build jobs/pipeline first (mvn package): " + jar + " and " + flinkClasspath + " are needed");
        ReplayInput input = ReplayInput.check(List.of(ProjectFiles.sample("hallway.wav"), ProjectFiles.sample("office.wav")));
        assertEquals(List.of(), input.problems());

        try (LocalPipeline local = LocalPipeline.start(2)) {
            for (AgentResult r : local.play(input.devices(), false)) assertEquals(0, r.exitCode(), r.toString());

            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "-cp", jar + File.pathSeparator + Files.readString(flinkClasspath).trim() + File.pathSeparator + logging(),
                    "io.wakestream.pipeline.kafka.WakestreamJobMain",
                    "--bootstrap-servers", local.bootstrapServers(),
                    "--model-dir", ProjectFiles.model().toString(),
                    "--vosk-model-dir", ProjectFiles.voskModel().toString(),
                    "--starting-offsets", "EARLIEST", "--bounded",
                    "--checkpoint-interval-ms", "500", "--parallelism", "1"));
            Path log = Files.createTempFile("job-jar", ".log");
            Process job = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = job.waitFor(5, TimeUnit.MINUTES);
            if (!finished) job.destroyForcibly();
            String output = Files.readString(log);
            assertTrue(finished, "the job from the jar did not finish in 5 minutes; its output:\n" + tail(output));
            assertEquals(0, job.exitValue(), "the job from the jar failed; its output:\n" + tail(output));

            List<PipelineOutput> out = OutputReader.readAll(local.bootstrapServers(), Map.of(),
                    local.topics().wakeEvents(), local.topics().transcripts());
            List<WakeEvent> wakes = new ArrayList<>();
            List<TranscriptEvent> texts = new ArrayList<>();
            for (PipelineOutput o : out) {
                if (o instanceof PipelineOutput.Wake w) wakes.add(w.event());
                else texts.add(((PipelineOutput.Transcript) o).event());
            }
            // hallway.wav: "jarvis" at 2.4-3.0 s, then "what is the weather like tomorrow"; office.wav: no wake word.
            assertEquals(1, wakes.size(), "wake events: " + wakes);
            WakeEvent wake = wakes.get(0);
            assertEquals("hallway", wake.getDeviceId().toString());
            assertTrue(wake.getAudioEndMs() > 2_400 && wake.getAudioStartMs() < 3_100, "phrase placed at " + wake);
            assertEquals(1, texts.size(), "transcripts: " + texts);
            TranscriptEvent text = texts.get(0);
            assertEquals(wake.getEventId().toString(), text.getWakeEventId().toString());
            assertTrue(text.getAudioStartMs() >= wake.getAudioEndMs(), "the command follows the wake word: " + text);
            assertTrue(text.getText().toString().contains("tomorrow"), "transcript: " + text.getText());
        }
    }

    /**
     * Flink's lib/ holds the logging API and a binding (the job jar leaves both out); here they are the slf4j jars of
     * this test's own classpath.
     */
    private static String logging() {
        List<String> jars = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (name.startsWith("slf4j-api-") || name.startsWith("slf4j-simple-")) jars.add(e);
        }
        assertEquals(2, jars.size(), "slf4j-api and slf4j-simple on the test classpath: " + jars);
        return String.join(File.pathSeparator, jars);
    }

    private static String tail(String s) {
        return s.length() <= 6_000 ? s : "..." + s.substring(s.length() - 6_000);
    }
}
