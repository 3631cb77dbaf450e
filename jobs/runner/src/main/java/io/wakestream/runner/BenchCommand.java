package io.wakestream.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wakestream.pipeline.kafka.TranscriptionOptions;
import io.wakestream.pipeline.kafka.VadOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./wakestream bench}: the pipeline end to end under load. Simulated devices play real audio with the wake
 * phrase planted at known times, in real time, through a real Kafka broker and the Flink job; the bench measures the
 * job's CPU per audio second, wake and transcript latency as a downstream reader sees it, detections against what was
 * planted, Kafka bytes and state per device. See {@link BenchRun} for one run and {@link BenchReport} for what each
 * figure includes.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"End-to-end benchmark: N simulated devices play real audio (the samples, \"jarvis\" planted at"
                + " known times) in real time through capture agents, a real Kafka broker (KRaft, 127.0.0.1) and the Flink"
                + " job (mini cluster, Vosk). Prints the job's CPU per audio second per stream and the real-time streams"
                + " one core sustains, wake-event latency p50/p95/p99 (end of the phrase captured -> event read with"
                + " read_committed), transcript latency, detections vs planted and false accepts, Kafka bytes per"
                + " device-second and state bytes per device. A progress line per second goes to standard error.",
                "With --sweep it runs each device count in turn (each with a fresh broker and job) for each"
                + " --checkpoint-ms value, stops a mode once the job falls behind real time, and with --plot-out writes"
                + " a PNG and a Markdown table.",
                "Example: ./wakestream bench --devices 100 --seconds 60 --checkpoint-ms 0,100,1000"})
public final class BenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--devices", paramLabel = "N", defaultValue = "10", description = "Simulated devices (real-time streams). Default: ${DEFAULT-VALUE}")
    int devices;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "60", description = "Seconds every device plays. Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--json", description = "Print the results as one JSON object per run on standard output (keys:"
            + " cpuMsPerAudioSecond, streamsPerCore, wakeLatencyP50Ms/P95Ms/P99Ms, transcriptLatencyP50Ms/..., planted,"
            + " detected, falseAccepts, devices, seconds, ...).")
    boolean json;

    @Option(names = "--parallelism", paramLabel = "P", defaultValue = "1", description = "Flink parallelism. Default: ${DEFAULT-VALUE}")
    int parallelism;

    @Option(names = "--checkpoint-ms", paramLabel = "C", split = ",", defaultValue = "500",
            description = "Checkpoint interval(s), comma-separated; each is a separate run. The exactly-once sinks publish"
                    + " at checkpoints, so this bounds wake latency; 0 = no checkpoints, at-least-once sinks. Default: ${DEFAULT-VALUE}")
    List<Long> checkpointMs;

    @Option(names = "--sweep", paramLabel = "N", split = ",",
            description = "Device counts to run in turn instead of --devices (e.g. 1,10,100,1000).")
    List<Integer> sweep;

    @Option(names = "--plot-out", paramLabel = "FILE.png", description = "Write a PNG of CPU and wake latency against devices.")
    Path plotOut;

    @Option(names = "--table-out", paramLabel = "FILE.md",
            description = "Write the results as a Markdown table. Default with --plot-out: the PNG's name with .md.")
    Path tableOut;

    @Option(names = "--wake-every", paramLabel = "SECONDS", defaultValue = "30",
            description = "Mean time between planted wake phrases on a device (each is followed by a command for Vosk)."
                    + " Default: ${DEFAULT-VALUE}")
    int wakeEvery;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the devices' audio. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--samples", paramLabel = "DIR", defaultValue = "${sys:wakestream.home:-.}/samples",
            description = "Folder with kitchen.wav, hallway.wav, office.wav. Default: ${DEFAULT-VALUE}")
    Path samples;

    @Option(names = "--save-audio", paramLabel = "DIR",
            description = "Also write every device's audio (<device>.wav) and the planted phrases (planted.csv) to DIR,"
                    + " to check them, e.g. with ./wakestream detect.")
    Path saveAudio;

    @Option(names = "--model", paramLabel = "DIR", defaultValue = "${sys:wakestream.home:-.}/models/jarvis",
            description = "Wake-word model folder. Default: ${DEFAULT-VALUE}")
    Path model;

    @Option(names = "--vosk-model", paramLabel = "DIR", defaultValue = "${sys:wakestream.home:-.}/models/vosk-model-en",
            description = "Vosk model folder. Default: ${DEFAULT-VALUE}")
    Path voskModel;

    @Mixin
    VadOptions vad = new VadOptions();

    @Option(names = "--chunk-ms", paramLabel = "MS", defaultValue = "" + BenchAgents.DEFAULT_CHUNK_MS,
            description = "Audio per chunk the simulated agents send (the capture agent's --chunk-ms). The end of a"
                    + " phrase waits up to this long for its chunk to fill: shorter chunks answer sooner, at more"
                    + " records (and per-record overhead) per device-second. Default: ${DEFAULT-VALUE}")
    int chunkMs;

    @Mixin
    TranscriptionOptions transcription = new TranscriptionOptions();

    @Option(names = "--verbose", description = "Log everything Flink, Kafka and the agents say (INFO).")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out, err = System.err;
        List<Integer> counts = sweep == null || sweep.isEmpty() ? List.of(devices) : sweep.stream().sorted().distinct().toList();
        List<Long> intervals = checkpointMs.stream().distinct().toList();
        // Checked before anything starts: a bad value is a usage error, not a failure minutes in.
        for (int n : counts) for (long c : intervals) settings(n, c);
        String machine = machine();
        err.println("wakestream bench: " + counts.size() * intervals.size() + " run(s) on " + machine);

        List<BenchResult> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<Long> behind = new HashSet<>();
        for (int n : counts) {
            for (long c : intervals) {
                BenchSettings s = settings(n, c);
                if (behind.contains(c)) {
                    notes.add(s.label() + ": not run (the job fell behind real time at fewer devices)");
                    continue;
                }
                BenchResult r = new BenchRun(s, err).run();
                results.add(r);
                if (json) {
                    out.println(JSON.writeValueAsString(r.json()));
                } else {
                    out.println("== " + s.label());
                    r.human().forEach(out::println);
                    out.println();
                }
                out.flush();
                if (r.lag().behindRealTime()) {
                    behind.add(c);
                    notes.add(String.format(Locale.ROOT, "%s: the job fell behind real time (its source was %.1f s of audio"
                            + " per device behind at the end)%s", s.label(), r.lag().endSeconds(),
                            n == counts.get(counts.size() - 1) ? "" : "; larger device counts not run in this mode"));
                }
            }
        }
        for (String note : notes) err.println("wakestream bench: " + note);
        if (plotOut != null || tableOut != null) {
            String command = "./wakestream " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
            if (plotOut != null) {
                BenchPlot.write(plotOut, "Wakestream end to end, " + machine.substring(0, machine.indexOf(", load average")), results);
                err.println("wakestream bench: wrote " + plotOut);
            }
            Path md = tableOut != null ? tableOut : Path.of(plotOut.toString().replaceFirst("\\.png$", "") + ".md");
            BenchReport.write(md, command, machine, results, notes, plotOut);
            err.println("wakestream bench: wrote " + md);
        }
        return 0;
    }

    private BenchSettings settings(int n, long c) {
        return new BenchSettings(n, seconds, parallelism, c, wakeEvery, seed, model, voskModel, samples, saveAudio, vad.config(), chunkMs,
                transcription.streamingRecognizers(), transcription.parallelism());
    }

    /** CPU model, cores, memory and load: the bench's figures mean little without them. */
    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // not Linux; leave it unknown
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return String.format(Locale.ROOT, "%s, %d cores, %d GiB, Java %s, load average %.1f at the start",
                cpu, Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() >> 30,
                System.getProperty("java.version"), os.getSystemLoadAverage());
    }
}
