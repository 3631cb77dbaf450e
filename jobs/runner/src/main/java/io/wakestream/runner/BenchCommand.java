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
import java.util.Map;
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
                "With --backlog it measures throughput instead: the devices' whole audio goes into Kafka first, then the"
                + " job drains it as fast as it can with nothing else running; give --parallelism 1,2 to compare.",
                "Example: ./wakestream bench --devices 100 --seconds 60 --checkpoint-ms 0,100,1000",
                "Example: ./wakestream bench --backlog --devices 100 --seconds 300 --checkpoint-ms 0 --parallelism 1,2"})
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

    @Option(names = "--parallelism", paramLabel = "P", split = ",", defaultValue = "1",
            description = "Flink parallelism(s), comma-separated; each is a separate run. Default: ${DEFAULT-VALUE}")
    List<Integer> parallelism;

    @Option(names = "--backlog", description = "Measure throughput, not real time: write every device's --seconds of audio"
            + " to Kafka first, then start the job bounded to it and let it drain as fast as it can (no agents or"
            + " readers compete for the CPU meanwhile). Prints the audio seconds it processes per second (= real-time"
            + " streams it sustains), its cores and CPU per audio second, and with several --parallelism values the"
            + " throughput ratio. No latencies.")
    boolean backlog;

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

    @Option(names = "--events-out", paramLabel = "FILE.csv",
            description = "Write every planted phrase of every run as CSV: device, clip, when its end was captured (seconds"
                    + " into the run), whether it was detected, and its wake, detection and transcript latencies, to see"
                    + " when the slow ones happened; and beside it FILE.png, those latencies against time.")
    Path eventsOut;

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

    /** The latency plot beside an --events-out file: its name with .png instead of .csv (or with .png added). */
    static Path eventsPlot(Path csv) {
        return Path.of(csv.toString().replaceFirst("\\.csv$", "") + ".png");
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out, err = System.err;
        List<Integer> counts = sweep == null || sweep.isEmpty() ? List.of(devices) : sweep.stream().sorted().distinct().toList();
        List<Long> intervals = checkpointMs.stream().distinct().toList();
        // Checked before anything starts: a bad value is a usage error, not a failure minutes in.
        List<Integer> parallelisms = parallelism.stream().distinct().toList();
        for (int n : counts) for (long c : intervals) for (int p : parallelisms) settings(n, c, p);
        if (backlog && (plotOut != null || tableOut != null || eventsOut != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--plot-out, --table-out and --events-out are for real-time runs, not --backlog");
        }
        String machine = machine();
        err.println("wakestream bench: " + counts.size() * intervals.size() * parallelisms.size() + " run(s) on " + machine);

        List<BenchResult> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> ratios = new ArrayList<>();
        Set<String> behind = new HashSet<>();
        for (int n : counts) {
            Map<Integer, Double> throughput = new java.util.TreeMap<>();
            for (long c : intervals) {
                for (int p : parallelisms) {
                    BenchSettings s = settings(n, c, p);
                    if (backlog) {
                        BacklogResult r = new BacklogRun(s, err).run();
                        print(out, s, r.json(), r.human());
                        if (r.span() != null) throughput.put(p, r.span().streams());
                        continue;
                    }
                    String mode = c + "/" + p;
                    if (behind.contains(mode)) {
                        notes.add(s.label() + ": not run (the job fell behind real time at fewer devices)");
                        continue;
                    }
                    BenchResult r = new BenchRun(s, err).run();
                    results.add(r);
                    print(out, s, r.json(), r.human());
                    if (r.lag().behindRealTime()) {
                        behind.add(mode);
                        notes.add(String.format(Locale.ROOT, "%s: the job fell behind real time (its source was %.1f s of audio"
                                + " per device behind at the end)%s", s.label(), r.lag().endSeconds(),
                                n == counts.get(counts.size() - 1) ? "" : "; larger device counts not run in this mode"));
                    }
                }
                if (throughput.size() > 1) {
                    int first = parallelisms.get(0);
                    for (Map.Entry<Integer, Double> e : throughput.entrySet()) {
                        if (e.getKey() == first || !throughput.containsKey(first)) continue;
                        ratios.add(String.format(Locale.ROOT, "N=%d, checkpoints %d ms: throughput at parallelism %d is %.2f times"
                                + " parallelism %d's (%.0f against %.0f real-time streams)", n, c, e.getKey(),
                                e.getValue() / throughput.get(first), first, e.getValue(), throughput.get(first)));
                    }
                }
                throughput.clear();
            }
        }
        for (String note : notes) err.println("wakestream bench: " + note);
        // The ratio is the point of a backlog comparison: on standard output for a person, and as a note either way.
        if (!json) ratios.forEach(out::println);
        for (String ratio : ratios) err.println("wakestream bench: " + ratio);
        if (eventsOut != null && !results.isEmpty()) {
            PhraseOutcomeCsv.write(eventsOut, results);
            Path png = eventsPlot(eventsOut);
            PhraseOutcomePlot.write(png, "Wakestream bench: latency of each planted phrase, " + hardware(machine), results);
            err.println("wakestream bench: wrote " + eventsOut + " and " + png);
        }
        if ((plotOut != null || tableOut != null) && !results.isEmpty()) {
            String command = "./wakestream " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
            if (plotOut != null) {
                BenchPlot.write(plotOut, "Wakestream end to end, " + hardware(machine), results);
                err.println("wakestream bench: wrote " + plotOut);
            }
            Path md = tableOut != null ? tableOut : Path.of(plotOut.toString().replaceFirst("\\.png$", "") + ".md");
            BenchReport.write(md, command, machine, results, notes, plotOut);
            err.println("wakestream bench: wrote " + md);
        }
        return 0;
    }

    private void print(PrintStream out, BenchSettings s, Map<String, Object> jsonFigures, List<String> lines) throws IOException {
        if (json) {
            out.println(JSON.writeValueAsString(jsonFigures));
        } else {
            out.println("== " + (backlog ? "backlog, " : "") + s.label());
            lines.forEach(out::println);
            out.println();
        }
        out.flush();
    }

    private BenchSettings settings(int n, long c, int p) {
        return new BenchSettings(n, seconds, p, c, wakeEvery, seed, model, voskModel, samples, saveAudio, vad.config(), chunkMs,
                transcription.streamingRecognizers(), transcription.parallelism());
    }

    /** The machine's description ({@link #machine()}) without the moment's load, for a plot's title. */
    static String hardware(String machine) {
        return machine.substring(0, machine.indexOf(", load average"));
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
