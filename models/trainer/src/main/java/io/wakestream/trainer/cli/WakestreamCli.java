package io.wakestream.trainer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./wakestream}: dispatches to the offline commands. */
@Command(
        name = "wakestream",
        mixinStandardHelpOptions = true,
        version = "wakestream 0.1.0",
        description = "Wake-word detection for many microphones: offline tools (detect, train, eval, models).",
        footer = {"", "The pipeline on this machine (a Kafka broker, the Flink job in a mini cluster, capture agents; jobs/runner):",
                "  demo                 Plays bundled samples through the whole pipeline; prints wake events and transcripts.",
                "  replay FILE.wav...   The same pipeline on your files, one device per file ([--json]).",
                "  bench                The pipeline under load: N simulated devices; CPU, latency, detections ([--json]).",
                "  soak                 Devices coming and going for a long run; memory over time (CSV, PNG).",
                "  (./wakestream demo --help, ./wakestream replay --help, ./wakestream bench --help, ./wakestream soak --help)",
                "", "Also: ./wakestream jmh [JMH options]  runs the engine's JMH benchmarks (models/bench)."},
        subcommands = {DetectCommand.class, TrainCommand.class, EvalCommand.class, ModelsCommand.class, CommandLine.HelpCommand.class})
public final class WakestreamCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new WakestreamCli());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // Expected failures (bad arguments, unreadable models) get one clear line, not a stack trace.
            cmd.getErr().println(cmd.getColorScheme().errorText("wakestream " + cmd.getCommandName() + ": " + ex.getMessage()));
            if (System.getenv("WAKESTREAM_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
