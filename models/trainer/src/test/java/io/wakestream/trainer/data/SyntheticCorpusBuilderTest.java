package io.wakestream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wakestream.engine.audio.PcmAudio;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCorpusBuilderTest {
    @TempDir
    Path cache;

    /** A real engine that counts the synthesis calls that reach it, offering only a few of its voices. */
    static final class CountingTts implements TtsEngine {
        final TtsEngine inner;
        final List<TtsVoice> voices;
        final AtomicInteger calls = new AtomicInteger();

        CountingTts(TtsEngine inner, List<TtsVoice> voices) {
            this.inner = inner;
            this.voices = voices;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public boolean isAvailable() {
            return inner.isAvailable();
        }

        @Override
        public List<TtsVoice> voices() {
            return voices;
        }

        @Override
        public PcmAudio synthesize(String text, TtsVoice voice, SpeechStyle style) throws TtsException {
            calls.incrementAndGet();
            return inner.synthesize(text, voice, style);
        }

        @Override
        public Optional<Pronunciation> pronounce(String text, TtsVoice voice) {
            return inner.pronounce(text, voice);
        }

        @Override
        public List<TtsVoice> generatedVoices(int n, long seed, Path cacheDir) throws java.io.IOException {
            return inner.generatedVoices(n, seed, cacheDir);
        }

        @Override
        public boolean onRequestOnly() {
            return inner.onRequestOnly();
        }
    }

    /** espeak-ng's voices named language[+variant], e.g. "en-gb+f2". */
    static CountingTts espeakWith(String... names) {
        EspeakNgTts espeak = new EspeakNgTts();
        assumeTrue(espeak.isAvailable(), "espeak-ng is not installed: skipping corpus builder test");
        List<TtsVoice> picked = new ArrayList<>();
        for (String name : names) {
            picked.add(espeak.voices().stream()
                    .filter(v -> (v.accent() + (v.variant().isEmpty() ? "" : "+" + v.variant())).equals(name))
                    .findFirst().orElseThrow());
        }
        return new CountingTts(espeak, picked);
    }

    CorpusSpec smallSpec() {
        return new CorpusSpec("Jarvis", 0, 1, 1, 2, 1, 1, 2, 2, cache, 2, 99L);
    }

    SyntheticCorpusBuilder builder(CountingTts tts) {
        return new SyntheticCorpusBuilder(new TtsCatalog(List.of(tts)),
                new ConfusablePhrases(PronunciationDictionary.standard(cache), WordList.builtin()), WordList.builtin());
    }

    @Test
    void cacheAvoidsResynthesis() throws Exception {
        CountingTts first = espeakWith("en-us+m3", "en-gb+f2", "en-us-nyc");
        ClipCorpus a = builder(first).build(smallSpec());
        assertTrue(first.calls.get() > 0);
        System.out.println(first.calls.get() + " TTS calls; " + a.summary());

        CountingTts second = espeakWith("en-us+m3", "en-gb+f2", "en-us-nyc");
        SyntheticCorpusBuilder b2 = builder(second);
        ClipCorpus b = b2.build(smallSpec());
        assertEquals(0, second.calls.get(), "second build must come entirely from the cache");
        assertEquals(0, b2.lastReport().synthesized());
        assertEquals(a.clips().size(), b.clips().size());
        for (int i = 0; i < a.clips().size(); i++) {
            assertEquals(a.clips().get(i).text(), b.clips().get(i).text());
            assertArrayEquals(a.clips().get(i).audio().samples(), b.clips().get(i).audio().samples());
        }
    }

    @Test
    void accentStylesGiveThatAccentsVoicesMorePositivesAndLeaveTheOthersAsTheyWere() throws Exception {
        CorpusSpec plain = smallSpec();
        CorpusSpec usMore = new CorpusSpec("Jarvis", 0, 1, 1, 2, 1, 1, 2, 2, cache, 2, 99L, 0, java.util.Map.of("en-us", 3));
        ClipCorpus a = builder(espeakWith("en-us+m3", "en-gb+f2")).build(plain);
        ClipCorpus b = builder(espeakWith("en-us+m3", "en-gb+f2")).build(usMore);
        // Both voices share no speaker id ("m3", "f2"); per voice: styles x (alone + 1 sentence) positives.
        assertEquals(2, positivesOf(a, "espeak-ng:m3"));
        assertEquals(6, positivesOf(b, "espeak-ng:m3"));
        assertEquals(2, positivesOf(b, "espeak-ng:f2"));
        assertEquals(a.negatives().size(), b.negatives().size(), "negatives keep their number");
        // The en-gb voice draws from its own random stream: its clips are the same whatever en-us is given.
        List<Clip> gbA = a.clips().stream().filter(c -> c.speakerId().equals("espeak-ng:f2")).toList();
        List<Clip> gbB = b.clips().stream().filter(c -> c.speakerId().equals("espeak-ng:f2")).toList();
        assertEquals(gbA.size(), gbB.size());
        for (int i = 0; i < gbA.size(); i++) {
            assertEquals(gbA.get(i).text(), gbB.get(i).text());
            assertArrayEquals(gbA.get(i).audio().samples(), gbB.get(i).audio().samples());
        }
    }

    @Test
    void plainVoiceStylesGiveTheVoicesWithoutAVariantMorePositives() throws Exception {
        CorpusSpec same = smallSpec();
        CorpusSpec plainMore = new CorpusSpec("Jarvis", 0, 1, 1, 2, 1, 1, 2, 2, cache, 2, 99L, 0, java.util.Map.of(), 3);
        ClipCorpus a = builder(espeakWith("en-us", "en-gb+f2")).build(same);
        ClipCorpus b = builder(espeakWith("en-us", "en-gb+f2")).build(plainMore);
        // Plain en-us is the speaker "default"; per voice: styles x (alone + 1 sentence) positives.
        assertEquals(2, positivesOf(a, "espeak-ng:default"));
        assertEquals(6, positivesOf(b, "espeak-ng:default"));
        assertEquals(2, positivesOf(b, "espeak-ng:f2"), "a voice with a variant keeps --styles");
        assertEquals(a.negatives().size(), b.negatives().size(), "negatives keep their number");
    }

    @Test
    void engineDrawsGiveEachVoiceOfThatEngineMoreClipsOfEveryKindInNewStyles() throws Exception {
        CorpusSpec once = smallSpec();
        CorpusSpec thrice = new CorpusSpec("Jarvis", 0, 1, 1, 2, 1, 1, 2, 2, cache, 2, 99L, 0, java.util.Map.of(), 0,
                java.util.Map.of("espeak-ng", 3));
        ClipCorpus a = builder(espeakWith("en-us+m3", "en-gb+f2")).build(once);
        ClipCorpus b = builder(espeakWith("en-us+m3", "en-gb+f2")).build(thrice);
        for (String speaker : List.of("espeak-ng:m3", "espeak-ng:f2")) {
            List<Clip> one = a.clips().stream().filter(c -> c.speakerId().equals(speaker)).toList();
            List<Clip> three = b.clips().stream().filter(c -> c.speakerId().equals(speaker)).toList();
            assertEquals(3 * positivesOf(a, speaker), positivesOf(b, speaker), speaker);
            assertEquals(3 * one.size(), three.size(), speaker + ": sound-alikes and speech grow as the positives do");
            // The first draw is the voice drawn once; the others say the phrase in styles of their own.
            for (Clip c : one) {
                assertTrue(three.stream().anyMatch(d -> d.text().equals(c.text())
                        && java.util.Arrays.equals(d.audio().samples(), c.audio().samples())), c.text());
            }
            long distinctPositives = three.stream().filter(c -> c.kind() == Clip.Kind.WAKE)
                    .map(c -> java.util.Arrays.hashCode(c.audio().samples())).distinct().count();
            assertEquals(positivesOf(b, speaker), distinctPositives, speaker + ": no positive is another's copy");
        }
        java.util.Set<String> soundAlikesOnce = new java.util.TreeSet<>();
        java.util.Set<String> soundAlikesThrice = new java.util.TreeSet<>();
        for (Clip c : a.clips()) if (c.kind() == Clip.Kind.CONFUSABLE) soundAlikesOnce.add(c.text());
        for (Clip c : b.clips()) if (c.kind() == Clip.Kind.CONFUSABLE) soundAlikesThrice.add(c.text());
        assertTrue(soundAlikesThrice.size() > soundAlikesOnce.size(), soundAlikesOnce + " vs " + soundAlikesThrice);
    }

    @Test
    void engineDrawsForAnEngineNoVoiceIsFromAreRefusedWithTheEnginesInUse() {
        CorpusSpec typo = new CorpusSpec("Jarvis", 0, 1, 1, 2, 1, 1, 2, 2, cache, 2, 99L, 0, java.util.Map.of(), 0,
                java.util.Map.of("flight", 4));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> builder(espeakWith("en-us+m3")).build(typo));
        assertTrue(e.getMessage().contains("'flight'") && e.getMessage().contains("espeak-ng"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CorpusSpec("Jarvis", 0, 1, 1, 2, 1, 1, 2, 2, cache, 2,
                99L, 0, java.util.Map.of(), 0, java.util.Map.of("flite", 0)));
    }

    /**
     * MBROLA's recorded speakers speak only when drawn by name, then on top of the budget with every clip of the other
     * voices unchanged.
     */
    @Test
    void mbrolaVoicesSpeakOnlyWhenDrawnAndLeaveTheOthersAsTheyWere() throws Exception {
        MbrolaTts mbrola = new MbrolaTts();
        assumeTrue(mbrola.voices().size() >= 2, "two MBROLA voices are not installed (Debian contrib/non-free: mbrola,"
                + " mbrola-us1...)");
        List<TtsVoice> two = mbrola.voices().subList(0, 2);
        CorpusSpec drawn = new CorpusSpec("Jarvis", 1, 1, 1, 2, 1, 1, 2, 2, cache, 2, 99L, 0, java.util.Map.of(), 0,
                java.util.Map.of("mbrola", 2));
        CorpusSpec budgetOfOne = smallSpec().withVoiceBudget(1);
        java.util.function.Supplier<SyntheticCorpusBuilder> both = () -> new SyntheticCorpusBuilder(
                new TtsCatalog(List.of(espeakWith("en-us+m3", "en-gb+f2"), new CountingTts(mbrola, two))),
                new ConfusablePhrases(PronunciationDictionary.standard(cache), WordList.builtin()), WordList.builtin());
        ClipCorpus without = both.get().build(budgetOfOne);
        ClipCorpus with = both.get().build(drawn);
        assertFalse(without.clips().stream().anyMatch(c -> MbrolaTts.isSpeaker(c.speakerId())), "not asked for");
        for (TtsVoice v : two) {
            assertEquals(2 * 2, positivesOf(with, v.speakerId()), v + ": drawn twice, the phrase alone and in a sentence");
        }
        List<Clip> others = with.clips().stream().filter(c -> !MbrolaTts.isSpeaker(c.speakerId())).toList();
        assertEquals(without.clips().size(), others.size(), "the budget's one voice and the non-speech clips");
        for (int i = 0; i < others.size(); i++) {
            assertArrayEquals(without.clips().get(i).audio().samples(), others.get(i).audio().samples());
        }
    }

    @Test
    void generatedVoicesComeOnTopOfTheEnginesOwnAndSayThePhraseToo() throws Exception {
        CorpusSpec plain = smallSpec();
        CorpusSpec more = new CorpusSpec("Jarvis", 0, 1, 1, 2, 1, 1, 2, 2, cache, 2, 99L, 2, java.util.Map.of());
        ClipCorpus a = builder(espeakWith("en-us+m3", "en-gb+f2")).build(plain);
        ClipCorpus b = builder(espeakWith("en-us+m3", "en-gb+f2")).build(more);
        java.util.Set<String> made = new java.util.TreeSet<>();
        for (Clip c : b.clips()) if (c.speakerId().startsWith("espeak-ng:gen-")) made.add(c.speakerId());
        assertEquals(2, made.size(), made.toString());
        for (String speaker : made) {
            assertEquals(2, positivesOf(b, speaker), speaker);
            assertTrue(b.negatives().stream().anyMatch(c -> c.speakerId().equals(speaker)), speaker + " has negatives");
        }
        // The engine's own voices make the same clips with or without the made-up ones.
        List<Clip> own = b.clips().stream().filter(c -> !c.speakerId().startsWith("espeak-ng:gen-")
                && !made.contains(c.speakerId())).toList();
        assertEquals(a.clips().size(), own.size());
        for (int i = 0; i < own.size(); i++) {
            assertEquals(a.clips().get(i).text(), own.get(i).text());
            assertArrayEquals(a.clips().get(i).audio().samples(), own.get(i).audio().samples());
        }
    }

    @Test
    void accentStylesForAnAccentNoVoiceHasAreRefusedWithTheAccentsInUse() {
        CorpusSpec typo = new CorpusSpec("Jarvis", 0, 1, 1, 2, 1, 1, 2, 2, cache, 2, 99L, 0, java.util.Map.of("en_us", 3));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> builder(espeakWith("en-us+m3", "en-gb+f2")).build(typo));
        assertTrue(e.getMessage().contains("'en_us'") && e.getMessage().contains("en-gb, en-us"), e.getMessage());
    }

    @Test
    void accentStylesBelowOneAreRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CorpusSpec("Jarvis", 0, 1, 1, 2, 1, 1, 2, 2, cache, 2, 99L, 0, java.util.Map.of("en-us", 0)));
        assertTrue(e.getMessage().contains("en-us"), e.getMessage());
    }

    private static long positivesOf(ClipCorpus c, String speaker) {
        return c.positives().stream().filter(x -> x.speakerId().equals(speaker)).count();
    }

    @Test
    void corpusHasLabelledPositivesWithBoundariesAndCleanNegatives() throws Exception {
        CountingTts tts = espeakWith("en-us+m3", "en-gb+f2");
        ClipCorpus c = builder(tts).build(smallSpec());
        // 2 voices x 1 style x (alone + 1 sentence) = 4 positives;
        // 2 voices x (2 confusables (one alone, one leading a sentence) + 1 sentence + 1 word string) + 2 + 2
        assertEquals(4, c.positives().size(), c.summary());
        assertEquals(2 * (2 + 1 + 1) + 4, c.negatives().size(), c.summary());
        assertEquals(new HashSet<>(List.of(Clip.Kind.values())), c.countByKind().keySet());
        WakePhraseFilter f = new WakePhraseFilter("jarvis");
        for (Clip clip : c.clips()) {
            assertEquals(16000, clip.audio().sampleRate());
            if (clip.positive()) {
                assertEquals(Clip.Kind.WAKE, clip.kind());
                assertEquals(0, clip.phraseStartSample());
                assertTrue(clip.phraseEndSample() > 16000 / 5, clip.toString());
                assertTrue(clip.text().toLowerCase().startsWith("jarvis"));
                if (clip.text().equalsIgnoreCase("jarvis")) {
                    assertEquals(clip.audio().samples().length, clip.phraseEndSample());
                } else {
                    assertTrue(clip.phraseEndSample() < clip.audio().samples().length - 16000 / 5, clip.toString());
                }
            } else {
                assertFalse(f.containsPhrase(clip.text()), clip.toString());
                assertEquals(-1, clip.phraseEndSample());
            }
        }
        // Trimmed: a phrase-alone clip starts and ends close to its sound.
        Clip alone = c.positives().stream().filter(p -> p.text().equals("Jarvis")).findFirst().orElseThrow();
        float[] x = Signals.toFloat(alone.audio());
        assertTrue(Signals.rms(x, 0, 480) > 0 || Signals.rms(x, 480, 960) > 0.001, "no long silent lead-in");
        assertTrue(c.clips().stream().anyMatch(k -> k.kind() == Clip.Kind.CONFUSABLE && k.text().contains(", ")));
        ClipCorpus.Split split = c.splitBySpeaker(0.5, 1);
        for (String s : split.validation().speakers()) assertFalse(split.training().speakers().contains(s));
        assertEquals(c.clips().size(), split.training().clips().size() + split.validation().clips().size());

        Path out = cache.resolve("export");
        c.writeTo(out);
        List<String> manifest = java.nio.file.Files.readAllLines(out.resolve("manifest.tsv"));
        assertEquals(c.clips().size() + 1, manifest.size());
        assertEquals(c.clips().get(0).audio().samples().length, io.wakestream.engine.audio.WavReader.read(
                out.resolve(manifest.get(1).split("\t")[0])).samples().length);
    }

    @Test
    void voiceSelectionIsSpreadAndDeterministic() {
        List<TtsVoice> all = new ArrayList<>();
        for (String base : List.of("en-us", "en-gb", "de", "fr-fr")) {
            for (String var : List.of("", "m1", "m2", "f1", "f2")) {
                all.add(new TtsVoice("espeak-ng", base, var, "espeak-ng:" + (var.isEmpty() ? "default" : var), base));
            }
        }
        all.add(TtsVoice.of("flite", "slt", "", "en-us"));
        List<TtsVoice> a = SyntheticCorpusBuilder.selectVoices(all, 8, 5);
        assertEquals(a, SyntheticCorpusBuilder.selectVoices(all, 8, 5));
        assertEquals(8, a.size());
        assertTrue(a.stream().anyMatch(v -> v.engine().equals("flite")), a.toString());
        assertTrue(a.stream().filter(v -> !v.accent().startsWith("en")).count() <= 2, a.toString());
        assertEquals(all.size(), SyntheticCorpusBuilder.selectVoices(all, 0, 5).size());
        assertEquals(new HashSet<>(all), new HashSet<>(SyntheticCorpusBuilder.selectVoices(all, 0, 5)));
    }

    @Test
    void noEnginesStillGivesNonSpeechClips() throws Exception {
        EspeakNgTts missing = new EspeakNgTts("/nonexistent/espeak-ng", List.of(), false, java.time.Duration.ofSeconds(2));
        SyntheticCorpusBuilder b = new SyntheticCorpusBuilder(new TtsCatalog(List.of(missing)),
                new ConfusablePhrases(new PronunciationDictionary("/nonexistent/espeak-ng", "en-us", null),
                        WordList.builtin()), WordList.builtin());
        ClipCorpus c = b.build(smallSpec());
        assertEquals(4, c.clips().size());
        assertTrue(c.positives().isEmpty());
    }
}
