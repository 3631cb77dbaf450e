package io.wakestream.engine.features;

import static io.wakestream.engine.model.OpenWakeWordConfig.CONTEXT_SAMPLES;
import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_SIZE;
import static io.wakestream.engine.model.OpenWakeWordConfig.EMBEDDING_WINDOW_FRAMES;
import static io.wakestream.engine.model.OpenWakeWordConfig.MEL_BANDS;
import static io.wakestream.engine.model.OpenWakeWordConfig.MEL_FRAMES_PER_STEP;
import static io.wakestream.engine.model.OpenWakeWordConfig.STEP_SAMPLES;

import java.util.Arrays;

/**
 * What one audio stream carries between chunks for the openWakeWord frontend, mirroring openWakeWord's
 * {@code AudioFeatures} buffers at their working sizes: the audio of the step being filled plus the 480 samples
 * before it (the melspectrogram model's context), the last 76 mel frames (starting as openWakeWord's ones), the last
 * {@code windowFrames} embeddings (starting as the model's warm-up embeddings) and, for placing detections in time,
 * each mel frame's energy over the head's span. About 3.5 KB of audio and 6-23 KB of features: plain arrays, so a
 * Flink job can keep it in keyed state.
 *
 * <p>All arrays are oldest-first and shift on each push (a few KB per 80 ms step), so the state has no ring indices
 * to keep consistent.
 */
public final class OpenWakeWordStreamState {
    /** Mel energy of openWakeWord's initial all-ones mel rows, in the model's dB units ((1 - 2) * 10). */
    private static final float INITIAL_ENERGY_DB = -10f;

    /** [0, 480): the context before the current step; [480, 480 + pending): the current step so far. */
    final short[] audio;
    int pending;
    long samplesSeen;
    /** Steps cut so far (queued for scoring); the next step's index. */
    long steps;
    final float[] mel;
    final float[] embeddings;
    final float[] energiesDb;
    /**
     * The incremental embedding model's history for the current mel window (see IncrementalEmbedding), or null
     * when there is none (a new or restored stream: the next step runs the whole model and primes it). Derived from
     * the mel window, so it is not part of the state's persistent form, its equality or its copies.
     */
    float[] incrementalHistory;

    /** A new stream: ones in the mel buffer, the model's warm-up embeddings, nothing heard. */
    public OpenWakeWordStreamState(float[] warmUpEmbeddings) {
        if (warmUpEmbeddings.length == 0 || warmUpEmbeddings.length % EMBEDDING_SIZE != 0) {
            throw new IllegalArgumentException("warm-up embeddings must be whole " + EMBEDDING_SIZE + "-dim embeddings, had " + warmUpEmbeddings.length + " values");
        }
        this.audio = new short[CONTEXT_SAMPLES + STEP_SAMPLES];
        this.mel = new float[EMBEDDING_WINDOW_FRAMES * MEL_BANDS];
        Arrays.fill(mel, 1f);
        this.embeddings = warmUpEmbeddings.clone();
        this.energiesDb = new float[warmUpEmbeddings.length / EMBEDDING_SIZE * MEL_FRAMES_PER_STEP];
        Arrays.fill(energiesDb, INITIAL_ENERGY_DB);
    }

    /** Rebuilds a state from its parts (see the accessors), e.g. after Flink restored it. */
    public OpenWakeWordStreamState(short[] audio, int pending, long samplesSeen, long steps, float[] mel,
            float[] embeddings, float[] energiesDb) {
        if (audio.length != CONTEXT_SAMPLES + STEP_SAMPLES || pending < 0 || pending >= STEP_SAMPLES
                || mel.length != EMBEDDING_WINDOW_FRAMES * MEL_BANDS || embeddings.length == 0
                || embeddings.length % EMBEDDING_SIZE != 0
                || energiesDb.length != embeddings.length / EMBEDDING_SIZE * MEL_FRAMES_PER_STEP
                || samplesSeen != steps * STEP_SAMPLES + pending) {
            throw new IllegalArgumentException("openWakeWord stream state is inconsistent: audio " + audio.length
                    + ", pending " + pending + ", samples " + samplesSeen + ", steps " + steps + ", mel " + mel.length
                    + ", embeddings " + embeddings.length + ", energies " + energiesDb.length);
        }
        this.audio = audio.clone();
        this.pending = pending;
        this.samplesSeen = samplesSeen;
        this.steps = steps;
        this.mel = mel.clone();
        this.embeddings = embeddings.clone();
        this.energiesDb = energiesDb.clone();
    }

    /** Embeddings per head input. */
    public int windowFrames() {
        return embeddings.length / EMBEDDING_SIZE;
    }

    /**
     * Appends samples; calls {@code onStep} with the step's index and this state's audio buffer (context + step,
     * 1760 samples) each time 1280 new samples complete a step. Independent of how the audio is chunked.
     */
    public void accept(short[] pcm, int offset, int length, StepSink onStep) {
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            int n = Math.min(STEP_SAMPLES - pending, end - pos);
            System.arraycopy(pcm, pos, audio, CONTEXT_SAMPLES + pending, n);
            pending += n;
            samplesSeen += n;
            pos += n;
            if (pending == STEP_SAMPLES) {
                onStep.onStep(steps, audio);
                steps++;
                pending = 0;
                // The last 480 samples become the next step's context.
                System.arraycopy(audio, STEP_SAMPLES, audio, 0, CONTEXT_SAMPLES);
            }
        }
    }

    /** Receives each completed step. */
    @FunctionalInterface
    public interface StepSink {
        /** @param audio 1760 samples: 480 of context (zeros before the first step), then the step's 1280 */
        void onStep(long step, short[] audio);
    }

    /** Appends {@code frames} scaled mel frames from {@code src} at {@code offset}, dropping the oldest. */
    public void pushMel(float[] src, int offset, int frames) {
        int values = frames * MEL_BANDS;
        System.arraycopy(mel, values, mel, 0, mel.length - values);
        System.arraycopy(src, offset, mel, mel.length - values, values);
        System.arraycopy(energiesDb, frames, energiesDb, 0, energiesDb.length - frames);
        for (int f = 0; f < frames; f++) {
            float sum = 0f;
            for (int b = 0; b < MEL_BANDS; b++) sum += src[offset + f * MEL_BANDS + b];
            // Undo the x/10 + 2 scaling: the model's log-mel values are in dB, which the phrase locator expects.
            energiesDb[energiesDb.length - frames + f] = (sum / MEL_BANDS - 2f) * 10f;
        }
    }

    /** Copies the last 76 mel frames (the embedding model's input), oldest first. */
    public void copyMelWindow(float[] dest, int offset) {
        System.arraycopy(mel, 0, dest, offset, mel.length);
    }

    /** Appends one embedding from {@code src} at {@code offset}, dropping the oldest. */
    public void pushEmbedding(float[] src, int offset) {
        System.arraycopy(embeddings, EMBEDDING_SIZE, embeddings, 0, embeddings.length - EMBEDDING_SIZE);
        System.arraycopy(src, offset, embeddings, embeddings.length - EMBEDDING_SIZE, EMBEDDING_SIZE);
    }

    /** Copies the head's input: the last windowFrames embeddings, oldest first. */
    public void copyEmbeddings(float[] dest, int offset) {
        System.arraycopy(embeddings, 0, dest, offset, embeddings.length);
    }

    /** The incremental embedding's history (not copied: the frontend updates it in place), or null. */
    public float[] incrementalHistory() { return incrementalHistory; }

    public void setIncrementalHistory(float[] history) { this.incrementalHistory = history; }

    public short[] audio() { return audio.clone(); }
    public int pending() { return pending; }
    public long samplesSeen() { return samplesSeen; }
    public long steps() { return steps; }
    public float[] mel() { return mel.clone(); }
    public float[] embeddings() { return embeddings.clone(); }
    /** Mel-frame energies (dB) over the head's span, oldest first. */
    public float[] energiesDb() { return energiesDb.clone(); }

    /**
     * The newest {@code heard} mel-frame energies (all of them when there are fewer), oldest first: a copy, since
     * the detector may keep it. Frames before the stream's first are the warm-up's, not audio.
     */
    public float[] energiesDbHeard(long heard) {
        return heard < energiesDb.length ? Arrays.copyOfRange(energiesDb, energiesDb.length - (int) heard, energiesDb.length) : energiesDb.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpenWakeWordStreamState s && pending == s.pending && samplesSeen == s.samplesSeen
                && steps == s.steps && Arrays.equals(audio, s.audio) && Arrays.equals(mel, s.mel)
                && Arrays.equals(embeddings, s.embeddings) && Arrays.equals(energiesDb, s.energiesDb);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(samplesSeen) * 31 + Arrays.hashCode(embeddings);
    }
}
