package io.wakestream.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.TestAudio;
import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.detect.Detection;
import io.wakestream.engine.detect.SmoothingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingDetectorTest {
    static short[] audio;
    static EngineFixture fx;

    @BeforeAll
    static void setUp(@TempDir Path dir) throws Exception {
        audio = TestAudio.speechLikePcm(78, 10.0, 16_000);
        fx = new EngineFixture(dir, 50, 3, audio, new DetectionConfig(0.5f, new SmoothingConfig(2, 1, 2), 400));
    }

    private record Result(List<Detection> detections, List<long[]> scores) {}

    private static Result feed(StreamingDetector[] holder, int[] sizes, boolean finish) {
        List<long[]> scores = new ArrayList<>();
        StreamingDetector d = new StreamingDetector(fx.model, fx.manifest.detection(),
                (f, s) -> scores.add(new long[] {f, Float.floatToIntBits(s)}));
        holder[0] = d;
        List<Detection> out = new ArrayList<>();
        int pos = 0;
        for (int size : sizes) {
            out.addAll(d.accept(audio, pos, size));
            pos += size;
        }
        if (finish) out.addAll(d.finish());
        return new Result(out, scores);
    }

    /**
     * Same detections; the score may differ in the last bits, because ONNX Runtime's reductions are not bitwise
     * independent of the batch a window is scored in (and the batches depend on the chunking).
     */
    static void assertSameDetections(List<Detection> expected, List<Detection> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": " + expected + " vs " + actual);
        for (int i = 0; i < expected.size(); i++) {
            Detection e = expected.get(i), a = actual.get(i);
            assertEquals(e.wakeWord(), a.wakeWord());
            assertEquals(e.audioStartMs(), a.audioStartMs(), what);
            assertEquals(e.audioEndMs(), a.audioEndMs(), what);
            assertEquals(e.detectedAtMs(), a.detectedAtMs(), what);
            assertEquals(e.score(), a.score(), 1e-6f, what);
        }
    }

    @Test
    void chunkingDoesNotMatter() {
        StreamingDetector[] h = new StreamingDetector[1];
        Result whole = feed(h, new int[] {audio.length}, false);
        assertEquals(audio.length, h[0].samplesSeen());
        assertTrue(whole.detections.size() >= 2, "fixture should detect: " + whole.detections);
        // scored frames follow the schedule even though one big chunk is split into batches of 64 windows
        List<Long> frames = whole.scores.stream().map(s -> s[0]).toList();
        assertEquals(fx.dueFrames(fx.features.framesIn(audio.length)), frames);
        assertTrue(frames.size() > 64);
        for (int seed = 1; seed <= 3; seed++) {
            Result chunked = feed(h, TestAudio.chunkSizes(seed, audio.length), false);
            assertSameDetections(whole.detections, chunked.detections, "seed " + seed);
            assertEquals(whole.scores.size(), chunked.scores.size());
            for (int i = 0; i < whole.scores.size(); i++) {
                assertEquals(whole.scores.get(i)[0], chunked.scores.get(i)[0]);
                assertEquals(Float.intBitsToFloat((int) whole.scores.get(i)[1]), Float.intBitsToFloat((int) chunked.scores.get(i)[1]), 1e-6f);
            }
        }
    }

    @Test
    void finishSeesAClipShorterThanTheWindowAndClipsTheSpanToTheAudio() {
        // 0.4 s of loud noise (38 frames) with a 50-frame window: no window is full until finish() pads silence
        short[] clip = new short[6400];
        java.util.Random r = new java.util.Random(9);
        for (int i = 0; i < clip.length; i++) clip[i] = (short) Math.max(-32768, Math.min(32767, r.nextGaussian() * 12_000));
        List<Long> scored = new ArrayList<>();
        StreamingDetector d = new StreamingDetector(fx.model, fx.manifest.detection(), (f, s) -> scored.add(f));
        assertTrue(d.accept(clip, 0, clip.length).isEmpty());
        assertTrue(scored.isEmpty(), "too early to score: " + scored);
        List<Detection> atEnd = d.finish();
        assertFalse(atEnd.isEmpty(), "the loud clip must be found once the stream is finished");
        assertEquals(49L, scored.get(0));
        for (Detection det : atEnd) {
            assertTrue(det.audioStartMs() <= det.audioEndMs() && det.audioEndMs() <= 400, det.toString());
        }
        assertEquals(400, atEnd.get(0).audioEndMs(), "the loud run reaches the end of the clip: " + atEnd.get(0));
        assertThrows(IllegalStateException.class, () -> d.accept(clip, 0, 10));
        assertThrows(IllegalStateException.class, d::finish);
    }

    @Test
    void clipShorterThanTheWindowIsScoredAfterFinish() {
        List<Long> scored = new ArrayList<>();
        StreamingDetector d = new StreamingDetector(fx.model, fx.manifest.detection(), (f, s) -> scored.add(f));
        short[] clip = new short[3000]; // 18 frames, window 50
        d.accept(clip, 0, clip.length);
        assertTrue(scored.isEmpty());
        d.finish();
        assertFalse(scored.isEmpty());
        assertEquals(49L, scored.get(0));
    }

    @Test
    void defaultConstructorUsesTheManifest() {
        StreamingDetector d = new StreamingDetector(fx.model);
        StreamingDetector[] h = new StreamingDetector[1];
        List<Detection> viaDefault = new ArrayList<>(d.accept(audio, 0, audio.length));
        assertSameDetections(feed(h, new int[] {audio.length}, false).detections, viaDefault, "default constructor");
        assertThrows(IndexOutOfBoundsException.class,
                () -> new StreamingDetector(fx.model).accept(audio, audio.length - 5, 10));
    }
}
