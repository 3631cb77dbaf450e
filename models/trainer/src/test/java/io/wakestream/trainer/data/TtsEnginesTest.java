package io.wakestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wakestream.engine.audio.PcmAudio;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;

class TtsEnginesTest {
    static void assertSpeech(PcmAudio a, String what) {
        assertEquals(PcmAudio.ENGINE_SAMPLE_RATE, a.sampleRate());
        assertTrue(a.samples().length > PcmAudio.ENGINE_SAMPLE_RATE / 5, what + ": too short, " + a.durationMs() + " ms");
        double rms = Signals.rms(Signals.toFloat(a));
        assertTrue(rms > 0.005, what + ": silent (rms " + rms + ")");
    }

    @Test
    void espeakSynthesizesWithSeveralVoices() throws Exception {
        EspeakNgTts tts = new EspeakNgTts();
        assumeTrue(tts.isAvailable(), "espeak-ng is not installed: skipping espeak-ng synthesis test");
        List<TtsVoice> voices = tts.voices();
        assertTrue(voices.size() > 100, "voices: " + voices.size());
        assertEquals(voices.size(), new HashSet<>(voices).size(), "no duplicate voices");
        assertEquals(voices, new EspeakNgTts().voices(), "deterministic enumeration");
        List<TtsVoice> picks = List.of(
                voices.stream().filter(v -> v.voiceId().equals("en-us") && v.variant().isEmpty()).findFirst().orElseThrow(),
                voices.stream().filter(v -> v.voiceId().equals("en-gb-scotland") && v.variant().equals("f2")).findFirst().orElseThrow(),
                voices.stream().filter(v -> v.voiceId().startsWith("en") && v.variant().equals("klatt4")).findFirst().orElseThrow(),
                voices.stream().filter(v -> v.voiceId().equals("de")).findFirst().orElseThrow());
        for (TtsVoice v : picks) {
            assertSpeech(tts.synthesize("jarvis, turn on the lights", v, new SpeechStyle(1.2, 30, -1, -1)), v.toString());
        }
        // Styles change the result: slower speech is longer.
        PcmAudio normal = tts.synthesize("good morning everyone", picks.get(0), SpeechStyle.of(1.0, 50));
        PcmAudio slow = tts.synthesize("good morning everyone", picks.get(0), SpeechStyle.of(0.65, 50));
        assertTrue(slow.samples().length > normal.samples().length * 1.2);
        PcmAudio ranged = tts.synthesize("good morning everyone", picks.get(0), new SpeechStyle(1.0, 50, 10, 120));
        assertSpeech(ranged, "SSML pitch range");
    }

    @Test
    void variantsAreSpeakersAndNoveltyIsExcluded() {
        EspeakNgTts tts = new EspeakNgTts();
        assumeTrue(tts.isAvailable(), "espeak-ng is not installed");
        assertFalse(tts.voices().stream().anyMatch(v -> v.variant().equalsIgnoreCase("Demonic")));
        TtsVoice a = tts.voices().stream().filter(v -> v.voiceId().equals("en-us") && v.variant().equals("m3")).findFirst().orElseThrow();
        TtsVoice b = tts.voices().stream().filter(v -> v.accent().equals("en-gb") && v.variant().equals("m3")).findFirst().orElseThrow();
        assertEquals(a.speakerId(), b.speakerId());
        assertNotEquals(a.accent(), b.accent());
    }

    /**
     * Every variant changes the voice with every base voice. espeak-ng drops a variant silently for a voice it finds
     * by language only ({@code -v en-gb+f3} speaks plain en-gb): such a clip would be another speaker's voice under
     * the variant's name, in whichever split the variant is.
     */
    @Test
    void variantsChangeTheSoundOfEveryBaseVoice() throws Exception {
        EspeakNgTts tts = new EspeakNgTts();
        assumeTrue(tts.isAvailable(), "espeak-ng is not installed");
        SpeechStyle style = SpeechStyle.of(1.0, 50);
        Map<String, TtsVoice> plain = new LinkedHashMap<>();
        for (TtsVoice v : tts.voices()) if (v.variant().isEmpty()) plain.put(v.accent(), v);
        assertTrue(plain.containsKey("en-gb") && plain.containsKey("en-us"), plain.keySet().toString());
        for (TtsVoice base : plain.values()) {
            TtsVoice f3 = tts.voices().stream().filter(v -> v.accent().equals(base.accent()) && v.variant().equals("f3"))
                    .findFirst().orElseThrow();
            short[] a = tts.synthesize("jarvis", base, style).samples();
            short[] b = tts.synthesize("jarvis", f3, style).samples();
            assertFalse(java.util.Arrays.equals(a, b), base.accent() + " with variant f3 sounds exactly like " + base.accent());
        }
    }

    @Test
    void aVoiceFoundByLanguageAloneIsSelectedByItsFile() {
        assertEquals("en-us", EspeakNgTts.selector("en-us", "gmw/en-US"));
        assertEquals("gmw/en", EspeakNgTts.selector("en-gb", "gmw/en"));
        assertEquals("roa/fr", EspeakNgTts.selector("fr-fr", "roa/fr"));
        assertEquals("de", EspeakNgTts.selector("de", "gmw/de"));
    }

    @Test
    void fliteSynthesizes() throws Exception {
        FliteTts tts = new FliteTts();
        assumeTrue(tts.isAvailable(), "flite is not installed: skipping flite synthesis test");
        assertFalse(tts.voices().stream().anyMatch(v -> v.voiceId().equals("awb_time")));
        for (TtsVoice v : tts.voices()) assertSpeech(tts.synthesize("jarvis", v, SpeechStyle.of(0.9, 60)), v.toString());
    }

    @Test
    void festivalSynthesizesAndHonoursRate() throws Exception {
        try (FestivalTts tts = new FestivalTts()) {
            assumeTrue(tts.isAvailable(), "festival is not installed: skipping festival synthesis test");
            for (TtsVoice v : tts.voices()) {
                PcmAudio normal = tts.synthesize("turn on the lights", v, SpeechStyle.NORMAL);
                assertSpeech(normal, v.toString());
                PcmAudio fast = tts.synthesize("turn on the lights", v, new SpeechStyle(1.5, 70, 20, -1));
                assertSpeech(fast, v + " fast");
                assertTrue(fast.samples().length < normal.samples().length * 0.85,
                        v + ": faster speech is shorter (" + fast.durationMs() + " vs " + normal.durationMs() + " ms)");
                // Quotes and backslashes in the text must not break the Scheme string.
                assertSpeech(tts.synthesize("say \"hello\" \\ now", v, SpeechStyle.NORMAL), v + " quoted");
            }
        }
    }

    @Test
    void festivalText2waveFallbackGivesTheSameSpeech() throws Exception {
        try (FestivalTts session = new FestivalTts(); FestivalTts perCall = new FestivalTts()) {
            assumeTrue(session.isAvailable(), "festival is not installed");
            perCall.disableSessions();
            TtsVoice v = session.voices().get(0);
            SpeechStyle style = new SpeechStyle(0.8, 40, -1, -1);
            PcmAudio a = session.synthesize("good morning", v, style);
            PcmAudio b = perCall.synthesize("good morning", v, style);
            assertEquals(a.samples().length, b.samples().length, 160);
        }
    }

    @Test
    void missingEngineIsUnavailableNotFatal() {
        TtsEngine missing = new EspeakNgTts("/nonexistent/espeak-ng", List.of(), false, Duration.ofSeconds(2));
        assertFalse(missing.isAvailable());
        assertTrue(missing.voices().isEmpty());
        assertTrue(new FliteTts("/nonexistent/flite", Duration.ofSeconds(2)).voices().isEmpty());
        assertTrue(new FestivalTts("/nonexistent/festival", "/nonexistent/text2wave", Duration.ofSeconds(2)).voices().isEmpty());
        TtsCatalog catalog = new TtsCatalog(List.of(missing));
        assertTrue(catalog.allVoices().isEmpty());
    }

    @Test
    void failedCallNamesTheEngineAndStderr() {
        // /bin/sh rejects espeak-ng's options with an error on stderr and a non-zero exit code.
        EspeakNgTts broken = new EspeakNgTts("/bin/sh", List.of(), false, Duration.ofSeconds(5));
        TtsVoice v = new TtsVoice("espeak-ng", "en-us", "", "espeak-ng:default", "en-us");
        TtsException e = assertThrows(TtsException.class, () -> broken.synthesize("hello", v, SpeechStyle.NORMAL));
        assertTrue(e.getMessage().contains("espeak-ng voice en-us saying 'hello' failed"), e.getMessage());
        assertTrue(e.getMessage().contains("Illegal option"), "stderr is in the message: " + e.getMessage());
    }

    @Test
    void fliteVoiceThatCannotLoadIsAnErrorNotTheDefaultVoice() {
        FliteTts flite = new FliteTts();
        assumeTrue(flite.isAvailable(), "flite is not installed");
        TtsVoice bogus = new TtsVoice("flite", "/nonexistent/voice.flitevox", "", "flite:bogus", "en-us");
        TtsException e = assertThrows(TtsException.class, () -> flite.synthesize("hello", bogus, SpeechStyle.NORMAL));
        assertTrue(e.getMessage().contains("Error load voice"), e.getMessage());
    }

    @Test
    void parsesFestivalVoiceList() {
        assertEquals(List.of("kal_diphone", "rab_diphone", "cmu_us_slt_arctic_hts"),
                FestivalTts.parseVoiceList("festival> (kal_diphone rab_diphone cmu_us_slt_arctic_hts)\n"));
        assertEquals("en-gb", FestivalTts.accentOf("rab_diphone"));
    }

    @Test
    void catalogListsAvailableEngines() {
        TtsCatalog catalog = TtsCatalog.defaults();
        List<TtsVoice> all = catalog.allVoices();
        for (TtsVoice v : all) assertTrue(catalog.engineFor(v).isPresent());
        System.out.println("voices: " + all.size() + " (" + all.stream().map(TtsVoice::engine).distinct().toList() + ")");
    }

    /** espeak-ng's listing of its MBROLA voices: the English ones, each named by its recorded speaker. */
    @Test
    void parsesMbrolaVoiceList() {
        String listing = """
                Pty Language       Age/Gender VoiceName          File                 Other Languages
                11  en              --/M      en-afrikaans       mb/mb-af1-en
                 9  en              --/F      en-german-5        mb/mb-de5-en
                 3  en-uk           --/M      english-mb-en1     mb/mb-en1            (en-gb 3)(en 2)
                 5  en-us           --/F      us-mbrola-1        mb/mb-us1            (en 8)
                 7  fr-fr           --/M      french-mbrola-1    mb/mb-fr1            (fr 7)
                 5  en-us           --/M      en-us              gmw/en-US
                """;
        assertEquals(List.of(
                new TtsVoice("mbrola", "mb-af1-en", "", "mbrola:af1", "af"),
                new TtsVoice("mbrola", "mb-de5-en", "", "mbrola:de5", "de"),
                new TtsVoice("mbrola", "mb-en1", "", "mbrola:en1", "en-gb"),
                new TtsVoice("mbrola", "mb-us1", "", "mbrola:us1", "en-us")), MbrolaTts.parseVoiceList(listing));
        assertTrue(MbrolaTts.isSpeaker("mbrola:us1"));
        assertFalse(MbrolaTts.isSpeaker("espeak-ng:m3"));
    }

    /**
     * MBROLA's voices are used only when a corpus asks for them: the catalog leaves them out of every voice, and asking
     * for them where they do not speak is an error naming what to install.
     */
    @Test
    void onRequestEnginesStayOutUntilAskedFor() throws Exception {
        TtsEngine missing = new MbrolaTts("/nonexistent/espeak-ng", Duration.ofSeconds(2));
        assertTrue(missing.onRequestOnly());
        assertFalse(missing.isAvailable());
        TtsCatalog catalog = new TtsCatalog(List.of(missing));
        assertTrue(catalog.allVoices().isEmpty());
        assertTrue(catalog.requestedVoices(List.of("flite")).isEmpty());
        // Not even asked whether it speaks (that takes a synthesis per voice) until a corpus asks for it.
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        TtsEngine onRequest = new TtsEngine() {
            @Override public String name() { return "mbrola"; }
            @Override public boolean isAvailable() { asked.incrementAndGet(); return true; }
            @Override public List<TtsVoice> voices() { asked.incrementAndGet(); return List.of(); }
            @Override public PcmAudio synthesize(String t, TtsVoice v, SpeechStyle s) { throw new AssertionError(); }
            @Override public boolean onRequestOnly() { return true; }
        };
        TtsCatalog lazy = new TtsCatalog(List.of(onRequest));
        assertTrue(lazy.allVoices().isEmpty() && lazy.availableEngines().isEmpty());
        assertTrue(lazy.generatedVoices(3, 1L, java.nio.file.Path.of("/nonexistent")).isEmpty());
        assertEquals(0, asked.get(), "the on-request engine was asked before any corpus wanted it");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> catalog.requestedVoices(List.of("mbrola")));
        assertTrue(e.getMessage().contains("mbrola") && e.getMessage().contains("mbrola-us1"), e.getMessage());
        TtsCatalog absent = new TtsCatalog(List.of(
                new RhvoiceTts("/nonexistent/RHVoice-test", java.nio.file.Path.of("/nonexistent"), Duration.ofSeconds(2)),
                new PicoTts("/nonexistent/pico2wave", java.nio.file.Path.of("/nonexistent"), Duration.ofSeconds(2))));
        assertTrue(absent.allVoices().isEmpty());
        e = assertThrows(java.io.IOException.class, () -> absent.requestedVoices(List.of("rhvoice")));
        assertTrue(e.getMessage().contains("rhvoice-english"), e.getMessage());
        e = assertThrows(java.io.IOException.class, () -> absent.requestedVoices(List.of("pico")));
        assertTrue(e.getMessage().contains("libttspico-utils"), e.getMessage());

        MbrolaTts installed = new MbrolaTts();
        assumeTrue(installed.isAvailable(), "MBROLA voices are not installed (Debian contrib/non-free:"
                + " mbrola, mbrola-us1...)");
        TtsCatalog defaults = TtsCatalog.defaults();
        assertFalse(defaults.allVoices().stream().anyMatch(v -> v.engine().equals("mbrola")));
        List<TtsVoice> requested = defaults.requestedVoices(List.of("mbrola"));
        assertEquals(installed.voices(), requested);
    }

    /** Each installed MBROLA voice speaks, each in its own recorded voice (not espeak-ng's formant synthesiser). */
    @Test
    void mbrolaSynthesizesWithEveryInstalledVoice() throws Exception {
        MbrolaTts tts = new MbrolaTts();
        assumeTrue(tts.isAvailable(), "MBROLA voices are not installed (Debian contrib/non-free:"
                + " mbrola, mbrola-us1...)");
        EspeakNgTts espeak = new EspeakNgTts();
        short[] formant = espeak.synthesize("jarvis", new TtsVoice("espeak-ng", "en-us", "", "espeak-ng:default", "en-us"),
                SpeechStyle.NORMAL).samples();
        java.util.Set<Integer> distinct = new HashSet<>();
        for (TtsVoice v : tts.voices()) {
            PcmAudio a = tts.synthesize("jarvis, turn on the lights", v, SpeechStyle.of(1.1, 40));
            assertSpeech(a, v.toString());
            short[] jarvis = tts.synthesize("jarvis", v, SpeechStyle.NORMAL).samples();
            assertFalse(java.util.Arrays.equals(jarvis, formant), v + " sounds exactly like espeak-ng's en-us");
            distinct.add(java.util.Arrays.hashCode(jarvis));
        }
        assertEquals(tts.voices().size(), distinct.size(), "every voice sounds different");
    }

    /** RHVoice's voices are read from their {@code voice.info}: the English ones, named and accented. */
    @Test
    void readsRhvoiceVoiceInfo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("alan"));
        java.nio.file.Files.writeString(dir.resolve("alan/voice.info"), "name=Alan\nlanguage=English\ngender=male\n");
        java.nio.file.Files.createDirectories(dir.resolve("anna"));
        java.nio.file.Files.writeString(dir.resolve("anna/voice.info"), "name=Anna\nlanguage=Russian\n");
        java.nio.file.Files.createDirectories(dir.resolve("new"));
        java.nio.file.Files.writeString(dir.resolve("new/voice.info"), "name=Newvoice\nlanguage=English\n");
        java.nio.file.Files.createDirectories(dir.resolve("broken"));
        assertEquals(new TtsVoice("rhvoice", "alan", "", "rhvoice:alan", "en-gb-scotland"), RhvoiceTts.voiceOf(dir.resolve("alan")));
        assertEquals(new TtsVoice("rhvoice", "newvoice", "", "rhvoice:newvoice", "en"), RhvoiceTts.voiceOf(dir.resolve("new")));
        assertNull(RhvoiceTts.voiceOf(dir.resolve("anna")));
        assertNull(RhvoiceTts.voiceOf(dir.resolve("broken")));
        assertEquals("a &lt;b&gt; &amp; c", PicoTts.escape("a <b> & c"));
    }

    /**
     * Each installed RHVoice and Pico voice speaks, in a voice of its own; a faster rate is shorter and another pitch
     * changes the sound.
     */
    @Test
    void rhvoiceAndPicoSpeakWithEveryInstalledVoice() throws Exception {
        List<TtsEngine> engines = List.of(new RhvoiceTts(), new PicoTts());
        int speaking = 0;
        java.util.Set<Integer> distinct = new HashSet<>();
        for (TtsEngine tts : engines) {
            if (!tts.isAvailable()) continue;
            for (TtsVoice v : tts.voices()) {
                PcmAudio normal = tts.synthesize("jarvis, turn on the lights", v, SpeechStyle.NORMAL);
                assertSpeech(normal, v.toString());
                PcmAudio fast = tts.synthesize("jarvis, turn on the lights", v, SpeechStyle.of(1.5, 50));
                assertTrue(fast.samples().length < 0.85 * normal.samples().length,
                        v + ": rate 1.5 gave " + fast.durationMs() + " ms against " + normal.durationMs());
                PcmAudio high = tts.synthesize("jarvis, turn on the lights", v, SpeechStyle.of(1.0, 80));
                assertFalse(java.util.Arrays.equals(high.samples(), normal.samples()), v + ": pitch changed nothing");
                distinct.add(java.util.Arrays.hashCode(normal.samples()));
                speaking++;
            }
        }
        assumeTrue(speaking > 0, "neither RHVoice nor Pico is installed (Debian non-free: rhvoice rhvoice-english,"
                + " libttspico-utils)");
        assertEquals(speaking, distinct.size(), "every voice sounds different");
    }
}
