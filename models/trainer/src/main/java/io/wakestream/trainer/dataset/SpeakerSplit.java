package io.wakestream.trainer.dataset;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Assigns whole speakers (voices) to training, validation and test, so validation and test measure how the
 * model does on voices it never heard. The assignment is a stable hash of the speaker id and a seed: the same
 * voice lands in the same split on every run and whatever other voices exist.
 */
public final class SpeakerSplit {
    public enum Part { TRAIN, VALIDATION, TEST }

    private final double validationFraction;
    private final double testFraction;
    private final long seed;

    public SpeakerSplit(double validationFraction, double testFraction, long seed) {
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("validation and test fractions must be >= 0 and sum to < 1");
        }
        this.validationFraction = validationFraction;
        this.testFraction = testFraction;
        this.seed = seed;
    }

    public Part partOf(String speakerId) {
        double u = unit(speakerId);
        if (u < testFraction) return Part.TEST;
        if (u < testFraction + validationFraction) return Part.VALIDATION;
        return Part.TRAIN;
    }

    /** Splits items by their speaker. */
    public <T> Map<Part, List<T>> split(Collection<T> items, Function<T, String> speakerOf) {
        Map<Part, List<T>> out = new TreeMap<>();
        for (Part p : Part.values()) out.put(p, new java.util.ArrayList<>());
        for (T item : items) out.get(partOf(speakerOf.apply(item))).add(item);
        return out;
    }

    /** The speakers of each part, for the model card. */
    public <T> Map<Part, TreeSet<String>> speakers(Collection<T> items, Function<T, String> speakerOf) {
        return items.stream().map(speakerOf).distinct().collect(Collectors.groupingBy(this::partOf, TreeMap::new,
                Collectors.toCollection(TreeSet::new)));
    }

    /** A number in [0, 1) from the speaker id and the seed (FNV-1a then a 64-bit mix; stable across JVMs). */
    double unit(String speakerId) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (byte b : speakerId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53;
    }
}
