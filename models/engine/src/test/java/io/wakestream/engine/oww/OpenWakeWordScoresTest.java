package io.wakestream.engine.oww;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.TestAudio;
import io.wakestream.engine.detect.Detection;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.engine.stream.ScoringBatch;
import io.wakestream.engine.stream.StreamingDetector;
import io.wakestream.engine.stream.WakeWordEngine;
import io.wakestream.engine.stream.WakeWordStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * openWakeWord's own models through the engine. Thresholds were set from measurements (espeak-ng "hey jarvis", 5
 * voices x 2 speeds: hey_jarvis 0.97-0.999, alexa about 0.13, hey_mycroft about 0; hey_jarvis on 8 s of digital
 * silence 0.00006, on white noise 0.02-0.09) with a wide margin.
 */
class OpenWakeWordScoresTest {
    record Scored(List<Long> frames, List<Float> scores, List<Detection> detections) {
        float max() {
            float m = 0;
            for (float s : scores) m = Math.max(m, s);
            return m;
        }
    }

    static Scored run(WakeWordModel model, short[] pcm, int[] chunks) {
        List<Long> frames = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        StreamingDetector d = new StreamingDetector(model, model.manifest().detection(), (frame, score) -> {
            frames.add(frame);
            scores.add(score);
        });
        List<Detection> detections = new ArrayList<>();
        int pos = 0;
        for (int c : chunks) {
            detections.addAll(d.accept(pcm, pos, c));
            pos += c;
        }
        return new Scored(frames, scores, detections);
    }

    static Scored run(WakeWordModel model, short[] pcm) {
        return run(model, pcm, new int[] {pcm.length});
    }

    static short[] heyJarvis(String voice, int wpm) throws Exception {
        return SynthesizedSpeech.padded(SynthesizedSpeech.speak("hey jarvis", voice, wpm), 16000, 24000, 1);
    }

    @Test
    void aScoreEvery80msStepWithOpenWakeWordsWarmUp() {
        WakeWordModel jarvis = OpenWakeWordModelsOnDisk.load("hey_jarvis");
        short[] pcm = TestAudio.speechLikePcm(11, 3.0, 16000);
        Scored s = run(jarvis, pcm);
        // One score per complete 1280-sample step; the frame index is the step's newest mel frame (8k + 4).
        assertEquals(pcm.length / 1280, s.frames().size());
        for (int k = 0; k < s.frames().size(); k++) assertEquals(8L * k + 4, s.frames().get(k));
        // openWakeWord zeroes the first 5 predictions while its buffers fill.
        for (int k = 0; k < 5; k++) assertEquals(0f, s.scores().get(k), "score of step " + k);
        assertTrue(s.scores().subList(5, s.scores().size()).stream().anyMatch(v -> v > 0f), "scores after the warm-up are the head's");
    }

    @Test
    void silenceAndNoiseScoreNearZeroWithHeyJarvis() {
        WakeWordModel jarvis = OpenWakeWordModelsOnDisk.load("hey_jarvis");
        Random r = new Random(5);
        short[] silence = new short[16000 * 8];
        short[] quietNoise = new short[16000 * 8];
        short[] loudNoise = new short[16000 * 8];
        for (int i = 0; i < quietNoise.length; i++) {
            quietNoise[i] = (short) Math.round(r.nextGaussian() * 300);
            loudNoise[i] = (short) Math.round(r.nextGaussian() * 3000);
        }
        Scored s = run(jarvis, silence);
        assertTrue(s.max() < 0.01f, "silence max score " + s.max());
        for (short[] noise : List.of(quietNoise, loudNoise)) {
            Scored n = run(jarvis, noise);
            assertTrue(n.max() < 0.2f, "noise max score " + n.max());
            assertTrue(n.detections().isEmpty(), "noise detections " + n.detections());
        }
    }

    @Test
    void synthesizedHeyJarvisScoresHighWithItsModelAndLowWithTheOthers() throws Exception {
        WakeWordModel jarvis = OpenWakeWordModelsOnDisk.load("hey_jarvis");
        WakeWordModel alexa = OpenWakeWordModelsOnDisk.load("alexa");
        WakeWordModel mycroft = OpenWakeWordModelsOnDisk.load("hey_mycroft");
        float silence = run(jarvis, new short[16000 * 3]).max();
        for (String voice : List.of("en-us", "en+m7", "en-us+f3")) {
            short[] pcm = heyJarvis(voice, 140);
            Scored j = run(jarvis, pcm);
            float a = run(alexa, pcm).max();
            float m = run(mycroft, pcm).max();
            String what = voice + ": hey_jarvis " + j.max() + ", alexa " + a + ", hey_mycroft " + m + ", silence " + silence;
            assertTrue(j.max() > 0.8f, what);
            assertTrue(a < 0.4f && m < 0.4f, what);
            assertTrue(j.max() > silence + 0.7f, what);
            assertEquals(1, j.detections().size(), what + ": detections " + j.detections());
            Detection d = j.detections().get(0);
            // The phrase starts after 1 s of quiet noise; the located span must lie inside the audio and around it.
            assertTrue(d.audioStartMs() >= 500 && d.audioEndMs() <= pcm.length / 16 && d.audioStartMs() < d.audioEndMs(), what + ": " + d);
        }
    }

    @Test
    void scoresDoNotDependOnChunkSizes() throws Exception {
        WakeWordModel jarvis = OpenWakeWordModelsOnDisk.load("hey_jarvis");
        short[] phrase = heyJarvis("en-us", 150);
        short[] pcm = new short[phrase.length + 16000 * 2];
        System.arraycopy(TestAudio.speechLikePcm(4, 2.0, 16000), 0, pcm, 0, 32000);
        System.arraycopy(phrase, 0, pcm, 32000, phrase.length);
        Scored whole = run(jarvis, pcm);
        assertTrue(whole.max() > 0.5f, "the clip holds the phrase: " + whole.max());
        for (long seed = 1; seed <= 3; seed++) {
            Scored chunked = run(jarvis, pcm, TestAudio.chunkSizes(seed, pcm.length));
            assertEquals(whole.frames(), chunked.frames(), "seed " + seed);
            for (int i = 0; i < whole.scores().size(); i++) {
                assertEquals(whole.scores().get(i), chunked.scores().get(i), 1e-6f, "seed " + seed + " score " + i);
            }
            assertEquals(whole.detections(), chunked.detections(), "seed " + seed);
        }
    }

    @Test
    void streamsBatchedTogetherScoreAsAlone() throws Exception {
        WakeWordModel jarvis = OpenWakeWordModelsOnDisk.load("hey_jarvis");
        short[][] audio = {heyJarvis("en-us", 140), TestAudio.speechLikePcm(8, 3.0, 16000), heyJarvis("en+m7", 160)};
        WakeWordEngine engine = new WakeWordEngine(jarvis);
        WakeWordStream[] streams = new WakeWordStream[audio.length];
        List<List<Float>> together = new ArrayList<>();
        for (int i = 0; i < audio.length; i++) {
            streams[i] = engine.newStream();
            together.add(new ArrayList<>());
        }
        ScoringBatch<Integer> batch = engine.newBatch(4);
        // Interleave the streams in uneven chunks: one batch holds several steps of several streams.
        Random r = new Random(9);
        int[] pos = new int[audio.length];
        boolean more = true;
        while (more) {
            more = false;
            for (int i = 0; i < audio.length; i++) {
                int n = Math.min(audio[i].length - pos[i], 1 + r.nextInt(5000));
                if (n <= 0) continue;
                engine.accept(streams[i], i, audio[i], pos[i], n, batch);
                pos[i] += n;
                more = true;
            }
            if (r.nextInt(3) == 0) engine.scoreAndDetect(batch, i -> streams[i], null, (i, frame, score) -> together.get(i).add(score));
        }
        engine.scoreAndDetect(batch, i -> streams[i], null, (i, frame, score) -> together.get(i).add(score));
        for (int i = 0; i < audio.length; i++) {
            List<Float> alone = run(jarvis, audio[i]).scores();
            assertEquals(alone.size(), together.get(i).size(), "stream " + i);
            float[] a = new float[alone.size()];
            float[] t = new float[alone.size()];
            for (int k = 0; k < a.length; k++) {
                a[k] = alone.get(k);
                t[k] = together.get(i).get(k);
            }
            assertArrayEquals(a, t, 1e-6f, "stream " + i);
        }
    }

    /**
     * The Flink operator adds a device's steps under one id per chunk, so a batch can hold steps of one stream
     * under several ids: the incremental embedding must still take them one after another (it once ran them side
     * by side from the same history, and the pipeline scored differently from the offline detector).
     */
    @Test
    void oneStreamUnderSeveralIdsScoresAsUnderOne() throws Exception {
        WakeWordModel jarvis = OpenWakeWordModelsOnDisk.load("hey_jarvis");
        short[] pcm = heyJarvis("en-us", 140);
        WakeWordEngine engine = new WakeWordEngine(jarvis);
        WakeWordStream stream = engine.newStream();
        ScoringBatch<Integer> batch = engine.newBatch(16);
        List<Float> scores = new ArrayList<>();
        int chunk = 1600;
        for (int pos = 0, id = 0; pos < pcm.length; pos += chunk, id++) {
            engine.accept(stream, id, pcm, pos, Math.min(chunk, pcm.length - pos), batch);
            // Four chunks (five steps) per batch, each chunk's steps under their own id.
            if (id % 4 == 3) engine.scoreAndDetect(batch, i -> stream, null, (i, frame, score) -> scores.add(score));
        }
        engine.scoreAndDetect(batch, i -> stream, null, (i, frame, score) -> scores.add(score));
        List<Float> alone = run(jarvis, pcm).scores();
        assertTrue(alone.stream().anyMatch(s -> s > 0.5f), "the clip holds the phrase: " + alone);
        assertEquals(alone.size(), scores.size());
        for (int k = 0; k < alone.size(); k++) assertEquals(alone.get(k), scores.get(k), 1e-6f, "score " + k);
    }

    @Test
    void multiClassHeadScoresTheMaximumOfItsPhraseColumns() {
        WakeWordModel timer = OpenWakeWordModelsOnDisk.load("timer");
        assertEquals(34, timer.manifest().windowFrames());
        assertEquals(List.of(1, 2, 3, 4, 5, 6), timer.manifest().openWakeWord().columns());
        Scored s = run(timer, new short[16000 * 4]);
        assertEquals(16000 * 4 / 1280, s.scores().size());
        assertTrue(s.max() < 0.05f, "timer on silence " + s.max());
    }
}
