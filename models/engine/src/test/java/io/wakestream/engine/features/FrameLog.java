package io.wakestream.engine.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/** Records every frame a {@link MfccExtractor} emits (copying the reused coefficient array). */
final class FrameLog implements FrameSink {
    final List<Long> indices = new ArrayList<>();
    final List<float[]> frames = new ArrayList<>();
    final List<Float> energies = new ArrayList<>();

    @Override
    public void onFrame(long frameIndex, float[] coefficients, float logEnergyDb) {
        indices.add(frameIndex);
        frames.add(coefficients.clone());
        energies.add(logEnergyDb);
    }

    int size() {
        return frames.size();
    }

    /** Bit-for-bit equality of indices, coefficients and energies. */
    static void assertIdentical(FrameLog expected, FrameLog actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": frame count");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.indices.get(i), actual.indices.get(i), what + ": index of frame " + i);
            if (!java.util.Arrays.equals(expected.frames.get(i), actual.frames.get(i))) {
                assertArrayEquals(expected.frames.get(i), actual.frames.get(i), what + ": coefficients of frame " + i);
                fail(what + ": coefficients of frame " + i + " differ in bits (e.g. -0.0 vs 0.0 or NaN payload)");
            }
            assertEquals(Float.floatToRawIntBits(expected.energies.get(i)), Float.floatToRawIntBits(actual.energies.get(i)),
                    what + ": energy bits of frame " + i);
        }
    }
}
