package io.wakestream.engine.detect;

import io.wakestream.engine.features.MfccConfig;
import java.util.Arrays;

/**
 * Estimates where the wake phrase lies in the audio from frame energies. The model fires once the whole
 * phrase is inside its window, so the phrase ends near the first window that scored high: the phrase is taken
 * to be the last run of loud frames (gaps up to {@link #MAX_GAP_FRAMES} allowed, for stops inside a word)
 * ending at or shortly after that frame.
 */
final class PhraseLocator {
    static final int MAX_GAP_FRAMES = 15;
    /** How far past the first high-scoring frame the phrase's end may lie (the model may fire a little early). */
    static final int END_SLACK_FRAMES = 10;

    private PhraseLocator() {}

    /** @return {startMs, endMs} */
    static long[] locate(float[] energiesDb, long newestFrame, long runStartFrame, MfccConfig cfg) {
        long fallbackEnd = cfg.frameEndMs(runStartFrame);
        long[] noEnergies = {Math.max(0, fallbackEnd - 1000), fallbackEnd};
        if (energiesDb == null || energiesDb.length == 0) return noEnergies;
        int t = energiesDb.length;
        long oldestFrame = newestFrame - (t - 1);
        // Compare as long before narrowing: a run that began long before the window must not wrap around.
        long lastSearchable = runStartFrame + END_SLACK_FRAMES - oldestFrame;
        // The run (and so the phrase's end) lies before this window's energies (e.g. it began during a
        // refractory period longer than the window): they say nothing about it.
        if (lastSearchable < 0) return noEnergies;
        float[] sorted = energiesDb.clone();
        Arrays.sort(sorted);
        float floor = sorted[t / 10];
        float peak = sorted[t - 1];
        float loud = Math.max(floor + 10f, peak - 35f);
        int searchFrom = (int) Math.min(t - 1, lastSearchable);
        int end = -1;
        for (int j = searchFrom; j >= 0; j--) {
            if (energiesDb[j] >= loud) { end = j; break; }
        }
        // No loud frame: from the window's start, but never after the end (the run may start just before the window).
        if (end < 0) return new long[] {Math.min(cfg.frameStartMs(oldestFrame), fallbackEnd), fallbackEnd};
        int start = end, gap = 0;
        for (int j = end - 1; j >= 0; j--) {
            if (energiesDb[j] >= loud) { start = j; gap = 0; }
            else if (++gap > MAX_GAP_FRAMES) break;
        }
        return new long[] {cfg.frameStartMs(oldestFrame + start), cfg.frameEndMs(oldestFrame + end)};
    }
}
