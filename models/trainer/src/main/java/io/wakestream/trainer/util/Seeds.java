package io.wakestream.trainer.util;

/**
 * Seeds for independent random sequences. {@link java.util.Random}'s first draws from neighbouring seeds are nearly
 * equal, and a {@code Random} seeded with another's output starts from bits of that one's state; seeds scrambled
 * here give sequences with nothing in common.
 */
public final class Seeds {
    /** SplitMix64's increment (2^64 / golden ratio): steps between the inputs of consecutive seeds. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /** SplitMix64's finaliser: neighbouring inputs give unrelated outputs. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
