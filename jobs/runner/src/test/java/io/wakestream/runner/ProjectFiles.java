package io.wakestream.runner;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this repository the runner's tests use: the default model, the demo samples, the built job jar. */
final class ProjectFiles {
    private ProjectFiles() {}

    /** The repository root (tests run in jobs/runner). */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("wakestream")) && Files.isDirectory(p.resolve("models/jarvis"))) return p;
        }
        throw new IllegalStateException("cannot find the repository root above " + dir);
    }

    static Path model() {
        return root().resolve("models/jarvis");
    }

    /** Unpacked by jobs/pipeline's build (initialize phase). */
    static Path voskModel() {
        return root().resolve("models/vosk-model-en");
    }

    static Path sample(String name) {
        return root().resolve("samples").resolve(name);
    }
}
