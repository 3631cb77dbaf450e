package io.wakestream.trainer.nn;

import java.util.Arrays;
import java.util.Random;

/**
 * SpecAugment-style masking of training windows: on every training window, each time it goes into a batch, up to
 * {@code timeMasks} spans of at most {@code maxFrames} consecutive frames and up to {@code coefficientMasks} bands of
 * at most {@code maxCoefficients} consecutive coefficients are set to 0, which for the normalised features the
 * trainer feeds is each coefficient's training mean. The network cannot lean on any one moment or band of the
 * phrase; the hope is that a voice it never heard differs from those it trained on in some moments and bands, not in
 * all. Fresh masks every epoch, from the trainer's seeded generator; validation windows are never masked. For
 * "jarvis" (2,10,2,2, 20 epochs) it made a worse model: see the README, "Bigger batches".
 *
 * <p>Each mask's width is drawn from 0 to its maximum (0: that mask does nothing) and its start uniformly where it
 * fits, as in SpecAugment (Park et al., 2019).
 *
 * @param timeMasks time masks per window (0: none)
 * @param maxFrames the widest time mask, in frames
 * @param coefficientMasks coefficient masks per window (0: none)
 * @param maxCoefficients the widest coefficient mask
 */
public record FeatureMasking(int timeMasks, int maxFrames, int coefficientMasks, int maxCoefficients) {
    /** No masking. */
    public static final FeatureMasking NONE = new FeatureMasking(0, 0, 0, 0);

    public FeatureMasking {
        if (timeMasks < 0 || maxFrames < 0 || coefficientMasks < 0 || maxCoefficients < 0) {
            throw new IllegalArgumentException("feature masks need counts and widths of 0 or more, not " + timeMasks + ","
                    + maxFrames + "," + coefficientMasks + "," + maxCoefficients);
        }
        if (timeMasks > 0 && maxFrames == 0 || coefficientMasks > 0 && maxCoefficients == 0) {
            throw new IllegalArgumentException("a mask needs a width of at least 1: " + timeMasks + "," + maxFrames + ","
                    + coefficientMasks + "," + maxCoefficients);
        }
    }

    /**
     * Parses {@code T,F,C,W}: T time masks of up to F frames, C coefficient masks of up to W coefficients.
     *
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    public static FeatureMasking parse(String value) {
        String[] parts = value.trim().split("\\s*,\\s*");
        if (parts.length != 4) {
            throw new IllegalArgumentException("feature masks '" + value + "': expected T,F,C,W (e.g. 2,10,2,2: two time"
                    + " masks of up to 10 frames and two coefficient masks of up to 2 coefficients)");
        }
        int[] n = new int[4];
        for (int i = 0; i < 4; i++) {
            try {
                n[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("feature masks '" + value + "': '" + parts[i] + "' is not a whole number");
            }
        }
        try {
            return new FeatureMasking(n[0], n[1], n[2], n[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("feature masks '" + value + "': " + e.getMessage());
        }
    }

    /** Whether this masks anything. */
    public boolean enabled() {
        return timeMasks > 0 || coefficientMasks > 0;
    }

    /**
     * Masks one time-major window of {@code frames x coefficients} values, starting at {@code offset} of
     * {@code values}, in place.
     */
    public void apply(float[] values, int offset, int frames, int coefficients, Random random) {
        for (int m = 0; m < timeMasks; m++) {
            int width = random.nextInt(Math.min(maxFrames, frames) + 1);
            int start = random.nextInt(frames - width + 1);
            Arrays.fill(values, offset + start * coefficients, offset + (start + width) * coefficients, 0f);
        }
        for (int m = 0; m < coefficientMasks; m++) {
            int width = random.nextInt(Math.min(maxCoefficients, coefficients) + 1);
            int start = random.nextInt(coefficients - width + 1);
            for (int t = 0; t < frames; t++) {
                int row = offset + t * coefficients;
                Arrays.fill(values, row + start, row + start + width, 0f);
            }
        }
    }

    @Override
    public String toString() {
        return timeMasks + "," + maxFrames + "," + coefficientMasks + "," + maxCoefficients;
    }
}
