package io.wakestream.trainer.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Random eSpeak NG voice variants: new synthetic speakers beyond the hundred or so variants espeak-ng ships.
 *
 * <p>A trained model generalises across speakers only as far as its training speakers are spread, and the shipped
 * variants are few (about 76 of them land in training). A variant file sets what makes a voice sound like someone
 * else: pitch base and range, the frequency, height and width of each formant (the vocal tract), flutter, breath
 * and roughness. Each generated variant draws these once: a vocal-tract length shared by all formants (longer for
 * the male ones) with a jitter per formant, as real speakers differ. The ranges stay inside those the shipped
 * variants use, so no generated voice is stranger than espeak-ng's own.
 *
 * <p>A variant's name carries a hash of its file text, so synthesis caches keyed by voice name can never serve audio
 * made by an older generator.
 */
public final class GeneratedVariants {
    /** Prefix of every generated variant's name (and so of its speaker id after the engine's name). */
    public static final String PREFIX = "gen-";

    private GeneratedVariants() {}

    /** One variant: its name ({@code gen-} and 8 hex digits) and the variant file's text. */
    public record Variant(String name, String fileText) {}

    /** {@code n} distinct variants, the same for the same {@code n} and seed (the first k do not depend on n). */
    public static List<Variant> generate(int n, long seed) {
        if (n < 0) throw new IllegalArgumentException("number of generated voices must be >= 0, not " + n);
        List<Variant> out = new ArrayList<>(n);
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; out.size() < n; i++) {
            // Each variant's own stream, its seed scrambled: java.util.Random's first draws from neighbouring
            // seeds are nearly equal (the first version of this gave 300 voices of one gender).
            Variant v = variant(new Random(mix(seed * 0x9E3779B97F4A7C15L + i)));
            if (names.add(v.name())) out.add(v);
        }
        return out;
    }

    static Variant variant(Random r) {
        boolean male = r.nextBoolean();
        // Vocal-tract length as a formant-frequency scale: about 85-100% for men, 100-120% for women.
        double tract = male ? 85 + 15 * r.nextDouble() : 100 + 20 * r.nextDouble();
        int pitchBase = male ? 70 + r.nextInt(60) : 140 + r.nextInt(70);
        int pitchTop = pitchBase + 50 + r.nextInt(110);
        StringBuilder b = new StringBuilder();
        b.append("language variant\n");
        b.append("gender ").append(male ? "male" : "female").append('\n');
        b.append("pitch ").append(pitchBase).append(' ').append(pitchTop).append('\n');
        for (int f = 0; f <= 8; f++) {
            // Formants 1-3 carry the vowels: keep their jitter small so every voice still says "jarvis".
            double jitter = f >= 1 && f <= 3 ? 6 : 12;
            int freq = (int) Math.round(tract + jitter * (2 * r.nextDouble() - 1));
            int height = f <= 3 ? 70 + r.nextInt(61) : 40 + r.nextInt(91);
            int width = 80 + r.nextInt(71);
            b.append(String.format(Locale.ROOT, "formant %d %d %d %d%n", f, freq, height, width));
        }
        if (r.nextDouble() < 0.5) b.append("flutter ").append(r.nextInt(30)).append('\n');
        if (r.nextDouble() < 0.3) b.append("roughness ").append(r.nextInt(4)).append('\n');
        if (r.nextDouble() < 0.25) {
            b.append("breath");
            for (int k = 0; k < 8; k++) b.append(' ').append(r.nextInt(3) == 0 ? r.nextInt(25) : 0);
            b.append('\n');
        }
        b.append("voicing ").append(80 + r.nextInt(41)).append('\n');
        b.append("intonation ").append(1 + r.nextInt(4)).append('\n');
        String body = b.toString();
        String name = PREFIX + String.format(Locale.ROOT, "%08x", fnv1a(body));
        return new Variant(name, "name " + name + "\n" + body);
    }

    /** SplitMix64's finaliser: neighbouring inputs give unrelated outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int fnv1a(String s) {
        int h = 0x811c9dc5;
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= c & 0xff;
            h *= 0x01000193;
        }
        return h;
    }
}
