package io.wakestream.trainer.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpeakerSplitTest {
    static List<String> speakers(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(prefix + i);
        return out;
    }

    @Test
    void fractionsOfSpeakersGoToTestAndValidation() {
        Map<String, SpeakerSplit.Part> parts = new SpeakerSplit(0.15, 0.15, 42L).assign(speakers("v", 100), s -> s, s -> true);
        assertEquals(15, parts.values().stream().filter(p -> p == SpeakerSplit.Part.TEST).count());
        assertEquals(15, parts.values().stream().filter(p -> p == SpeakerSplit.Part.VALIDATION).count());
        assertEquals(70, parts.values().stream().filter(p -> p == SpeakerSplit.Part.TRAIN).count());
    }

    /** Made-up voices always train, and adding them moves no other speaker. */
    @Test
    void trainOnlySpeakersTrainAndLeaveTheOthersWhereTheyWere() {
        List<String> own = speakers("espeak-ng:v", 112);
        Map<String, SpeakerSplit.Part> before = new SpeakerSplit(0.15, 0.15, 1234L).assign(own, s -> s, s -> true);
        List<String> all = new ArrayList<>(own);
        all.addAll(speakers("espeak-ng:gen-", 300));
        Map<String, SpeakerSplit.Part> after = new SpeakerSplit(0.15, 0.15, 1234L, s -> s.startsWith("espeak-ng:gen-"))
                .assign(all, s -> s, s -> true);
        for (String s : own) assertEquals(before.get(s), after.get(s), s);
        for (String s : all) if (s.startsWith("espeak-ng:gen-")) assertEquals(SpeakerSplit.Part.TRAIN, after.get(s), s);
        // Without the rule the same speakers would have been shuffled into test and validation too.
        Map<String, SpeakerSplit.Part> mixed = new SpeakerSplit(0.15, 0.15, 1234L).assign(all, s -> s, s -> true);
        assertTrue(all.stream().anyMatch(s -> s.startsWith("espeak-ng:gen-") && mixed.get(s) != SpeakerSplit.Part.TRAIN));
    }

    /**
     * Speakers ranked in a group of their own (MBROLA's) are held out in the group's own proportions, and adding them
     * moves no other speaker; ranked with the rest they would have changed the others' split.
     */
    @Test
    void aRankingGroupIsHeldOutAmongItselfAndMovesNoOtherSpeaker() {
        List<String> own = speakers("espeak-ng:v", 112);
        Map<String, SpeakerSplit.Part> before = new SpeakerSplit(0.15, 0.15, 1234L).assign(own, s -> s, s -> true);
        List<String> all = new ArrayList<>(own);
        all.addAll(speakers("mbrola:db", 20));
        SpeakerSplit grouped = new SpeakerSplit(0.15, 0.15, 1234L, s -> false, s -> s.startsWith("mbrola:") ? "mbrola" : "");
        Map<String, SpeakerSplit.Part> after = grouped.assign(all, s -> s, s -> true);
        for (String s : own) assertEquals(before.get(s), after.get(s), s);
        Map<SpeakerSplit.Part, Long> mbrola = new java.util.TreeMap<>();
        for (String s : all) if (s.startsWith("mbrola:")) mbrola.merge(after.get(s), 1L, Long::sum);
        assertEquals(Map.of(SpeakerSplit.Part.TEST, 3L, SpeakerSplit.Part.VALIDATION, 3L, SpeakerSplit.Part.TRAIN, 14L), mbrola);
        Map<String, SpeakerSplit.Part> mixed = new SpeakerSplit(0.15, 0.15, 1234L).assign(all, s -> s, s -> true);
        assertTrue(own.stream().anyMatch(s -> mixed.get(s) != before.get(s)), "ranked with the rest, some speaker moves");
    }

    /**
     * The voices of an engine held out whole are all test voices, and adding them moves no other speaker; a made-up
     * voice stays a training voice even where both tests accept it.
     */
    @Test
    void testOnlySpeakersAreAllTestAndMoveNoOtherSpeaker() {
        List<String> own = speakers("espeak-ng:v", 112);
        Map<String, SpeakerSplit.Part> before = new SpeakerSplit(0.15, 0.15, 1234L).assign(own, s -> s, s -> true);
        List<String> all = new ArrayList<>(own);
        all.addAll(speakers("rhvoice:v", 6));
        all.add("espeak-ng:gen-1");
        SpeakerSplit split = new SpeakerSplit(0.15, 0.15, 1234L, s -> s.startsWith("espeak-ng:gen-"), s -> "",
                s -> s.startsWith("rhvoice:") || s.equals("espeak-ng:gen-1"));
        Map<String, SpeakerSplit.Part> after = split.assign(all, s -> s, s -> true);
        for (String s : own) assertEquals(before.get(s), after.get(s), s);
        for (String s : all) if (s.startsWith("rhvoice:")) assertEquals(SpeakerSplit.Part.TEST, after.get(s), s);
        assertEquals(SpeakerSplit.Part.TRAIN, after.get("espeak-ng:gen-1"));
        Map<String, SpeakerSplit.Part> mixed = new SpeakerSplit(0.15, 0.15, 1234L).assign(all, s -> s, s -> true);
        assertTrue(all.stream().filter(s -> s.startsWith("rhvoice:")).anyMatch(s -> mixed.get(s) != SpeakerSplit.Part.TEST),
                "ranked with the rest, some of them would train or validate");
    }
}
