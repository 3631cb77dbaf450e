package io.wakestream.runner;

import io.wakestream.agent.AgentResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./wakestream demo}: starts a Kafka broker and the job, plays the bundled samples through capture agents in
 * real time (several devices at once: "jarvis" followed by a command, and speech without it), prints wake events and
 * transcripts as they arrive in Kafka, and stops cleanly.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Plays the bundled samples (samples/*.wav, one device each) in real time through the whole"
                + " pipeline on this machine: a real Kafka broker (KRaft, 127.0.0.1), the Flink job in a mini cluster,"
                + " capture agents, Vosk. Prints wake events and transcripts as they arrive, then stops."})
public final class DemoCommand implements Callable<Integer> {
    /** After the agents finish: how long the output must stay quiet before the demo ends, and the most to wait. */
    private static final long QUIET_MS = 3_000, MAX_WAIT_MS = 30_000;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--samples", paramLabel = "DIR", defaultValue = "${sys:wakestream.home:-.}/samples",
            description = "Folder of WAV files to play, one device per file. Default: ${DEFAULT-VALUE}")
    Path samples;

    @Option(names = "--json", description = "Print events as JSON lines (as replay --json does).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out, err = System.err;
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(samples)) {
            try (Stream<Path> s = Files.list(samples)) {
                s.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".wav")).sorted().forEach(files::add);
            }
        }
        if (files.isEmpty()) {
            err.println("wakestream demo: no WAV files in " + samples.toAbsolutePath());
            return 2;
        }
        ReplayInput input = ReplayInput.check(files);
        for (String p : input.problems()) err.println("wakestream demo: " + p);
        if (input.devices().isEmpty()) return 1;
        LocalPipeline.Settings settings = pipeline.settings();
        settings.check();

        err.println("== starting a Kafka broker (KRaft, 127.0.0.1) and the Flink job (mini cluster)");
        AtomicInteger wakes = new AtomicInteger(), transcripts = new AtomicInteger();
        AtomicLong lastOutput = new AtomicLong(System.nanoTime());
        try (LocalPipeline local = LocalPipeline.start(Math.min(4, input.devices().size()))) {
            org.apache.flink.core.execution.JobClient job = local.startJob(settings, false);
            try (OutputReader reader = new OutputReader(local.bootstrapServers(), Map.of(), local.topics().wakeEvents(),
                    local.topics().transcripts(), settings.partialTranscripts() ? local.topics().partialTranscripts() : null, e -> {
                        if (e instanceof PipelineOutput.Wake) wakes.incrementAndGet();
                        if (e instanceof PipelineOutput.Transcript) transcripts.incrementAndGet();
                        lastOutput.set(System.nanoTime());
                        synchronized (out) {
                            out.println(json ? EventJson.json(e) : EventJson.human(e));
                            out.flush();
                        }
                    })) {
                err.printf("== playing %d devices in real time: %s%n", input.devices().size(),
                        input.devices().stream().map(d -> d.deviceId() + " (" + d.durationMs() / 1000.0 + " s)").toList());
                List<AgentResult> played = local.play(input.devices(), true);
                for (int i = 0; i < played.size(); i++) {
                    if (played.get(i).exitCode() != 0) err.println("wakestream demo: " + input.devices().get(i).deviceId() + ": " + played.get(i));
                }
                err.println("== all devices played; waiting for the last events");
                long done = System.nanoTime();
                lastOutput.set(Math.max(lastOutput.get(), done));
                while ((System.nanoTime() - lastOutput.get()) / 1_000_000 < QUIET_MS
                        && (System.nanoTime() - done) / 1_000_000 < MAX_WAIT_MS) {
                    Thread.sleep(100);
                }
                var status = job.getJobStatus().get();
                if (status.isGloballyTerminalState()) {
                    // The job ended by itself, which it never does unless it failed: say why instead of "done".
                    String cause;
                    try {
                        job.getJobExecutionResult().get();
                        cause = "it finished";
                    } catch (Exception e) {
                        cause = rootMessage(e);
                    }
                    err.println("wakestream demo: the Flink job stopped (" + status + "): " + cause);
                    return 1;
                }
            }
            err.println("== stopping the job and the broker");
        }
        err.printf("== done: %d devices, %d wake events, %d transcripts%n", input.devices().size(), wakes.get(), transcripts.get());
        return 0;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
