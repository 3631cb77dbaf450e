package io.wakestream.engine.stream;

import io.wakestream.engine.features.FeatureWindow;
import java.util.Arrays;

/**
 * Windows waiting to be scored, from any number of streams, in the order they became due. The Flink job fills
 * one batch from all the devices of a subtask and scores it in one ONNX Runtime call.
 *
 * @param <S> what identifies a stream to the caller (its {@link WakeWordStream}, a device key, ...)
 */
public final class ScoringBatch<S> {
    private final int windowSize;
    private final int frames;
    private float[] windows;
    private float[] energies;
    private long[] frameIndex;
    private Object[] streams;
    private float[] scores;
    private int size;

    public ScoringBatch(int frames, int coefficients, int initialCapacity) {
        this.frames = frames;
        this.windowSize = frames * coefficients;
        int cap = Math.max(1, initialCapacity);
        windows = new float[cap * windowSize];
        energies = new float[cap * frames];
        frameIndex = new long[cap];
        streams = new Object[cap];
        scores = new float[cap];
    }

    /** Copies {@code window} as it is now, to be scored later on behalf of {@code stream}. */
    public void add(S stream, long newestFrame, FeatureWindow window) {
        // A window of another shape (e.g. stream state restored after the model changed) would silently spill into
        // the next slot or leave stale frames in this one.
        if (window.frames() != frames || window.frames() * window.coefficients() != windowSize) {
            throw new IllegalArgumentException("window of " + window.frames() + "x" + window.coefficients()
                    + " frames x coefficients does not fit a batch of " + frames + "x" + windowSize / frames + " windows");
        }
        if (size == frameIndex.length) grow();
        window.copyTo(windows, size * windowSize);
        System.arraycopy(window.energiesDb(), 0, energies, size * frames, frames);
        frameIndex[size] = newestFrame;
        streams[size] = stream;
        size++;
    }

    /**
     * Copies a step's audio (the openWakeWord frontend: features are computed when the batch is scored, so the
     * melspectrogram and embedding models also run once per batch), to be scored later on behalf of
     * {@code stream}. {@code index} is the step's index in its stream.
     */
    void addAudio(S stream, long index, short[] samples) {
        if (samples.length != windowSize) {
            throw new IllegalArgumentException(samples.length + " samples do not fit a batch of " + windowSize + "-sample steps");
        }
        if (size == frameIndex.length) grow();
        int base = size * windowSize;
        for (int i = 0; i < samples.length; i++) windows[base + i] = samples[i];
        frameIndex[size] = index;
        streams[size] = stream;
        size++;
    }

    private void grow() {
        int cap = frameIndex.length * 2;
        windows = Arrays.copyOf(windows, cap * windowSize);
        energies = Arrays.copyOf(energies, cap * frames);
        frameIndex = Arrays.copyOf(frameIndex, cap);
        streams = Arrays.copyOf(streams, cap);
        scores = Arrays.copyOf(scores, cap);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public void clear() {
        Arrays.fill(streams, 0, size, null);
        size = 0;
    }

    float[] windows() {
        return windows;
    }

    float[] scores() {
        return scores;
    }

    @SuppressWarnings("unchecked")
    public S stream(int i) {
        return (S) streams[i];
    }

    public long frameIndex(int i) {
        return frameIndex[i];
    }

    public float score(int i) {
        return scores[i];
    }

    /** Energies (dB) of window {@code i}, oldest frame first. */
    public float[] energies(int i) {
        return Arrays.copyOfRange(energies, i * frames, (i + 1) * frames);
    }
}
