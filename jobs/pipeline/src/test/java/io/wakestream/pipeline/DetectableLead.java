package io.wakestream.pipeline;

import io.wakestream.engine.model.ModelLoadException;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.engine.stream.StreamingDetector;
import io.wakestream.engine.stream.WakeWordEngine;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * A model scores every few frames (every 40 ms for the jarvis models), so whether it fires on a short recorded phrase
 * can depend on where the phrase falls against that grid: any model misses some phrases at some alignments. Tests
 * of the pipeline's plumbing (state, checkpoints, rescaling, idle devices) need a phrase the model does detect, not a
 * model that detects at one particular alignment. This picks the shortest lead of silence, under one scoring step,
 * after which the offline detector (the same engine the operator runs) finds the phrase exactly once, and fails
 * clearly when no alignment works.
 */
public final class DetectableLead {
    /** Leads are tried in steps of 5 ms. */
    public static final int STEP_SAMPLES = 80;

    private DetectableLead() {}

    /**
     * @param audioAfterLead the test's audio given a lead of that many samples of silence (the lead included)
     * @return the lead, in samples: a multiple of {@link #STEP_SAMPLES} below one scoring step
     */
    public static int samples(Path modelDir, IntFunction<short[]> audioAfterLead) {
        WakeWordModel model;
        try {
            model = WakeWordModel.load(modelDir);
        } catch (ModelLoadException e) {
            throw new IllegalStateException(e);
        }
        int step = new WakeWordEngine(model, model.manifest().detection()).samplesPerScore();
        StringBuilder tried = new StringBuilder();
        for (int lead = 0; lead < step; lead += STEP_SAMPLES) {
            short[] audio = audioAfterLead.apply(lead);
            int found = new StreamingDetector(model).accept(audio, 0, audio.length).size();
            if (found == 1) return lead;
            tried.append(' ').append(lead).append(':').append(found);
        }
        throw new AssertionError("the model in " + modelDir + " does not detect the phrase exactly once after any lead of"
                + " silence under one scoring step (lead in samples: detections)" + tried);
    }

    /** {@link #samples} for audio that is the lead followed by {@code audio}. */
    public static int samples(Path modelDir, short[] audio) {
        return samples(modelDir, lead -> Signals.concat(Signals.silence(lead), audio));
    }
}
