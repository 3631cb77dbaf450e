package io.wakestream.trainer.dataset;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Assigns whole speakers (voices) to training, validation and test, so validation and test measure how the
 * model does on voices it never heard. Speakers who said the wake phrase are ranked by a stable hash of their
 * id and the seed; the first {@code testFraction} of them go to test, the next {@code validationFraction} to
 * validation (at least one each when there are three or more), the rest to training. Speakers with only
 * negative clips (noise, silence, other speech) are placed by the same hash against the fractions. Speakers the
 * {@code trainOnly} test picks (made-up voices) always train and take no part in the ranking, so adding them leaves
 * every other speaker where it was. Speakers in a ranking group of their own (MBROLA's recorded speakers, used
 * only when asked for) are ranked and counted among themselves, so they are held out in the same proportions
 * and adding them too leaves every other speaker where it was. Speakers the {@code testOnly} test picks (every
 * voice of an engine held out whole, {@code --held-out-engine}) are all test speakers and take no part in the
 * ranking either.
 */
public final class SpeakerSplit {
    public enum Part { TRAIN, VALIDATION, TEST }

    private final double validationFraction;
    private final double testFraction;
    private final long seed;
    private final Predicate<String> trainOnly;
    private final Function<String, String> rankingGroup;
    private final Predicate<String> testOnly;

    public SpeakerSplit(double validationFraction, double testFraction, long seed) {
        this(validationFraction, testFraction, seed, s -> false);
    }

    /** A split in which the speakers {@code trainOnly} accepts always train. */
    public SpeakerSplit(double validationFraction, double testFraction, long seed,
            Predicate<String> trainOnly) {
        this(validationFraction, testFraction, seed, trainOnly, s -> "");
    }

    /**
     * A split in which the speakers {@code trainOnly} accepts always train, and the others are ranked within the
     * group {@code rankingGroup} names for them.
     */
    public SpeakerSplit(double validationFraction, double testFraction, long seed,
            Predicate<String> trainOnly, Function<String, String> rankingGroup) {
        this(validationFraction, testFraction, seed, trainOnly, rankingGroup, s -> false);
    }

    /**
     * The same, and the speakers {@code testOnly} accepts are all test speakers (a speaker both accept trains: made-up
     * voices are never test voices).
     */
    public SpeakerSplit(double validationFraction, double testFraction, long seed,
            Predicate<String> trainOnly, Function<String, String> rankingGroup, Predicate<String> testOnly) {
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("validation and test fractions must be >= 0 and sum to < 1");
        }
        this.validationFraction = validationFraction;
        this.testFraction = testFraction;
        this.seed = seed;
        this.trainOnly = Objects.requireNonNull(trainOnly, "trainOnly");
        this.rankingGroup = Objects.requireNonNull(rankingGroup, "rankingGroup");
        this.testOnly = Objects.requireNonNull(testOnly, "testOnly");
    }

    /** Which part each speaker belongs to. */
    public <T> Map<String, Part> assign(Collection<T> items, Function<T, String> speakerOf, Predicate<T> positive) {
        Set<String> all = new LinkedHashSet<>();
        Set<String> withPositives = new TreeSet<>();
        Map<String, Part> parts = new HashMap<>();
        for (T item : items) {
            String s = speakerOf.apply(item);
            if (trainOnly.test(s)) {
                parts.put(s, Part.TRAIN);
                continue;
            }
            if (testOnly.test(s)) {
                parts.put(s, Part.TEST);
                continue;
            }
            all.add(s);
            if (positive.test(item)) withPositives.add(s);
        }
        Map<String, List<String>> groups = new TreeMap<>();
        for (String s : withPositives) groups.computeIfAbsent(rankingGroup.apply(s), g -> new ArrayList<>()).add(s);
        for (List<String> ranked : groups.values()) {
            ranked.sort(Comparator.comparingDouble(this::unit).thenComparing(Comparator.naturalOrder()));
            int n = ranked.size();
            int test = n >= 3 ? Math.max(1, (int) Math.round(n * testFraction)) : 0;
            int validation = n >= 3 ? Math.max(1, (int) Math.round(n * validationFraction)) : 0;
            for (int i = 0; i < n; i++) {
                parts.put(ranked.get(i), i < test ? Part.TEST : i < test + validation ? Part.VALIDATION : Part.TRAIN);
            }
        }
        for (String s : all) {
            if (parts.containsKey(s)) continue;
            double u = unit(s);
            parts.put(s, u < testFraction ? Part.TEST : u < testFraction + validationFraction ? Part.VALIDATION : Part.TRAIN);
        }
        return parts;
    }

    /** Splits items by their speaker's part. */
    public <T> Map<Part, List<T>> split(Collection<T> items, Function<T, String> speakerOf, Predicate<T> positive) {
        Map<String, Part> parts = assign(items, speakerOf, positive);
        Map<Part, List<T>> out = new TreeMap<>();
        for (Part p : Part.values()) out.put(p, new ArrayList<>());
        for (T item : items) out.get(parts.get(speakerOf.apply(item))).add(item);
        return out;
    }

    /** The speakers of each part, for the model card. */
    public <T> Map<Part, TreeSet<String>> speakers(Collection<T> items, Function<T, String> speakerOf, Predicate<T> positive) {
        Map<Part, TreeSet<String>> out = new TreeMap<>();
        for (Part p : Part.values()) out.put(p, new TreeSet<>());
        assign(items, speakerOf, positive).forEach((s, p) -> out.get(p).add(s));
        return out;
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
