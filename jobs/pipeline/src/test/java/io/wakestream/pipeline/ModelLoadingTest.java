package io.wakestream.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.model.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoadingTest {
    @Test
    void aMissingModelFailsOpenWithTheEnginesMessage(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        Exception e = assertThrows(Exception.class, () -> new Rig(PipelineConfig.defaults(missing.toString())));
        Throwable t = e;
        while (!(t instanceof ModelLoadException) && t.getCause() != null) t = t.getCause();
        assertTrue(t instanceof ModelLoadException, "cause: " + e);
        assertTrue(t.getMessage().contains("model folder does not exist"), t.getMessage());
    }

    @Test
    void aCorruptModelFailsOpen(@TempDir Path dir) throws Exception {
        Files.copy(LoudModel.folder().resolve("manifest.json"), dir.resolve("manifest.json"));
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3});
        Exception e = assertThrows(Exception.class, () -> new Rig(PipelineConfig.defaults(dir.toString())));
        assertTrue(String.valueOf(e.getMessage()).contains("ONNX Runtime cannot load") || String.valueOf(e.getCause()).contains("ONNX Runtime cannot load"), e.toString());
    }

    /** The real trained model, when this checkout has one: the operator runs it end to end without failing. */
    @Test
    void theRealJarvisModelRunsWhenPresent() throws Exception {
        Path jarvis = Path.of("../../models/jarvis").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(jarvis.resolve("model.onnx")), "no models/jarvis in this checkout");
        try (Rig rig = new Rig(PipelineConfig.defaults(jarvis.toString()))) {
            rig.at(1).feed(Signals.chunks("d", "s", Signals.utterance(800, 1000), 1600, 0));
            assertFalse(rig.output().stream().anyMatch(p -> p instanceof CommandSegment c && c.pcm().length == 0));
        }
    }
}
