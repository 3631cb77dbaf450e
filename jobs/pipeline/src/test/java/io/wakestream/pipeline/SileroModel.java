package io.wakestream.pipeline;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Silero VAD the engine's build fetches (models/openwakeword/silero_vad/silero_vad.onnx). */
final class SileroModel {
    private SileroModel() {}

    static String file() {
        Path dir = Path.of(System.getProperty("openwakeword.dir", "../../models/openwakeword"));
        Path file = dir.resolve("silero_vad").resolve("silero_vad.onnx").toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            fail("Silero VAD is not at " + file + ": the engine's build fetches it (it needs npm), "
                    + "or run `./wakestream models fetch openwakeword`");
        }
        return file.toString();
    }

    static VadConfig config() {
        return VadConfig.defaults().withSilero(file(), VadConfig.DEFAULT_SILERO_THRESHOLD);
    }
}
