package io.wakestream.trainer.pipeline;

import io.wakestream.engine.model.WakeWordModel;

/** For tests elsewhere: a model's scores of windows, as the trainer's checks take them. */
public final class TestScores {
    private TestScores() {}

    public static float[] of(WakeWordModel model, float[][] windows) {
        return ExportParity.scores(model, windows);
    }
}
