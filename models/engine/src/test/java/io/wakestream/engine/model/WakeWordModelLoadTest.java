package io.wakestream.engine.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load failures that happen before ONNX Runtime is involved. */
class WakeWordModelLoadTest {
    @TempDir
    Path tmp;

    @Test
    void missingFolderIsNamed() {
        Path dir = tmp.resolve("no-such-model");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> WakeWordModel.load(dir));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void missingManifestIsNamed() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("empty"));
        Files.write(dir.resolve(WakeWordModel.ONNX_FILE), new byte[] {1, 2, 3});
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> WakeWordModel.load(dir));
        assertTrue(e.getMessage().contains(dir.toRealPath().toString()) && e.getMessage().contains("manifest.json"), e.getMessage());
    }

    @Test
    void missingOnnxIsNamed() throws Exception {
        Path dir = tmp.resolve("manifest-only");
        ModelManifestTest.sample().write(dir);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> WakeWordModel.load(dir));
        assertTrue(e.getMessage().contains(dir.toRealPath().toString()) && e.getMessage().contains("model.onnx"), e.getMessage());
    }

    @Test
    void invalidManifestIsReportedBeforeTheOnnxFile() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("bad"));
        Files.writeString(dir.resolve(ModelManifest.FILE_NAME), "[]");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> WakeWordModel.load(dir));
        assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains("invalid manifest"), e.getMessage());
    }
}
