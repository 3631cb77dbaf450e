package io.wakestream.engine.model;

/** How a window of frames x coefficients is laid out in the model's input tensor (N = batch). */
public enum InputLayout {
    /** [N, 1, frames, coefficients]: an image with one channel, time as height (CNNs). */
    N1TC,
    /** [N, frames, coefficients] (recurrent or 1-D conv models over time). */
    NTC,
    /** [N, coefficients, frames] (1-D conv with coefficients as channels). */
    NCT;

    /** The tensor shape for a batch of {@code batch} windows. */
    public long[] shape(long batch, int frames, int coefficients) {
        return switch (this) {
            case N1TC -> new long[] {batch, 1, frames, coefficients};
            case NTC -> new long[] {batch, frames, coefficients};
            case NCT -> new long[] {batch, coefficients, frames};
        };
    }
}
