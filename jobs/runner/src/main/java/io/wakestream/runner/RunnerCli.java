package io.wakestream.runner;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./wakestream demo|replay|bench|soak}: the pipeline on this machine. */
@Command(
        name = "wakestream",
        mixinStandardHelpOptions = true,
        version = "wakestream 0.1.0",
        description = "The Wakestream pipeline on this machine: a Kafka broker, the Flink job in a mini cluster, capture agents.",
        subcommands = {DemoCommand.class, ReplayCommand.class, BenchCommand.class, SoakCommand.class,
                CommandLine.HelpCommand.class})
public final class RunnerCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        // Flink and Kafka log a great deal (and warn about harmless things, e.g. checkpoints declined while a bounded
        // job finishes); a user of demo/replay wants to see what the pipeline does. --verbose shows everything.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "error");
        System.setProperty("org.slf4j.simpleLogger.log.io.wakestream", "info");
        System.setProperty("org.slf4j.simpleLogger.log.io.wakestream.agent", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.wakestream.kafka.local", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new RunnerCli());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
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
