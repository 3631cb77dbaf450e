package io.wakestream.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bench's audio: clips found in the committed samples, and devices' audio with the phrases where it says. */
class DeviceAudioPlanTest {
    private static BenchClips clips;

    @BeforeAll
    static void load() throws Exception {
        clips = BenchClips.load(ProjectFiles.root().resolve("samples"));
    }

    @Test
    void theSamplesHaveThePhraseThenTheCommand() {
        assertEquals(List.of("kitchen", "hallway"), clips.wakeClips().stream().map(BenchClips.Clip::name).toList());
        for (BenchClips.Clip c : clips.wakeClips()) {
            BenchClips.Span wake = c.wake();
            long length = wake.endMs() - wake.startMs();
            // espeak-ng says "Jarvis" in about 0.6 s; make-samples.sh puts it after at least 1.2 s of room tone.
            assertTrue(length > 300 && length < 1_000, c.name() + " phrase " + wake);
            assertTrue(wake.startMs() >= 1_000, c.name() + " phrase " + wake);
            assertTrue(c.commandEndMs() > wake.endMs() + 1_000 && c.commandEndMs() < c.durationMs() - 1_000,
                    c.name() + " command ends at " + c.commandEndMs() + " of " + c.durationMs());
        }
        assertEquals(null, clips.speechClip().wake());
        assertFalse(BenchClips.speechSpans(clips.speechClip().pcm()).isEmpty(), "office.wav has speech");
        assertEquals(List.of(), BenchClips.speechSpans(clips.roomTone()), "room tone has no speech");
    }

    @Test
    void speechSpansFindLoudRunsAndMergeShortPauses() {
        short[] pcm = new short[16_000 * 3];
        java.util.Random noise = new java.util.Random(7);
        for (int i = 0; i < pcm.length; i++) pcm[i] = (short) (noise.nextGaussian() * 10);
        loud(pcm, 500, 800);
        loud(pcm, 900, 1_200); // 100 ms pause: same utterance
        loud(pcm, 2_000, 2_300); // 800 ms pause: a new one
        assertEquals(List.of(new BenchClips.Span(500, 1_200), new BenchClips.Span(2_000, 2_300)), BenchClips.speechSpans(pcm));
    }

    private static void loud(short[] pcm, int fromMs, int toMs) {
        for (int i = fromMs * 16; i < toMs * 16; i++) pcm[i] = (short) (i % 32 < 16 ? 3000 : -3000);
    }

    @Test
    void aDeviceSaysThePlantedPhrasesWhereThePlanSays() {
        long durationMs = 120_000;
        DeviceAudioPlan plan = DeviceAudioPlan.generate(clips, durationMs, 20_000, new SplittableRandom(3));
        short[] audio = plan.render();
        assertEquals(durationMs * 16, audio.length, "exactly the duration");
        assertTrue(plan.planted().size() >= 3, "about one phrase per 20 s: " + plan.planted());
        long previousEnd = -1;
        for (DeviceAudioPlan.PlantedPhrase p : plan.planted()) {
            assertTrue(p.phraseStartMs() > previousEnd && p.phraseEndMs() > p.phraseStartMs() && p.commandEndMs() > p.phraseEndMs(), p.toString());
            assertTrue(p.commandEndMs() <= durationMs - DeviceAudioPlan.END_MARGIN_MS, "whole clip before the end: " + p);
            BenchClips.Clip clip = clips.wakeClips().stream().filter(c -> c.name().equals(p.clip())).findFirst().orElseThrow();
            int at = (int) (p.phraseStartMs() - clip.wake().startMs()) * 16;
            short[] expected = clip.pcm();
            short[] actual = java.util.Arrays.copyOfRange(audio, at, at + expected.length);
            assertArrayEquals(expected, actual, "the clip is where the phrase is said to be: " + p);
            previousEnd = p.commandEndMs();
        }
    }

    @Test
    void devicesDifferAndASeedRepeats() {
        List<Long> firstPhrases = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            DeviceAudioPlan plan = DeviceAudioPlan.generate(clips, 60_000, 30_000, new SplittableRandom(1_000_003L + i));
            firstPhrases.add(plan.planted().get(0).phraseEndMs());
        }
        assertTrue(firstPhrases.stream().distinct().count() >= 6, "devices are not in step: " + firstPhrases);
        DeviceAudioPlan a = DeviceAudioPlan.generate(clips, 60_000, 30_000, new SplittableRandom(42));
        DeviceAudioPlan b = DeviceAudioPlan.generate(clips, 60_000, 30_000, new SplittableRandom(42));
        assertEquals(a.planted(), b.planted());
        assertArrayEquals(a.render(), b.render());
        assertNotEquals(a.planted(), DeviceAudioPlan.generate(clips, 60_000, 30_000, new SplittableRandom(43)).planted());
    }

    @Test
    void theAgentsSourceReadsThePlanInAnyReadSizes() {
        DeviceAudioPlan plan = DeviceAudioPlan.generate(clips, 20_000, 5_000, new SplittableRandom(5));
        short[] expected = plan.render();
        PlannedAudioSource source = new PlannedAudioSource(plan, "test");
        short[] got = new short[expected.length];
        int at = 0, size = 1;
        for (int n; (n = source.read(got, at, Math.min(size, got.length - at))) > 0; size = size * 3 % 5_000 + 1) at += n;
        assertEquals(expected.length, at);
        assertEquals(-1, source.read(new short[10], 0, 10), "then the end");
        assertArrayEquals(expected, got);
    }
}
