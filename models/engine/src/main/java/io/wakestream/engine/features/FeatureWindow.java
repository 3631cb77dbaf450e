package io.wakestream.engine.features;

import java.util.Arrays;

/**
 * The last {@code frames} MFCC frames of one stream (a bounded ring, as openWakeWord's feature buffer), with
 * each frame's energy, so the model always sees a fixed-size window and the detector can locate the phrase.
 */
public final class FeatureWindow {
    private final int frames;
    private final int coefficients;
    private final float[] data;
    private final float[] energyDb;
    private int next;
    private long pushed;

    public FeatureWindow(int frames, int coefficients) {
        if (frames < 1 || coefficients < 1) throw new IllegalArgumentException("window needs frames and coefficients >= 1");
        this.frames = frames;
        this.coefficients = coefficients;
        this.data = new float[frames * coefficients];
        this.energyDb = new float[frames];
    }

    /** Restores a window from its parts (see the accessors). */
    public FeatureWindow(int frames, int coefficients, float[] data, float[] energyDb, int next, long pushed) {
        this(frames, coefficients);
        if (data.length != this.data.length || energyDb.length != frames) {
            throw new IllegalArgumentException("window state does not match " + frames + "x" + coefficients);
        }
        // The ring fills from slot 0, so the next slot is always pushed mod frames.
        if (pushed < 0 || next != pushed % frames) {
            throw new IllegalArgumentException("window state is inconsistent: next slot " + next + " after " + pushed
                    + " frames pushed into " + frames + " slots");
        }
        System.arraycopy(data, 0, this.data, 0, data.length);
        System.arraycopy(energyDb, 0, this.energyDb, 0, frames);
        this.next = next;
        this.pushed = pushed;
    }

    public void push(float[] frame, float frameEnergyDb) {
        if (frame.length != coefficients) {
            throw new IllegalArgumentException("frame has " + frame.length + " coefficients, window expects " + coefficients);
        }
        System.arraycopy(frame, 0, data, next * coefficients, coefficients);
        energyDb[next] = frameEnergyDb;
        next = next + 1 == frames ? 0 : next + 1;
        pushed++;
    }

    public boolean isFull() {
        return pushed >= frames;
    }

    /** Frames pushed in the stream's lifetime. */
    public long pushed() {
        return pushed;
    }

    public int frames() {
        return frames;
    }

    public int coefficients() {
        return coefficients;
    }

    /** Copies the window, oldest frame first, as frames x coefficients row-major, into {@code dest} at {@code offset}. */
    public void copyTo(float[] dest, int offset) {
        int headFrames = frames - next;
        System.arraycopy(data, next * coefficients, dest, offset, headFrames * coefficients);
        System.arraycopy(data, 0, dest, offset + headFrames * coefficients, next * coefficients);
    }

    /** Frame energies in dB, oldest first. */
    public float[] energiesDb() {
        float[] out = new float[frames];
        int headFrames = frames - next;
        System.arraycopy(energyDb, next, out, 0, headFrames);
        System.arraycopy(energyDb, 0, out, headFrames, next);
        return out;
    }

    public float[] rawData() {
        return data.clone();
    }

    public float[] rawEnergies() {
        return energyDb.clone();
    }

    public int nextIndex() {
        return next;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureWindow w && frames == w.frames && coefficients == w.coefficients && next == w.next
                && pushed == w.pushed && Arrays.equals(data, w.data) && Arrays.equals(energyDb, w.energyDb);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data) * 31 + Long.hashCode(pushed);
    }
}
