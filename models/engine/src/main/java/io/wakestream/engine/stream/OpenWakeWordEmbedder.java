package io.wakestream.engine.stream;

import static io.wakestream.engine.model.OpenWakeWordConfig.CONTEXT_SAMPLES;
import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_SIZE;
import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_WINDOW_FRAMES;
import static io.wakestream.engine.model.OpenWakeWordConfig.FIRST_STEP_MEL_FRAMES;
import static io.wakestream.engine.model.OpenWakeWordConfig.MEL_BANDS;
import static io.wakestream.engine.model.OpenWakeWordConfig.MEL_FRAMES_PER_STEP;
import static io.wakestream.engine.model.OpenWakeWordConfig.STEP_SAMPLES;

import io.wakestream.engine.features.OpenWakeWordStreamState;
import io.wakestream.engine.model.OpenWakeWordModels;

/**
 * The embeddings a stream's openWakeWord frontend computes, for a whole recording at once: what a trainer needs to
 * build head inputs that are exactly the ones the engine will score. It drives the same stream state and models as
 * {@link OpenWakeWordFrontend} (the melspectrogram model once per 80 ms step, on the step and its 480 samples of
 * context; the embedding model on the last 76 mel frames), only with the embedding model batched over the steps of
 * the recording instead of across streams, which gives the same values (the embedding model's arithmetic per window
 * does not depend on the batch, see {@link OpenWakeWordModels#embed}). The streaming frontend may run the graphs the
 * engine derives for speed (incremental embedding, batched melspectrogram); they are checked at load to give these
 * same bits, and {@code OpenWakeWordEmbedderTest} compares the scores step by step.
 *
 * <p>Safe to share between threads (the models are; every call has its own stream state).
 */
public final class OpenWakeWordEmbedder {
    /** Steps per embedding-model call: large enough to amortise the call, small enough to keep the input small. */
    private static final int BATCH = 64;
    private static final int STEP_INPUT = CONTEXT_SAMPLES + STEP_SAMPLES;
    private static final int MEL_WINDOW = EMBEDDING_WINDOW_FRAMES * MEL_BANDS;

    private final OpenWakeWordModels models;
    private final float[] warmUp;

    public OpenWakeWordEmbedder(OpenWakeWordModels models) {
        this.models = models;
        this.warmUp = models.warmUpEmbeddings();
    }

    /** Embeddings per head input. */
    public int windowFrames() {
        return models.windowFrames();
    }

    /**
     * The embedding of every complete 80 ms step of {@code pcm}, fed to a new stream: {@code steps x 96}, step
     * {@code s} (audio up to sample {@code (s + 1) * 1280}) at {@code s * 96}. A trailing partial step is ignored.
     */
    public float[] embeddings(short[] pcm) {
        int steps = pcm.length / STEP_SAMPLES;
        float[] out = new float[steps * EMBEDDING_SIZE];
        if (steps == 0) return out;
        OpenWakeWordStreamState state = new OpenWakeWordStreamState(warmUp);
        float[] stepAudio = new float[STEP_INPUT];
        float[] mel = new float[OpenWakeWordModels.melFrames(STEP_INPUT) * MEL_BANDS];
        // One set of native buffers for the whole recording, not two allocations per step.
        OpenWakeWordModels.Buffers buffers = new OpenWakeWordModels.Buffers();
        float[] melWindows = new float[Math.min(steps, BATCH) * MEL_WINDOW];
        int[] queued = {0};
        int[] done = {0};
        state.accept(pcm, 0, steps * STEP_SAMPLES, (step, audio) -> {
            // As ScoringBatch.addAudio: 16-bit sample values as floats, unscaled.
            for (int i = 0; i < STEP_INPUT; i++) stepAudio[i] = audio[i];
            // A stream's first step has no context: the model runs on its 1280 samples alone (5 frames).
            boolean first = step == 0;
            int samples = first ? STEP_SAMPLES : STEP_INPUT;
            models.melspectrogram(stepAudio, first ? CONTEXT_SAMPLES : 0, samples, buffers, mel, 0);
            state.pushMel(mel, 0, OpenWakeWordModels.melFrames(samples));
            state.copyMelWindow(melWindows, queued[0] * MEL_WINDOW);
            if (++queued[0] == BATCH) {
                flush(melWindows, queued[0], out, done[0], buffers);
                done[0] += queued[0];
                queued[0] = 0;
            }
        });
        if (queued[0] > 0) flush(melWindows, queued[0], out, done[0], buffers);
        return out;
    }

    private void flush(float[] melWindows, int count, float[] out, int firstStep, OpenWakeWordModels.Buffers buffers) {
        float[] e = new float[count * EMBEDDING_SIZE];
        models.embed(melWindows, count, buffers, e);
        System.arraycopy(e, 0, out, firstStep * EMBEDDING_SIZE, count * EMBEDDING_SIZE);
    }

    /**
     * The head's input after step {@code step}: the last {@link #windowFrames()} embeddings of the stream, oldest
     * first, reaching back into the model's warm-up embeddings early in the stream, as the engine's buffer does.
     *
     * @param embeddings the stream's embeddings from {@link #embeddings(short[])}
     * @param dest receives {@code windowFrames x 96} values at {@code offset}
     */
    public void headInput(float[] embeddings, int step, float[] dest, int offset) {
        int frames = windowFrames();
        int steps = embeddings.length / EMBEDDING_SIZE;
        if (step < 0 || step >= steps) throw new IllegalArgumentException("step " + step + " of " + steps);
        for (int k = 0; k < frames; k++) {
            // Embedding k of the window belongs to step (step - frames + 1 + k); before step 0 it is warm-up.
            int s = step - frames + 1 + k;
            if (s >= 0) {
                System.arraycopy(embeddings, s * EMBEDDING_SIZE, dest, offset + k * EMBEDDING_SIZE, EMBEDDING_SIZE);
            } else {
                int w = warmUp.length / EMBEDDING_SIZE + s;
                System.arraycopy(warmUp, w * EMBEDDING_SIZE, dest, offset + k * EMBEDDING_SIZE, EMBEDDING_SIZE);
            }
        }
    }

    /** The first step whose head input holds only this stream's audio (no warm-up embeddings, no initial mel ones). */
    public int firstFullyHeardStep() {
        // The 76-frame mel window is all audio from the step whose frames reach 76 (5 on the first step, then 8 each):
        // step 9; a head input is all audio once its oldest embedding is that step's.
        int firstFullEmbedding = (EMBEDDING_WINDOW_FRAMES - FIRST_STEP_MEL_FRAMES + MEL_FRAMES_PER_STEP - 1) / MEL_FRAMES_PER_STEP;
        return firstFullEmbedding + windowFrames() - 1;
    }
}
