package io.wakestream.trainer.pipeline;

import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.trainer.dataset.WindowSet;
import io.wakestream.trainer.nn.KwsNetwork;

/**
 * Proves an export: the same windows through DJL (the trained network) and through the engine's ONNX Runtime
 * scorer (the exported file, as it will be served) must give the same scores.
 */
final class ExportParity {
    private ExportParity() {}

    /** @return the largest absolute score difference over the first {@code n} windows */
    static double check(KwsNetwork network, WakeWordModel exported, WindowSet windows, int n) {
        try (exported) {
            float[][] batch = first(windows, n);
            int count = batch.length;
            float[] djl = network.predict(batch);
            float[] ort = scores(exported, batch);
            double max = 0;
            for (int i = 0; i < count; i++) max = Math.max(max, Math.abs(djl[i] - ort[i]));
            return max;
        }
    }

    /** The first {@code n} windows of {@code windows} (all of them if there are fewer), not copied. */
    static float[][] first(WindowSet windows, int n) {
        float[][] out = new float[Math.min(n, windows.size())][];
        System.arraycopy(windows.features(), 0, out, 0, out.length);
        return out;
    }

    /** The exported model's scores of {@code windows}, through the engine's own path to the head. */
    static float[] scores(WakeWordModel exported, float[][] windows) {
        int count = windows.length;
        int size = count == 0 ? 0 : windows[0].length;
        float[] flat = new float[count * size];
        for (int i = 0; i < count; i++) System.arraycopy(windows[i], 0, flat, i * size, size);
        float[] ort = new float[count];
        // The MFCC scorer, or the openWakeWord models' head call.
        if (exported.openWakeWord() != null) exported.openWakeWord().score(flat, count, ort);
        else exported.scorer().score(flat, count, ort);
        return ort;
    }
}
