package io.wakestream.engine.detect;

import io.wakestream.engine.features.MfccConfig;

/**
 * Turns a stream's sequence of raw model scores into detections: smoothing, threshold, refractory period, re-arming
 * (after a trigger the smoothed score must fall below the threshold before the next one), and the phrase's position
 * in the audio. Stateless itself; every stream's memory is in its {@link DetectorState}.
 */
public final class WakeWordDetector {
    private final String wakeWord;
    private final DetectionConfig config;
    private final MfccConfig frames;
    private final long refractoryFrames;

    public WakeWordDetector(String wakeWord, DetectionConfig config, MfccConfig frames) {
        this.wakeWord = wakeWord;
        this.config = config;
        this.frames = frames;
        this.refractoryFrames = Math.round(config.refractoryMs() / frames.hopMs());
    }

    public DetectionConfig config() {
        return config;
    }

    public DetectorState newState() {
        return new DetectorState(config.smoothing());
    }

    /**
     * Takes the raw score of the window that ends with frame {@code frameIndex}.
     *
     * @param windowEnergiesDb frame energies of that window, oldest first (to locate the phrase); may be null
     * @return a detection, or null
     */
    public Detection onScore(DetectorState s, long frameIndex, float score, float[] windowEnergiesDb) {
        float threshold = config.threshold();
        SmoothingConfig sm = config.smoothing();
        s.recent[s.pos] = score;
        s.pos = (s.pos + 1) % s.recent.length;
        if (s.count < s.recent.length) s.count++;
        if (score >= threshold) {
            if (s.runStartFrame < 0) s.runStartFrame = frameIndex;
        } else if (smoothed(s, sm.averageOver()) < threshold) {
            s.runStartFrame = -1;
        }
        float average = smoothed(s, sm.averageOver());
        if (!s.armed && average < threshold) s.armed = true;
        if (frameIndex < s.refractoryUntilFrame || !s.armed) return null;
        if (average < threshold) return null;
        if (sm.k() > 0 && countAtLeast(s, sm.n(), threshold) < sm.k()) return null;

        long runStart = s.runStartFrame >= 0 ? s.runStartFrame : frameIndex;
        s.refractoryUntilFrame = frameIndex + refractoryFrames;
        s.armed = false;
        s.runStartFrame = -1;
        long[] span = PhraseLocator.locate(windowEnergiesDb, frameIndex, runStart, frames);
        return new Detection(wakeWord, average, span[0], span[1], frames.frameEndMs(frameIndex));
    }

    /** Mean of the last {@code m} scores (fewer at the start of a stream). */
    static float smoothed(DetectorState s, int m) {
        int have = Math.min(m, s.count);
        if (have == 0) return 0f;
        float sum = 0f;
        for (int i = 1; i <= have; i++) sum += s.recent[Math.floorMod(s.pos - i, s.recent.length)];
        return sum / have;
    }

    private static int countAtLeast(DetectorState s, int n, float threshold) {
        int have = Math.min(n, s.count), c = 0;
        for (int i = 1; i <= have; i++) if (s.recent[Math.floorMod(s.pos - i, s.recent.length)] >= threshold) c++;
        return c;
    }
}
