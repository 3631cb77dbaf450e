package io.wakestream.runner;

import io.wakestream.agent.AgentResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./wakestream replay}: the real pipeline on given files. Every file is its own device (id = base name), all
 * are published at once by capture agents, the job runs bounded over what was published, and the wake events and
 * transcripts are read back from Kafka as a downstream service would (read_committed).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Runs WAV files through the real pipeline: a Kafka broker, capture agents (one device per file,"
                + " the device id is the file's base name), the Flink job, Vosk. Prints the wake events and transcripts;"
                + " exits when every file has been played and every transcript is out.",
                "Bad files (not a WAV, truncated, empty, unreadable) are reported and skipped; the others are still"
                + " processed. Exit code: 0 when every file was played, 1 when any file could not be (or did not all reach Kafka), 2 for a usage or"
                + " start-up error."})
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--json", description = "One JSON object per event on standard output:"
            + " {\"type\":\"wake\",\"deviceId\",\"wakeWord\",\"score\",\"audioStartMs\",\"audioEndMs\",...} and"
            + " {\"type\":\"transcript\",\"deviceId\",\"text\",\"audioStartMs\",\"audioEndMs\",...}.")
    boolean json;

    @Option(names = "--realtime", description = "Play the files at real-time pace (default: as fast as Kafka takes them).")
    boolean realtime;

    @Parameters(arity = "1..*", paramLabel = "FILE.wav", description = "Audio files (any PCM or float WAV, 8-48 kHz, mono or stereo).")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out, err = System.err;
        ReplayInput input = ReplayInput.check(files);
        for (String p : input.problems()) err.println("wakestream replay: " + p);
        if (input.devices().isEmpty()) {
            err.println("wakestream replay: no playable file");
            return 1;
        }
        for (ReplayInput.Device d : input.devices()) {
            String base = d.file().getFileName().toString();
            if (!base.startsWith(d.deviceId() + ".") && !base.equals(d.deviceId())) {
                err.println("wakestream replay: " + d.file() + " plays as device \"" + d.deviceId() + "\"");
            }
        }
        LocalPipeline.Settings settings = pipeline.settings();
        settings.check();
        List<PipelineOutput> events;
        boolean lost = false;
        try (LocalPipeline local = LocalPipeline.start(Math.min(4, input.devices().size()))) {
            List<AgentResult> played = local.play(input.devices(), realtime);
            for (int i = 0; i < played.size(); i++) {
                AgentResult r = played.get(i);
                if (r.exitCode() != 0) {
                    lost = true;
                    err.println("wakestream replay: " + input.devices().get(i).file() + ": not all of it reached Kafka: " + r);
                }
            }
            // Everything is in Kafka now; the bounded job reads up to here and finishes, closing open commands.
            JobClient job = local.startJob(settings, true);
            job.getJobExecutionResult().get();
            events = OutputReader.readAll(local.bootstrapServers(), Map.of(), local.topics().wakeEvents(),
                    local.topics().transcripts(), settings.partialTranscripts() ? local.topics().partialTranscripts() : null);
        }
        print(events, input, json ? EventJson::json : EventJson::human, out);
        if (!json) {
            long wakes = events.stream().filter(e -> e instanceof PipelineOutput.Wake).count();
            long transcripts = events.stream().filter(e -> e instanceof PipelineOutput.Transcript).count();
            err.printf("wakestream replay: %d file%s played, %d wake event%s, %d transcript%s%s%n", input.devices().size(),
                    input.devices().size() == 1 ? "" : "s", wakes, wakes == 1 ? "" : "s", transcripts,
                    transcripts == 1 ? "" : "s",
                    input.problems().isEmpty() ? "" : "; " + input.problems().size() + " bad file(s) skipped");
        }
        return input.problems().isEmpty() && !lost ? 0 : 1;
    }

    /**
     * In the order the files were given, then by time in each file's audio (a wake event, then its command's partial
     * transcripts in order, then its transcript).
     */
    static void print(List<PipelineOutput> events, ReplayInput input, java.util.function.Function<PipelineOutput, String> format,
            PrintStream out) {
        Map<String, Integer> order = new HashMap<>();
        for (ReplayInput.Device d : input.devices()) order.putIfAbsent(d.deviceId(), order.size());
        List<PipelineOutput> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.<PipelineOutput>comparingInt(e -> order.getOrDefault(e.deviceId(), Integer.MAX_VALUE))
                .thenComparingLong(ReplayCommand::startMs)
                .thenComparingInt(ReplayCommand::rank));
        for (PipelineOutput e : sorted) out.println(format.apply(e));
        out.flush();
    }

    static long startMs(PipelineOutput e) {
        if (e instanceof PipelineOutput.Wake w) return w.event().getAudioStartMs();
        if (e instanceof PipelineOutput.Partial p) return p.event().getAudioStartMs();
        return ((PipelineOutput.Transcript) e).event().getAudioStartMs();
    }

    /** Wake event first, then the partial transcripts by sequence, then the transcript. */
    static int rank(PipelineOutput e) {
        if (e instanceof PipelineOutput.Wake) return -1;
        if (e instanceof PipelineOutput.Partial p) return p.event().getSequence();
        return Integer.MAX_VALUE;
    }
}
