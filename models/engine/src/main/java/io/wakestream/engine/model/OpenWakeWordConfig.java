package io.wakestream.engine.model;

import io.wakestream.engine.features.MfccConfig;
import io.wakestream.engine.features.WindowFunction;
import java.util.List;

/**
 * The {@code openWakeWord} section of a manifest whose frontend is {@code "openwakeword"}: where the two shared
 * feature models are (relative to the model folder) and which output columns of the head count as the wake word.
 * The head itself is the folder's {@code model.onnx}.
 *
 * @param melspectrogramModel openWakeWord's {@code melspectrogram.onnx} (audio -> 32 mel bands every 10 ms)
 * @param embeddingModel openWakeWord's {@code embedding_model.onnx} (76 mel frames -> one 96-dim embedding)
 * @param scoreColumns columns of the head's output whose maximum is the score (null: column 0). Multi-class heads
 *     such as openWakeWord's timer model put "no wake word" in column 0 and one phrase variant in each other column.
 */
public record OpenWakeWordConfig(String melspectrogramModel, String embeddingModel, List<Integer> scoreColumns) {
    /** Samples per step: openWakeWord computes features and a score every 80 ms. */
    public static final int STEP_SAMPLES = 1280;
    /** Samples of earlier audio fed with each step so its mel frames continue the previous step's (160 * 3). */
    public static final int CONTEXT_SAMPLES = 480;
    /** Mel frames per step once the context is there (the very first step gives {@link #FIRST_STEP_MEL_FRAMES}). */
    public static final int MEL_FRAMES_PER_STEP = 8;
    /** The first step has no context: 1280 samples give 5 frames of 512 samples every 160. */
    public static final int FIRST_STEP_MEL_FRAMES = 5;
    public static final int MEL_BANDS = 32;
    /** Mel frames per embedding window. */
    public static final int EMBEDDING_WINDOW_FRAMES = 76;
    public static final int EMBEDDING_SIZE = 96;
    /** openWakeWord zeroes the first 5 predictions of a stream while its buffers fill. */
    public static final int WARM_UP_STEPS = 5;

    /**
     * Timing of openWakeWord's mel frames (512-sample frames every 160 samples at 16 kHz, 32 bands): the detector
     * counts frames in these units to place detections in time. Only the timing fields matter; the mel
     * spectrogram itself is computed by the ONNX model.
     */
    public static final MfccConfig MEL_FRAMING = new MfccConfig(16_000, 32, 10, 512, MEL_BANDS, 60, 3800, MEL_BANDS, 0,
            WindowFunction.HANN, 1e-10, null, 0);

    public OpenWakeWordConfig {
        if (melspectrogramModel == null || melspectrogramModel.isBlank()) throw new IllegalArgumentException("openWakeWord.melspectrogramModel is missing");
        if (embeddingModel == null || embeddingModel.isBlank()) throw new IllegalArgumentException("openWakeWord.embeddingModel is missing");
        if (scoreColumns != null) {
            if (scoreColumns.isEmpty()) throw new IllegalArgumentException("openWakeWord.scoreColumns must not be empty (omit it for column 0)");
            for (Integer c : scoreColumns) {
                if (c == null || c < 0) throw new IllegalArgumentException("openWakeWord.scoreColumns must be column indices >= 0, was " + scoreColumns);
            }
            scoreColumns = List.copyOf(scoreColumns);
        }
    }

    /** The columns to take the maximum of. */
    public List<Integer> columns() {
        return scoreColumns == null ? List.of(0) : scoreColumns;
    }
}
