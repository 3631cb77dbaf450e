package io.wakestream.trainer.data;

import io.wakestream.trainer.util.Seeds;
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
 * the male ones) with a jitter per formant, as real speakers differ.
 *
 * <p>A speaker is more than a throat, and the shipped variants say so: a third to a half of them also set how long
 * and loud stressed syllables are ({@code stressAdd}, {@code stressAmp}: the rhythm of a voice), a spectral tilt
 * ({@code tone}), how strong the consonants are, an echo, Klatt's voice source, more or less voicing, and a few
 * drop the higher formants altogether. Voices that differ from every training voice in one of those were the
 * held-out voices a model trained on throats alone missed most, so each generated variant sets each of them with
 * about the share of the shipped variants that do. The ranges stay inside those the shipped variants use, so no
 * generated voice is stranger than espeak-ng's own.
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
            Variant v = variant(new Random(Seeds.mix(seed * Seeds.GOLDEN_GAMMA + i)));
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
            // A higher formant gone (as in some shipped voices): the timbre changes, the vowels stay.
            if (f >= 3 && r.nextDouble() < 0.06) height = 0;
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
        b.append("voicing ").append(40 + r.nextInt(121)).append('\n');
        b.append("intonation ").append(1 + r.nextInt(4)).append('\n');
        if (r.nextDouble() < 0.15) b.append("klatt ").append(1 + r.nextInt(6)).append('\n');
        if (r.nextDouble() < 0.35) stressLengths(b, r);
        if (r.nextDouble() < 0.3) {
            // Loudness of the eight stress levels: one base, a little each.
            int base = 14 + r.nextInt(19);
            b.append("stressAmp");
            for (int k = 0; k < 8; k++) b.append(' ').append(Math.max(12, Math.min(38, base - 4 + r.nextInt(9))));
            b.append('\n');
        }
        if (r.nextDouble() < 0.45) tone(b, r);
        if (r.nextDouble() < 0.5) b.append("consonants ").append(50 + r.nextInt(71)).append(' ').append(40 + r.nextInt(101)).append('\n');
        if (r.nextDouble() < 0.15) b.append("echo ").append(10 + r.nextInt(151)).append(' ').append(10 + r.nextInt(51)).append('\n');
        String body = b.toString();
        String name = PREFIX + String.format(Locale.ROOT, "%08x", fnv1a(body));
        return new Variant(name, "name " + name + "\n" + body);
    }

    /**
     * What espeak-ng adds to the length of each of its eight stress levels, unstressed first: the shipped variants' most
     * common pattern scaled from a little shorter to twice as long, with a jitter, and sometimes a drawn-out
     * emphatic last level. This is how fast or slow, clipped or drawling a speaker's syllables are.
     */
    private static void stressLengths(StringBuilder b, Random r) {
        int[] usual = {130, 140, 140, 100, 0, 0, 130, 160};
        double scale = -0.15 + 2.15 * r.nextDouble();
        b.append("stressAdd");
        for (int k = 0; k < 8; k++) {
            int v = (int) Math.round(scale * usual[k]) + r.nextInt(61) - 30;
            if (k == 7 && r.nextDouble() < 0.25) v += 100 + r.nextInt(101);
            b.append(' ').append(Math.max(-30, Math.min(400, v)));
        }
        b.append('\n');
    }

    /**
     * A spectral tilt: three or four (frequency, level) points espeak-ng interpolates an equaliser between, one in
     * each of the bands the shipped variants put them in (low, middle, presence, air).
     */
    private static void tone(StringBuilder b, Random r) {
        int[][] bands = {{60, 600}, {600, 1500}, {1500, 3500}, {3500, 5000}};
        int points = 3 + r.nextInt(2);
        b.append("tone");
        for (int k = 0; k < points; k++) {
            int lo = bands[k][0];
            int hi = bands[k][1];
            b.append(' ').append(lo + r.nextInt(hi - lo)).append(' ').append(30 + r.nextInt(226));
        }
        b.append('\n');
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
