package io.wakestream.trainer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./wakestream train}: being built. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Trains a wake-word model.")
public final class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("train is not built yet");
    }
}
