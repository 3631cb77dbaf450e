package io.wakestream.trainer.eval;

import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.detect.DetectorState;
import io.wakestream.engine.detect.WakeWordDetector;
import io.wakestream.engine.features.MfccConfig;
import io.wakestream.engine.detect.Detection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The raw scores a model gave one audio stream, window by window. Scoring is the expensive part of an
 * evaluation; keeping the trace lets every threshold be tried by replaying only the (cheap) detector.
 *
 * @param name the file or clip the scores came from
 * @param frameIndex newest frame of each scored window
 * @param scores raw score of each window
 * @param audioMs length of the audio (without the silence appended at the end)
 */
public record ScoreTrace(String name, long[] frameIndex, float[] scores, long audioMs) {
    /** Number of triggers the detector makes on this trace with the given settings. */
    public int triggers(String wakeWord, DetectionConfig config, MfccConfig frames) {
        return replay(wakeWord, config, frames, Integer.MAX_VALUE).size();
    }

    /** The detector's first trigger on this trace with the given settings, or null if it never fires. */
    public Detection firstDetection(String wakeWord, DetectionConfig config, MfccConfig frames) {
        List<Detection> first = replay(wakeWord, config, frames, 1);
        return first.isEmpty() ? null : first.get(0);
    }

    /** Every trigger of the detector on this trace with the given settings, in order. */
    public List<Detection> detections(String wakeWord, DetectionConfig config, MfccConfig frames) {
        return replay(wakeWord, config, frames, Integer.MAX_VALUE);
    }

    /** Runs a fresh detector over the scores, stopping after {@code max} triggers. */
    private List<Detection> replay(String wakeWord, DetectionConfig config, MfccConfig frames, int max) {
        WakeWordDetector detector = new WakeWordDetector(wakeWord, config, frames);
        DetectorState state = detector.newState();
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < scores.length && out.size() < max; i++) {
            Detection d = detector.onScore(state, frameIndex[i], scores[i], null);
            if (d != null) out.add(d);
        }
        return out;
    }

    public float maxScore() {
        float m = 0f;
        for (float s : scores) m = Math.max(m, s);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreTrace t && name.equals(t.name) && Arrays.equals(frameIndex, t.frameIndex)
                && Arrays.equals(scores, t.scores) && audioMs == t.audioMs;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(scores);
    }
}
