package io.wakestream.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.WakeEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wake events and transcripts paired with planted phrases; latencies from the stream anchors. */
class PhraseMatcherTest {
    private static final long ANCHOR_A = 1_700_000_000_000L, ANCHOR_B = 1_700_000_000_050L;

    @Test
    void matchesByDeviceAndTimeAndCountsTheRest() {
        DeviceAudioPlan.PlantedPhrase a1 = new DeviceAudioPlan.PlantedPhrase("kitchen", 1_200, 1_800, 4_400);
        DeviceAudioPlan.PlantedPhrase a2 = new DeviceAudioPlan.PlantedPhrase("hallway", 20_000, 20_600, 23_300);
        // Same phrase, same place, other device: matched separately.
        DeviceAudioPlan.PlantedPhrase b1 = new DeviceAudioPlan.PlantedPhrase("kitchen", 1_200, 1_800, 4_400);
        Map<String, List<DeviceAudioPlan.PlantedPhrase>> planted = Map.of("a", List.of(a1, a2), "b", List.of(b1));
        Map<String, Long> anchors = Map.of("a", ANCHOR_A, "b", ANCHOR_B);
        List<PhraseMatcher.Received> got = List.of(
                wake("a", "w1", 1_850, ANCHOR_A + 1_900, ANCHOR_A + 2_300),
                wake("a", "w2", 1_900, ANCHOR_A + 2_000, ANCHOR_A + 2_400), // a1 again: duplicate
                wake("b", "w3", 1_750, ANCHOR_B + 1_900, ANCHOR_B + 2_500),
                wake("a", "w4", 12_000, ANCHOR_A + 12_100, ANCHOR_A + 12_500), // nothing planted there
                wake("a", "w5", 21_700, ANCHOR_A + 21_800, ANCHOR_A + 22_000), // 1.1 s off a2: outside the tolerance
                wake("c", "w6", 1_800, ANCHOR_A, ANCHOR_A), // a device with nothing planted
                text("w1", ANCHOR_A + 5_400),
                text("w4", ANCHOR_A + 14_000)); // after a false accept: not a planted command
        PhraseMatcher.Outcome o = PhraseMatcher.match(planted, anchors, got);
        assertEquals(3, o.planted());
        assertEquals(2, o.detected());
        assertEquals(1, o.duplicates());
        assertEquals(3, o.falseAccepts());
        assertEquals(List.of(500L, 700L), o.wakeLatenciesMs());
        assertEquals(List.of(100L, 100L), o.detectionDelaysMs());
        assertEquals(1, o.transcripts());
        assertEquals(List.of(1_000L), o.transcriptLatenciesMs());

        // Every planted phrase, by the wall time of its end; a missed one has no latencies.
        List<PhraseMatcher.PhraseOutcome> p = o.phrases();
        assertEquals(List.of("a", "b", "a"), p.stream().map(PhraseMatcher.PhraseOutcome::device).toList());
        assertEquals(List.of(a1, b1, a2), p.stream().map(PhraseMatcher.PhraseOutcome::phrase).toList());
        assertEquals(ANCHOR_A + 1_800, p.get(0).phraseEndWallMs());
        assertEquals(500L, p.get(0).wakeLatencyMs());
        assertEquals(100L, p.get(0).detectionDelayMs());
        assertEquals(1_000L, p.get(0).transcriptLatencyMs());
        assertEquals(700L, p.get(1).wakeLatencyMs());
        assertNull(p.get(1).transcriptLatencyMs());
        assertEquals(false, p.get(2).detected());
        assertNull(p.get(2).wakeLatencyMs());
    }

    @Test
    void percentilesAreNearestRank() {
        List<Long> v = List.of(5L, 1L, 4L, 2L, 3L, 10L, 9L, 8L, 7L, 6L);
        assertEquals(5L, PhraseMatcher.percentile(v, 50));
        assertEquals(10L, PhraseMatcher.percentile(v, 95));
        assertEquals(10L, PhraseMatcher.percentile(v, 99));
        assertEquals(1L, PhraseMatcher.percentile(v, 1));
        assertNull(PhraseMatcher.percentile(List.of(), 50));
    }

    private static PhraseMatcher.Received wake(String device, String id, long endMs, long detectedAt, long readAt) {
        WakeEvent e = WakeEvent.newBuilder().setEventId(id).setDeviceId(device).setWakePhrase("jarvis").setModelName("jarvis")
                .setModelVersion("1").setScore(0.99f).setAudioStartMs(endMs - 600).setAudioEndMs(endMs)
                .setDetectedAtMs(detectedAt).setStreamId("s-" + device).build();
        return new PhraseMatcher.Received(new PipelineOutput.Wake(e), readAt);
    }

    private static PhraseMatcher.Received text(String wakeId, long readAt) {
        TranscriptEvent e = TranscriptEvent.newBuilder().setEventId("t-" + wakeId).setWakeEventId(wakeId).setDeviceId("a")
                .setStreamId("s-a").setText("turn on the lights").setAudioStartMs(0).setAudioEndMs(1).setWords(List.of()).build();
        return new PhraseMatcher.Received(new PipelineOutput.Transcript(e), readAt);
    }
}
