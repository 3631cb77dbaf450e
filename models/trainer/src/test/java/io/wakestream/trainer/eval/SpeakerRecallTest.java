package io.wakestream.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.detect.SmoothingConfig;
import io.wakestream.engine.features.MfccConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeakerRecallTest {
    private static final MfccConfig FRAMES = MfccConfig.defaults();
    private static final DetectionConfig AT_HALF = new DetectionConfig(0.5f, SmoothingConfig.movingAverage(1), 1500);

    @Test
    void aClipsSpeakerIsItsFolderBelowTheRootElseItsFileNameAsTheTrainerNamesThem() {
        Path root = Path.of("clips");
        assertEquals("alice", SpeakerRecall.speakerOf(root.resolve("alice/take_1.wav"), root));
        assertEquals("alice", SpeakerRecall.speakerOf(root.resolve("alice/more/x.wav"), root));
        // train --write-test-set: a number, then the speaker (whose id had its ':' made '_').
        assertEquals("espeak-ng_m5", SpeakerRecall.speakerOf(root.resolve("00012_espeak-ng_m5.wav"), root));
        // train --recordings: the speaker before the first underscore.
        assertEquals("bob", SpeakerRecall.speakerOf(root.resolve("bob_kitchen_2.wav"), root));
        assertEquals("carol", SpeakerRecall.speakerOf(root.resolve("carol.WAV"), root));
        // A file given on its own is its own root.
        Path file = Path.of("dave_1.wav");
        assertEquals("dave", SpeakerRecall.speakerOf(file, file));
        assertEquals("dave", SpeakerRecall.speakerOf(file, null));
    }

    @Test
    void recallIsCountedBySpeakerAndTheWorstComeFirst() {
        List<ScoreTrace> clips = List.of(heard(true), heard(false), heard(true), heard(true), heard(false), heard(false));
        List<String> speakers = List.of("b", "b", "a", "a", "c", "d");
        List<SpeakerRecall> by = SpeakerRecall.at("jarvis", AT_HALF, FRAMES, clips, speakers);
        assertEquals(List.of(new SpeakerRecall("c", 0, 1), new SpeakerRecall("d", 0, 1), new SpeakerRecall("b", 1, 2),
                new SpeakerRecall("a", 2, 2)), by);
        assertEquals(0.5, by.get(2).recall());
        // The setting decides: at a threshold above every score nobody is caught.
        assertEquals(0, SpeakerRecall.at("jarvis", AT_HALF.withThreshold(0.99f), FRAMES, clips, speakers).stream()
                .mapToInt(SpeakerRecall::caught).sum());
        assertThrows(IllegalArgumentException.class, () -> SpeakerRecall.at("jarvis", AT_HALF, FRAMES, clips, List.of("a")));
    }

    /** Forty scores every four frames, five of them 0.9 in the middle when {@code caught}, else all 0.1. */
    private static ScoreTrace heard(boolean caught) {
        long[] frames = new long[40];
        float[] scores = new float[40];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = 100 + 4L * i;
            scores[i] = caught && i >= 20 && i < 25 ? 0.9f : 0.1f;
        }
        return new ScoreTrace("clip", frames, scores, 2000);
    }
}
