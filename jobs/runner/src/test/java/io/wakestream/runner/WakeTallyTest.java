package io.wakestream.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wakestream.schemas.WakeEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's running tally: matching as the bench does, phrases counted once played, retired devices keep their counts. */
class WakeTallyTest {
    private static final DeviceAudioPlan.PlantedPhrase AT_2S = new DeviceAudioPlan.PlantedPhrase("kitchen", 1_200, 2_000, 4_000);
    private static final DeviceAudioPlan.PlantedPhrase AT_12S = new DeviceAudioPlan.PlantedPhrase("hallway", 11_400, 12_000, 15_000);

    @Test
    void matchesDuplicatesAndFalseAcceptsAndCountsOnlyPlayedPhrases() {
        WakeTally tally = new WakeTally();
        WakeTally.Device a = tally.register("a", List.of(AT_2S, AT_12S));
        tally.register("b", List.of(AT_2S));
        a.played(5_000); // the second phrase is not played yet
        tally.accept(wake("a", 2_300));  // detects a's first phrase (300 ms off)
        tally.accept(wake("a", 1_900));  // the same phrase again: a duplicate
        tally.accept(wake("a", 7_000));  // nothing planted near: a false accept
        tally.accept(wake("zz", 2_000)); // a device the soak never ran: a false accept
        WakeTally.Counts c = tally.counts();
        assertEquals(1, c.planted(), "only a's first phrase was played with a second after it; b played nothing");
        assertEquals(1, c.detected());
        assertEquals(4, c.wakeEvents());
        assertEquals(1, c.duplicates());
        assertEquals(2, c.falseAccepts());

        a.played(20_000);
        c = tally.counts();
        assertEquals(2, c.planted());
        assertEquals(1, c.detected(), "a's second phrase was played and missed");
    }

    @Test
    void aRetiredDeviceKeepsItsCountsAndIsForgotten() {
        WakeTally tally = new WakeTally();
        WakeTally.Device a = tally.register("a", List.of(AT_2S, AT_12S));
        WakeTally.Device b = tally.register("b", List.of(AT_2S));
        a.played(20_000);
        b.played(5_000);
        tally.accept(wake("a", 12_100));
        tally.accept(wake("b", 2_050));
        WakeTally.Counts before = tally.counts();
        tally.retire("a");
        assertEquals(1, tally.held());
        WakeTally.Counts after = tally.counts();
        assertEquals(before, after);
        assertEquals(3, after.planted());
        assertEquals(2, after.detected());
        tally.retire("a"); // twice: no change
        assertEquals(after, tally.counts());
    }

    private static PipelineOutput wake(String device, long endMs) {
        return new PipelineOutput.Wake(WakeEvent.newBuilder().setEventId("e-" + device + endMs).setDeviceId(device)
                .setWakePhrase("jarvis").setModelName("jarvis").setModelVersion("1").setScore(0.99f)
                .setAudioStartMs(endMs - 600).setAudioEndMs(endMs).setDetectedAtMs(0).setStreamId("s-" + device).build());
    }
}
