package io.wakestream.engine.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.TestAudio;
import io.wakestream.engine.audio.Pcm;
import io.wakestream.engine.detect.Detection;
import io.wakestream.engine.detect.DetectorState;
import io.wakestream.engine.features.FeatureWindow;
import io.wakestream.engine.features.MfccStreamState;
import io.wakestream.engine.model.TinyOnnx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WakeWordEngineTest {
    static final int WINDOW = 60, EVERY = 7;
    static short[] audio;
    static EngineFixture fx;

    @BeforeAll
    static void setUp(@TempDir Path dir) throws Exception {
        audio = TestAudio.speechLikePcm(77, 8.0, 16_000);
        fx = new EngineFixture(dir, WINDOW, EVERY, audio, null);
    }

    record Due(long frame, float[] window, float[] energies) {}

    /** Feeds the audio in the given chunk sizes, collecting (and clearing, never scoring) due windows. */
    private static List<Due> collectDue(WakeWordEngine engine, int[] sizes, boolean asFloat) {
        WakeWordStream stream = engine.newStream();
        ScoringBatch<String> batch = engine.newBatch(1);
        List<Due> due = new ArrayList<>();
        float[] f = Pcm.toFloat(audio);
        int pos = 0;
        for (int size : sizes) {
            if (asFloat) engine.accept(stream, "s", f, pos, size, batch);
            else engine.accept(stream, "s", audio, pos, size, batch);
            pos += size;
            int w = WINDOW * fx.features.coefficients();
            for (int i = 0; i < batch.size(); i++) {
                assertEquals("s", batch.stream(i));
                due.add(new Due(batch.frameIndex(i), java.util.Arrays.copyOfRange(batch.windows(), i * w, (i + 1) * w),
                        batch.energies(i)));
            }
            batch.clear();
        }
        return due;
    }

    @Test
    void windowsFallDueAtTheSameFramesWhateverTheChunking() {
        WakeWordEngine engine = new WakeWordEngine(fx.model);
        List<Long> expectedFrames = fx.dueFrames(fx.features.framesIn(audio.length));
        assertTrue(expectedFrames.size() > 50);
        int[][] chunkings = {
            {audio.length},
            TestAudio.chunkSizes(1, audio.length),
            TestAudio.chunkSizes(2, audio.length),
            ones(audio.length),
        };
        for (int c = 0; c < chunkings.length; c++) {
            for (boolean asFloat : new boolean[] {false, true}) {
                List<Due> due = collectDue(engine, chunkings[c], asFloat);
                assertEquals(expectedFrames, due.stream().map(Due::frame).toList(), "chunking " + c);
                for (Due d : due) {
                    // contents come from the reference extractor's frames: independent of chunking, bit for bit
                    assertArrayEquals(fx.window(d.frame()), d.window(), "window at frame " + d.frame() + ", chunking " + c);
                    assertArrayEquals(fx.windowEnergies(d.frame()), d.energies());
                }
            }
        }
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    /** Runs one stream fed in the given chunks, scoring after every chunk. */
    private static Run run(WakeWordEngine engine, int[] sizes, boolean restoreStates) {
        Run r = new Run();
        WakeWordStream[] stream = {engine.newStream()};
        ScoringBatch<String> batch = engine.newBatch(4);
        int pos = 0;
        for (int size : sizes) {
            engine.accept(stream[0], "id", audio, pos, size, batch);
            pos += size;
            engine.scoreAndDetect(batch, id -> stream[0], (id, d) -> r.detections.add(d), (id, f, s) -> {
                r.scoredFrames.add(f);
                r.scores.add(s);
            });
            assertTrue(batch.isEmpty());
            if (restoreStates) stream[0] = restored(stream[0]);
        }
        return r;
    }

    /** A stream rebuilt from the plain parts of its three states, as a Flink restore would. */
    static WakeWordStream restored(WakeWordStream s) {
        MfccStreamState m = s.mfcc();
        FeatureWindow w = s.window();
        DetectorState d = s.detector();
        return new WakeWordStream(
                new MfccStreamState(m.ring(), m.ringPos(), m.samplesSeen(), m.framesEmitted(), m.previousSample()),
                new FeatureWindow(w.frames(), w.coefficients(), w.rawData(), w.rawEnergies(), w.nextIndex(), w.pushed()),
                new DetectorState(d.recent(), d.count(), d.pos(), d.runStartFrame(), d.refractoryUntilFrame(), d.armed()));
    }

    static final class Run {
        final List<Long> scoredFrames = new ArrayList<>();
        final List<Float> scores = new ArrayList<>();
        final List<Detection> detections = new ArrayList<>();
    }

    @Test
    void scoresAndDetectionsDoNotDependOnChunkingOrRestores() {
        WakeWordEngine engine = new WakeWordEngine(fx.model);
        Run whole = run(engine, new int[] {audio.length}, false);
        assertEquals(fx.dueFrames(fx.features.framesIn(audio.length)), whole.scoredFrames);
        for (int i = 0; i < whole.scores.size(); i++) {
            double expected = TinyOnnx.expected(fx.window(whole.scoredFrames.get(i)), fx.weights, fx.bias, true);
            assertEquals(expected, whole.scores.get(i), 1e-4, "score at frame " + whole.scoredFrames.get(i));
        }
        assertTrue(whole.detections.size() >= 2, "the fixture should detect something: " + whole.detections);
        for (int seed = 1; seed <= 3; seed++) {
            Run chunked = run(engine, TestAudio.chunkSizes(seed, audio.length), seed == 3);
            assertEquals(whole.scoredFrames, chunked.scoredFrames, "seed " + seed);
            for (int i = 0; i < whole.scores.size(); i++) {
                // the windows are bit-identical (checked above); ONNX Runtime may differ in the last bits by batch
                assertEquals(whole.scores.get(i), chunked.scores.get(i), 1e-6f, "seed " + seed + " score " + i);
            }
            StreamingDetectorTest.assertSameDetections(whole.detections, chunked.detections, "seed " + seed);
        }
    }

    @Test
    void oneBatchForManyStreamsEqualsEachStreamAlone() {
        WakeWordEngine engine = new WakeWordEngine(fx.model);
        Run alone = run(engine, new int[] {audio.length}, false);

        // three devices with the same audio, started at different times, chunked differently, sharing one batch
        int devices = 3;
        Map<String, WakeWordStream> streams = new HashMap<>();
        Map<String, List<Detection>> detections = new HashMap<>();
        Map<String, List<Float>> scores = new HashMap<>();
        Map<String, int[]> sizes = new HashMap<>();
        Map<String, Integer> pos = new HashMap<>(), next = new HashMap<>();
        for (int d = 0; d < devices; d++) {
            String id = "dev" + d;
            streams.put(id, engine.newStream());
            detections.put(id, new ArrayList<>());
            scores.put(id, new ArrayList<>());
            sizes.put(id, TestAudio.chunkSizes(100 + d, audio.length));
            pos.put(id, 0);
            next.put(id, 0);
        }
        ScoringBatch<String> batch = engine.newBatch(2);
        Random r = new Random(5);
        boolean any = true;
        int maxBatch = 0;
        while (any) {
            any = false;
            for (int d = 0; d < devices; d++) {
                String id = "dev" + d;
                int k = next.get(id);
                if (k >= sizes.get(id).length) continue;
                any = true;
                if (d > 0 && r.nextInt(3) == 0) continue; // devices progress at different speeds
                int size = sizes.get(id)[k];
                engine.accept(streams.get(id), id, audio, pos.get(id), size, batch);
                pos.put(id, pos.get(id) + size);
                next.put(id, k + 1);
            }
            if (r.nextInt(4) == 0 || !any) {
                maxBatch = Math.max(maxBatch, batch.size());
                engine.scoreAndDetect(batch, streams::get, (id, det) -> detections.get(id).add(det),
                        (id, f, s) -> scores.get(id).add(s));
            }
        }
        assertTrue(maxBatch > 3, "batches should mix windows: max " + maxBatch);
        for (int d = 0; d < devices; d++) {
            assertEquals(alone.scores.size(), scores.get("dev" + d).size());
            for (int i = 0; i < alone.scores.size(); i++) {
                assertEquals(alone.scores.get(i), scores.get("dev" + d).get(i), 1e-6f, "dev" + d + " score " + i);
            }
            StreamingDetectorTest.assertSameDetections(alone.detections, detections.get("dev" + d), "dev" + d);
        }
    }

    @Test
    void detectionsMatchTheDetectorRunOnReferenceScores() {
        // the engine's detections equal those of a detector fed the reference scores and energies directly
        WakeWordEngine engine = new WakeWordEngine(fx.model);
        Run run = run(engine, new int[] {audio.length}, false);
        io.wakestream.engine.detect.WakeWordDetector detector = new io.wakestream.engine.detect.WakeWordDetector(
                fx.manifest.wakePhrase(), fx.manifest.detection(), fx.features);
        DetectorState s = detector.newState();
        List<Detection> expected = new ArrayList<>();
        for (long f : fx.dueFrames(fx.features.framesIn(audio.length))) {
            float score = (float) TinyOnnx.expected(fx.window(f), fx.weights, fx.bias, true);
            Detection d = detector.onScore(s, f, score, fx.windowEnergies(f));
            if (d != null) expected.add(d);
        }
        assertEquals(expected.size(), run.detections.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).detectedAtMs(), run.detections.get(i).detectedAtMs());
            assertEquals(expected.get(i).audioStartMs(), run.detections.get(i).audioStartMs());
            assertEquals(expected.get(i).audioEndMs(), run.detections.get(i).audioEndMs());
            assertEquals(expected.get(i).score(), run.detections.get(i).score(), 1e-4f);
            assertEquals("anything loud", run.detections.get(i).wakeWord());
        }
        assertEquals(fx.manifest, engine.manifest());
    }
}
