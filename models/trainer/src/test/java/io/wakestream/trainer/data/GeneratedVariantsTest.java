package io.wakestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wakestream.engine.audio.PcmAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedVariantsTest {
    @TempDir
    Path cache;

    @Test
    void variantsAreDistinctReproducibleAndAPrefixOfLongerLists() {
        List<GeneratedVariants.Variant> a = GeneratedVariants.generate(200, 7L);
        assertEquals(200, a.size());
        assertEquals(200, new HashSet<>(a.stream().map(GeneratedVariants.Variant::name).toList()).size());
        assertEquals(a, GeneratedVariants.generate(200, 7L));
        assertEquals(a.subList(0, 50), GeneratedVariants.generate(50, 7L));
        assertNotEquals(a.get(0), GeneratedVariants.generate(1, 8L).get(0));
        assertThrows(IllegalArgumentException.class, () -> GeneratedVariants.generate(-1, 7L));
    }

    @Test
    void nameHashesTheFileSoAChangedVoiceGetsANewName() {
        for (GeneratedVariants.Variant v : GeneratedVariants.generate(50, 3L)) {
            assertTrue(v.name().matches("gen-[0-9a-f]{8}"), v.name());
            assertTrue(v.fileText().startsWith("name " + v.name() + "\n"), v.fileText());
        }
    }

    /** Every setting stays inside the ranges espeak-ng's own variants use, with both genders present. */
    @Test
    void settingsStayInsideTheShippedVariantsRanges() {
        Pattern formant = Pattern.compile("^formant (\\d) (\\d+) (\\d+) (\\d+)$", Pattern.MULTILINE);
        Pattern pitch = Pattern.compile("^pitch (\\d+) (\\d+)$", Pattern.MULTILINE);
        int male = 0;
        for (GeneratedVariants.Variant v : GeneratedVariants.generate(300, 11L)) {
            String t = v.fileText();
            if (t.contains("gender male")) male++;
            Matcher p = pitch.matcher(t);
            assertTrue(p.find(), t);
            int lo = Integer.parseInt(p.group(1));
            int hi = Integer.parseInt(p.group(2));
            assertTrue(lo >= 70 && lo < 210 && hi >= lo + 50 && hi < 370, t);
            Matcher f = formant.matcher(t);
            int formants = 0;
            while (f.find()) {
                formants++;
                int freq = Integer.parseInt(f.group(2));
                assertTrue(freq >= 73 && freq <= 132, t);
                int height = Integer.parseInt(f.group(3));
                assertTrue(height >= 40 && height <= 130 || height == 0 && Integer.parseInt(f.group(1)) >= 3, t);
                assertTrue(Integer.parseInt(f.group(4)) >= 80 && Integer.parseInt(f.group(4)) <= 150, t);
            }
            assertEquals(9, formants, t);
            for (String line : t.split("\n")) {
                String[] w = line.split(" ");
                switch (w[0]) {
                    case "voicing" -> assertInside(line, w, 1, 40, 160);
                    case "klatt" -> assertInside(line, w, 1, 1, 6);
                    case "stressAdd" -> assertInside(line, w, 8, -30, 400);
                    case "stressAmp" -> assertInside(line, w, 8, 12, 38);
                    case "consonants" -> assertInside(line, w, 2, 40, 140);
                    case "echo" -> assertInside(line, w, 2, 10, 160);
                    case "tone" -> {
                        assertTrue(w.length == 7 || w.length == 9, line);
                        for (int k = 1; k + 2 < w.length; k += 2) {
                            assertTrue(Integer.parseInt(w[k]) < Integer.parseInt(w[k + 2]), "frequencies rise: " + line);
                        }
                        for (int k = 2; k < w.length; k += 2) assertTrue(Integer.parseInt(w[k]) <= 255, line);
                    }
                    default -> { }
                }
            }
        }
        assertTrue(male > 100 && male < 200, "male voices: " + male + " of 300");
    }

    /** Beyond the throat, a share of voices like the shipped variants' sets each of rhythm, tilt, consonants... */
    @Test
    void aShareOfVoicesSetsEachOfTheShippedVariantsOtherSettings() {
        List<GeneratedVariants.Variant> all = GeneratedVariants.generate(300, 11L);
        for (String key : List.of("klatt", "stressAdd", "stressAmp", "tone", "consonants", "echo")) {
            long n = all.stream().filter(v -> v.fileText().contains("\n" + key + " ")).count();
            assertTrue(n >= 20 && n <= 200, key + " in " + n + " of 300 voices");
        }
        long silentFormant = all.stream().filter(v -> Pattern.compile("^formant [3-8] \\d+ 0 ", Pattern.MULTILINE)
                .matcher(v.fileText()).find()).count();
        assertTrue(silentFormant >= 20 && silentFormant <= 150, "voices without a higher formant: " + silentFormant);
    }

    private static void assertInside(String line, String[] words, int values, int min, int max) {
        assertEquals(values + 1, words.length, line);
        for (int k = 1; k < words.length; k++) {
            int v = Integer.parseInt(words[k]);
            assertTrue(v >= min && v <= max, line);
        }
    }

    /** The engine speaks with generated voices, more of them than espeak-ng's voice list holds at once. */
    @Test
    void espeakSpeaksWithGeneratedVoicesBeyondItsVoiceListLimit() throws Exception {
        EspeakNgTts tts = new EspeakNgTts();
        assumeTrue(tts.isAvailable(), "espeak-ng is not installed");
        List<TtsVoice> voices = tts.generatedVoices(EspeakNgTts.GENERATED_PER_MIRROR + 40, 5L, cache);
        assertEquals(EspeakNgTts.GENERATED_PER_MIRROR + 40, voices.size());
        TtsVoice first = voices.get(0);
        TtsVoice last = voices.get(voices.size() - 1);
        assertTrue(first.speakerId().startsWith("espeak-ng:gen-"), first.speakerId());
        assertTrue(first.accent().startsWith("en"), first.accent());
        SpeechStyle style = SpeechStyle.of(1.0, 50);
        PcmAudio a = tts.synthesize("jarvis, turn on the lights", first, style);
        PcmAudio b = tts.synthesize("jarvis, turn on the lights", last, style);
        TtsEnginesTest.assertSpeech(a, first.toString());
        TtsEnginesTest.assertSpeech(b, last.toString());
        // The made-up voice is not the base voice under another name.
        TtsVoice base = tts.voices().stream()
                .filter(v -> v.voiceId().equals(first.voiceId()) && v.variant().isEmpty()).findFirst().orElseThrow();
        PcmAudio plain = tts.synthesize("jarvis, turn on the lights", base, style);
        assertTrue(!java.util.Arrays.equals(plain.samples(), a.samples()));
        // Made again (a second run), the voices are the same and their files are still there.
        EspeakNgTts again = new EspeakNgTts();
        assertEquals(voices, again.generatedVoices(EspeakNgTts.GENERATED_PER_MIRROR + 40, 5L, cache));
        assertEquals(java.util.Arrays.hashCode(b.samples()),
                java.util.Arrays.hashCode(again.synthesize("jarvis, turn on the lights", last, style).samples()));
        assertTrue(Files.isDirectory(cache.resolve("espeak-ng-generated-voices")));
    }

    /** Runs with other seeds share the cache without crowding each other out of espeak-ng's voice list. */
    @Test
    void runsWithOtherSeedsShareTheCache() throws Exception {
        EspeakNgTts tts = new EspeakNgTts();
        assumeTrue(tts.isAvailable(), "espeak-ng is not installed");
        int n = EspeakNgTts.GENERATED_PER_MIRROR;
        List<TtsVoice> first = tts.generatedVoices(n, 21L, cache);
        List<TtsVoice> second = tts.generatedVoices(n, 22L, cache);
        List<TtsVoice> firstAgain = new EspeakNgTts().generatedVoices(n, 21L, cache);
        assertEquals(first, firstAgain);
        // Every fifth voice of both sets speaks (had both sets shared one mirror, espeak-ng would list 131 languages
        // and 300 variants, past its 349, and some of them would not be found).
        for (int i = 0; i < n; i += 5) {
            for (TtsVoice v : List.of(first.get(i), second.get(i))) {
                TtsEnginesTest.assertSpeech(tts.synthesize("jarvis", v, SpeechStyle.of(1.0, 50)), v.toString());
            }
        }
    }

    @Test
    void aGeneratedVoiceTheEngineDidNotMakeIsAnError() {
        EspeakNgTts tts = new EspeakNgTts();
        assumeTrue(tts.isAvailable(), "espeak-ng is not installed");
        TtsVoice v = new TtsVoice("espeak-ng", "en-us", "gen-00000000", "espeak-ng:gen-00000000", "en-us");
        TtsException e = assertThrows(TtsException.class, () -> tts.synthesize("jarvis", v, SpeechStyle.of(1.0, 50)));
        assertTrue(e.getMessage().contains("gen-00000000"), e.getMessage());
    }
}
