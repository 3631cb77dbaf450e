package io.wakestream.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.audio.WavReader;
import io.wakestream.engine.detect.Detection;
import io.wakestream.engine.features.MfccExtractor;
import io.wakestream.engine.stream.StreamingDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ensemble kept with its members ({@code models/jarvis-v23}, the MFCC model that was the default before
 * jarvis-oww3, as committed): the engine runs the later member only where a detection can come of it, and that changes no detection and no score that can
 * matter; members that are not what {@code model.onnx} averages, or not probabilities, are refused at load.
 */
class EnsembleMembersTest {
    private static final Path SAMPLES = Path.of("../../samples").toAbsolutePath().normalize();
    private static final Path V23 = Path.of("../jarvis-v23").toAbsolutePath().normalize();
    private static final List<String> SAMPLE_FILES = List.of("kitchen.wav", "hallway.wav", "office.wav");

    @TempDir
    Path tmp;

    @Test
    void scoresThatCanMatterAreExactAndTheRestAreLowerBounds() throws Exception {
        try (WakeWordModel model = WakeWordModel.loadFresh(V23)) {
            WakeWordScorer scorer = model.scorer();
            assertEquals(2, scorer.networks());
            float floor = model.manifest().detection().lowestContributingScore();
            float[] windows = windowsOf(model);
            int n = windows.length / scorer.windowSize();
            float[] exact = new float[n], gated = new float[n];
            scorer.score(windows, n, exact);
            scorer.score(windows, n, gated, floor);
            int high = 0, skipped = 0;
            for (int i = 0; i < n; i++) {
                if (exact[i] >= floor) {
                    high++;
                    assertEquals(exact[i], gated[i], 1e-6f, "window " + i + " can take part in a detection: its score must be exact");
                } else {
                    assertTrue(gated[i] < floor && gated[i] <= exact[i] + 1e-6f, "window " + i + ": " + gated[i] + " for " + exact[i]);
                    if (gated[i] != exact[i]) skipped++; // the second member's score left out
                }
            }
            // Both paths taken: the phrases in kitchen.wav and hallway.wav score high, and the second network was
            // skipped on most of the rest (where it runs, the score is the exact one to the bit).
            assertTrue(high >= 4, high + " windows at or above " + floor);
            assertTrue(skipped > n / 2, "the second member was skipped on only " + skipped + " of " + n + " windows");
        }
    }

    @Test
    void detectionsAreTheSameWithAndWithoutSkipping() throws Exception {
        try (WakeWordModel model = WakeWordModel.loadFresh(V23)) {
            int found = 0;
            for (String sample : SAMPLE_FILES) {
                short[] pcm = WavReader.read(SAMPLES.resolve(sample)).samples();
                for (int lead = 0; lead < 16; lead++) {
                    // A score listener asks for every score exactly; without one the engine may skip.
                    List<Detection> exact = detect(new StreamingDetector(model, model.manifest().detection(), (f, s) -> {}), pcm, lead * 40);
                    List<Detection> skipping = detect(new StreamingDetector(model), pcm, lead * 40);
                    assertEquals(exact, skipping, sample + " lead " + lead);
                    found += exact.size();
                }
            }
            assertTrue(found >= 24, "the samples' two phrases at 16 leads were found " + found + " times");
        }
    }

    @Test
    void membersThatAreNotWhatModelOnnxAveragesAreRefused() throws Exception {
        Path swapped = copyOfV23("swapped");
        Files.copy(swapped.resolve("member-1.onnx"), swapped.resolve("member-2.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> WakeWordModel.loadFresh(swapped));
        assertTrue(e.getMessage().contains("model.onnx is not the mean of its ensemble members [member-1.onnx, member-2.onnx]"), e.getMessage());

        Path missing = copyOfV23("missing");
        Files.delete(missing.resolve("member-2.onnx"));
        e = assertThrows(ModelLoadException.class, () -> WakeWordModel.loadFresh(missing));
        assertTrue(e.getMessage().contains("ensemble member member-2.onnx is not in the model folder"), e.getMessage());

        Path broken = copyOfV23("broken");
        Files.writeString(broken.resolve("member-1.onnx"), "not a model");
        e = assertThrows(ModelLoadException.class, () -> WakeWordModel.loadFresh(broken));
        assertTrue(e.getMessage().contains("member-1.onnx: ONNX Runtime cannot load the ensemble member"), e.getMessage());
    }

    @Test
    void aMemberThatIsNotAProbabilityIsRefusedEvenWhenTheMeanIsRight() throws Exception {
        // Tiny linear models: the members score x + 2 and x - 2, whose mean is model.onnx's x exactly; but the first
        // goes above 1, and skipping the second where the first is low assumes no member does.
        ModelManifest manifest = new ModelManifest(1, "tiny", "1", "hey tiny", "mfcc",
                io.wakestream.engine.features.MfccConfig.defaults(), 8,
                new ModelManifest.InputSpec("features", InputLayout.N1TC),
                new ModelManifest.OutputSpec("score", ModelManifest.OutputMeaning.PROBABILITY), 4,
                new io.wakestream.engine.detect.DetectionConfig(0.9f,
                        io.wakestream.engine.detect.SmoothingConfig.movingAverage(1), 0),
                "test", null, null, new ModelManifest.EnsembleSpec(List.of("member-1.onnx", "member-2.onnx")));
        float[][] w = new float[8][13];
        for (float[] row : w) java.util.Arrays.fill(row, 0.01f);
        Path dir = Files.createDirectories(tmp.resolve("tiny"));
        TinyOnnx.writeModelFolder(dir, manifest, w, 0.5f);
        Files.write(dir.resolve("member-1.onnx"), TinyOnnx.model("features", "score", InputLayout.N1TC, w, 2.5f, false, null));
        Files.write(dir.resolve("member-2.onnx"), TinyOnnx.model("features", "score", InputLayout.N1TC, w, -1.5f, false, null));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> WakeWordModel.loadFresh(dir));
        assertTrue(e.getMessage().contains("ensemble member member-1.onnx gives a score of") && e.getMessage().contains("not a probability"),
                e.getMessage());
    }

    /** Every window the engine would score in the three samples, back to back. */
    private static float[] windowsOf(WakeWordModel model) throws IOException {
        ModelManifest m = model.manifest();
        MfccExtractor extractor = new MfccExtractor(m.features());
        int frames = m.windowFrames(), width = m.features().coefficients();
        List<float[]> out = new ArrayList<>();
        for (String sample : SAMPLE_FILES) {
            float[][] all = extractor.extractAll(WavReader.read(SAMPLES.resolve(sample)).samples());
            for (int end = frames - 1; end < all.length; end += m.scoreEveryFrames()) {
                float[] w = new float[frames * width];
                for (int f = 0; f < frames; f++) System.arraycopy(all[end - frames + 1 + f], 0, w, f * width, width);
                out.add(w);
            }
        }
        float[] windows = new float[out.size() * frames * width];
        for (int i = 0; i < out.size(); i++) System.arraycopy(out.get(i), 0, windows, i * frames * width, frames * width);
        return windows;
    }

    private static List<Detection> detect(StreamingDetector detector, short[] pcm, int leadSamples) {
        List<Detection> out = new ArrayList<>(detector.accept(new short[leadSamples], 0, leadSamples));
        out.addAll(detector.accept(pcm, 0, pcm.length));
        out.addAll(detector.finish());
        return out;
    }

    private Path copyOfV23(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (var files = Files.list(V23)) {
            for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        return dir;
    }
}
