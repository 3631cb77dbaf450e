package io.wakestream.runner;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./wakestream soak}: does the job's memory stay flat over a long run with devices coming and going? See
 * {@link SoakRun} for one run, {@link SoakSample} for what each sample holds and {@link SoakSummary} for the summary.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Soak test: --devices simulated devices play real audio (\"jarvis\" and a command planted at known"
                + " times) in real time through capture agents, a real Kafka broker (KRaft, 127.0.0.1) and the Flink job"
                + " (mini cluster in this JVM, Vosk) for --minutes. Devices come and go: each plays a session of random"
                + " length (--session-s), then goes silent for good and a device with a new id takes its place within"
                + " 5 s; the job runs with a short --idle-timeout-s, so the state of silent devices is cleared.",
                "Every --sample-s it runs a full GC and records heap used after it, this JVM's and the broker's resident"
                + " set (/proc VmRSS), threads, devices live / seen / expired by the job / with state, the latest"
                + " checkpoint's size, wake events against planted phrases, transcripts, dead letters and the job's"
                + " source lag. After the time is up the devices stop and it waits for the job to expire all of them,"
                + " then samples once more.",
                "Prints a summary (mean heap after GC over the first and the last 5 minutes, the least-squares trend of"
                + " heap over the second half in MB per hour, largest resident sets, devices, detections) on standard"
                + " output; progress and samples go to standard error. Exit status 1 if the job failed or restarted.",
                "Example: ./wakestream soak --devices 200 --minutes 30 --csv-out docs/soak.csv --plot-out docs/soak.png"})
public final class SoakCommand implements Callable<Integer> {
    @Option(names = "--devices", paramLabel = "N", defaultValue = "200", description = "Devices live at any time. Default: ${DEFAULT-VALUE}")
    int devices;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "30", description = "How long devices play (may be fractional). Default: ${DEFAULT-VALUE}")
    double minutes;

    @Option(names = "--session-s", paramLabel = "MIN..MAX", defaultValue = "60..300",
            description = "A device's session lasts a random MIN to MAX seconds, then the device goes silent for good."
                    + " Default: ${DEFAULT-VALUE}")
    String sessionSeconds;

    @Option(names = "--idle-timeout-s", paramLabel = "S", defaultValue = "60",
            description = "The job clears a device's state after S seconds without a chunk (PipelineConfig idle timeout;"
                    + " the job's own default is 600). Default: ${DEFAULT-VALUE}")
    long idleTimeoutSeconds;

    @Option(names = "--sample-s", paramLabel = "S", defaultValue = "30",
            description = "Seconds between samples (each runs a full GC, a short pause of the job). Default: ${DEFAULT-VALUE}")
    long sampleSeconds;

    @Option(names = "--csv-out", paramLabel = "FILE.csv", description = "Write the samples as CSV (rewritten after every sample).")
    Path csvOut;

    @Option(names = "--plot-out", paramLabel = "FILE.png",
            description = "Write a PNG: heap after GC and resident sets, and devices live and with state, over time.")
    Path plotOut;

    @Option(names = "--wake-every", paramLabel = "SECONDS", defaultValue = "30",
            description = "Mean time between planted wake phrases on a device. Default: ${DEFAULT-VALUE}")
    int wakeEvery;

    @Option(names = "--checkpoint-ms", paramLabel = "C", defaultValue = "1000",
            description = "Checkpoint interval (exactly-once sinks publish at checkpoints). Default: ${DEFAULT-VALUE}")
    long checkpointMs;

    @Option(names = "--parallelism", paramLabel = "P", defaultValue = "1", description = "Flink parallelism. Default: ${DEFAULT-VALUE}")
    int parallelism;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the session lengths and the audio. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--samples", paramLabel = "DIR", defaultValue = "${sys:wakestream.home:-.}/samples",
            description = "Folder with kitchen.wav, hallway.wav, office.wav. Default: ${DEFAULT-VALUE}")
    Path samples;

    @Option(names = "--model", paramLabel = "DIR", defaultValue = "${sys:wakestream.home:-.}/models/jarvis",
            description = "Wake-word model folder. Default: ${DEFAULT-VALUE}")
    Path model;

    @Option(names = "--vosk-model", paramLabel = "DIR", defaultValue = "${sys:wakestream.home:-.}/models/vosk-model-en",
            description = "Vosk model folder. Default: ${DEFAULT-VALUE}")
    Path voskModel;

    @Option(names = "--verbose", description = "Log everything Flink, Kafka and the agents say (INFO).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out, err = System.err;
        long[] session = SoakSettings.parseRangeSeconds(sessionSeconds);
        // Checked before anything starts: a bad value is a usage error, not a failure minutes in.
        SoakSettings settings = new SoakSettings(devices, Math.round(minutes * 60_000), session[0], session[1],
                idleTimeoutSeconds * 1000, sampleSeconds * 1000, wakeEvery, checkpointMs, parallelism, seed, model,
                voskModel, samples);
        String machine = BenchCommand.machine();
        err.println("wakestream soak: " + settings.describe() + "; on " + machine);
        SoakRun.Result r = new SoakRun(settings, err, csvOut).run();

        out.println("== soak: " + settings.describe());
        r.summary().human().forEach(out::println);
        out.flush();
        if (csvOut != null) err.println("wakestream soak: wrote " + csvOut);
        if (plotOut != null) {
            String cpu = machine.substring(0, machine.indexOf(", load average"));
            SoakPlot.write(plotOut, String.format(java.util.Locale.ROOT, "Wakestream soak: %d devices, sessions %d-%d s,"
                            + " idle timeout %d s (%s)", devices, session[0] / 1000, session[1] / 1000, idleTimeoutSeconds, cpu),
                    r.samples(), settings.durationMs());
            err.println("wakestream soak: wrote " + plotOut);
        }
        if (r.summary().jobFailed()) {
            err.println("wakestream soak: the job failed during the run (see above)");
            return 1;
        }
        return 0;
    }
}
