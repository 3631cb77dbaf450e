package io.wakestream.pipeline;

import static io.wakestream.pipeline.Signals.chunk;
import static io.wakestream.pipeline.Signals.chunks;
import static io.wakestream.pipeline.Signals.concat;
import static io.wakestream.pipeline.Signals.ms;
import static io.wakestream.pipeline.Signals.silence;
import static io.wakestream.pipeline.Signals.tone;
import static io.wakestream.pipeline.Signals.utterance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.schemas.AudioChunk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.runtime.state.StateBackend;
import org.junit.jupiter.api.Test;

/**
 * The operator's per-device behaviour (order, chunking, gaps, streams, commands, devices, bad chunks, restore, idle),
 * run by {@link WakeWordOperatorTest} with batched scoring, by {@link WakeWordOperatorPerChunkTest} with every
 * chunk scored on its own, and by {@link WakeWordOperatorRocksDbTest} batched on RocksDB: neither batching nor the
 * state backend may change any of it.
 */
abstract class WakeWordOperatorCases {
    private static final String DEV = "dev-1";
    private static final String STREAM = "stream-a";
    private static final int CHUNK = 1600; // 100 ms

    /** How the operator under test batches its scoring. */
    abstract BatchingConfig batching();

    /** Its keyed state backend; null for Flink's default (heap). */
    StateBackend backend() {
        return null;
    }

    private Rig rig(PipelineConfig config) throws Exception {
        return new Rig(config, batching(), null, backend());
    }

    private List<PipelineEvent> run(List<AudioChunk> chunks) throws Exception {
        try (Rig rig = rig(Rig.config())) {
            rig.at(1_000).feed(chunks);
            return rig.output();
        }
    }

    @Test
    void oneWakeEventPerUtteranceThenTheCommandEndsAfterTrailingSilence() throws Exception {
        short[] audio = concat(utterance(1000, 1500), utterance(1000, 1500));
        try (Rig rig = rig(Rig.config())) {
            rig.at(5_000).feed(chunks(DEV, STREAM, audio, CHUNK, 0));
            List<WakeDetected> wakes = rig.wakes();
            assertEquals(2, wakes.size(), "one wake event per utterance (refractory holds the rest): " + rig.output());
            var first = wakes.get(0).event();
            // The loud tone is at 1000-1500 ms; a 200 ms window of it is complete at 1200 ms at the earliest.
            assertTrue(first.getAudioStartMs() >= 900 && first.getAudioStartMs() <= 1200, "start " + first.getAudioStartMs());
            assertTrue(first.getAudioEndMs() > first.getAudioStartMs() && first.getAudioEndMs() <= 1600, "end " + first.getAudioEndMs());
            assertEquals(5_000, first.getDetectedAtMs(), "detectedAtMs is processing time");
            assertEquals("loud", first.getModelName().toString());
            assertEquals("7", first.getModelVersion().toString());
            assertEquals(STREAM, first.getStreamId().toString());
            long utteranceMs = 1000 + 500 + 300 + 1000 + 1500;
            long secondStart = wakes.get(1).event().getAudioStartMs();
            assertTrue(secondStart >= utteranceMs + 900 && secondStart <= utteranceMs + 1200, "second start " + secondStart);

            List<CommandSegment> commands = rig.commands();
            assertEquals(2, commands.size(), rig.output().toString());
            CommandSegment c = commands.get(0);
            assertEquals(first.getEventId().toString(), c.wakeEventId());
            // Speech ends at 2800 ms; 700 ms of trailing silence (10 ms frames) close the segment.
            assertTrue(Math.abs(c.audioEndMs() - 3500) <= 20, "command end " + c.audioEndMs());
            assertTrue(c.audioStartMs() >= 1100 && c.audioStartMs() <= 1500, "command start " + c.audioStartMs());
            assertEquals(c.audioEndMs() - c.audioStartMs(), c.pcm().length * 1000L / 16_000, 1);
        }
    }

    @Test
    void withCommandAudioEachCommandIsAlsoSentAsItComesInPiecesThatAddUpToItsSegment() throws Exception {
        short[] audio = concat(utterance(1000, 1500), utterance(1000, 1500));
        List<PipelineEvent> plain;
        try (Rig rig = rig(Rig.config())) {
            plain = rig.at(5_000).feed(chunks(DEV, STREAM, audio, CHUNK, 0)).output();
        }
        assertTrue(plain.stream().noneMatch(e -> e instanceof CommandAudio), "no pieces unless asked for");
        try (Rig rig = rig(Rig.config().withCommandAudio(true))) {
            List<PipelineEvent> out = rig.at(5_000).feed(chunks(DEV, STREAM, audio, CHUNK, 0)).output();
            assertEquals(plain, out.stream().filter(e -> !(e instanceof CommandAudio)).toList(), "the rest is unchanged");
            List<CommandSegment> segments = rig.commands();
            assertEquals(2, segments.size());
            for (CommandSegment segment : segments) {
                // Every piece of the command comes before its segment, in order, without gaps or overlap.
                int end = out.indexOf(segment);
                short[] joined = new short[0];
                for (PipelineEvent e : out.subList(0, end)) {
                    if (!(e instanceof CommandAudio a) || !a.wakeEventId().equals(segment.wakeEventId())) continue;
                    assertFalse(a.discarded());
                    assertEquals(joined.length, a.offsetSamples(), "pieces follow each other");
                    assertTrue(a.pcm().length <= CHUNK, "a piece is at most what one chunk brought");
                    assertEquals(DEV, a.deviceId());
                    assertEquals(STREAM, a.streamId());
                    assertEquals(segment.audioStartMs(), a.commandStartMs());
                    joined = concat(joined, a.pcm());
                }
                assertTrue(java.util.Arrays.equals(segment.pcm(), joined), "the pieces add up to the segment");
                assertTrue(out.subList(end, out.size()).stream()
                        .noneMatch(e -> e instanceof CommandAudio a && a.wakeEventId().equals(segment.wakeEventId())));
            }
        }
    }

    @Test
    void withCommandAudioACommandWithoutSpeechEndsWithADiscardedMarker() throws Exception {
        short[] audio = concat(silence(ms(1000)), tone(LoudModel.LOUD, ms(500)), silence(ms(400)));
        PipelineConfig config = Rig.config().withIdleTimeout(30_000).withCommand(new VadConfig(10, -40, 600, 700), 8_000)
                .withCommandAudio(true);
        try (Rig rig = rig(config)) {
            rig.at(1_000).feed(chunks(DEV, STREAM, audio, CHUNK, 0));
            String wake = rig.wakes().get(0).event().getEventId().toString();
            long heard = rig.output().stream().filter(e -> e instanceof CommandAudio).mapToLong(e -> ((CommandAudio) e).pcm().length).sum();
            assertTrue(heard > 0, "the open command's audio went out as it came: " + rig.output());
            rig.at(31_000);
            assertEquals(List.of(), rig.commands());
            PipelineEvent last = rig.output().get(rig.output().size() - 1);
            long start = ((CommandAudio) rig.output().stream().filter(e -> e instanceof CommandAudio).findFirst().get()).commandStartMs();
            assertEquals(CommandAudio.discarded(DEV, STREAM, wake, start, heard), last, "the end of a command no segment follows");
        }
    }

    @Test
    void theMaximumLengthClosesACommandThatNeverFallsSilent() throws Exception {
        short[] audio = concat(silence(ms(1000)), tone(LoudModel.LOUD, ms(500)), tone(LoudModel.SPEECH, ms(4000)));
        PipelineConfig config = Rig.config().withCommand(VadConfig.defaults(), 2_000);
        try (Rig rig = rig(config)) {
            rig.at(1).feed(chunks(DEV, STREAM, audio, CHUNK, 0));
            List<CommandSegment> commands = rig.commands();
            assertEquals(1, commands.size());
            assertEquals(ms(2000), commands.get(0).pcm().length);
            assertEquals(2000, commands.get(0).audioEndMs() - commands.get(0).audioStartMs());
        }
    }

    @Test
    void outOfOrderAndDuplicatedChunksGiveTheSameOutputAsInOrder() throws Exception {
        List<AudioChunk> inOrder = chunks(DEV, STREAM, concat(utterance(800, 1000), utterance(600, 1000)), CHUNK, 0);
        List<PipelineEvent> expected = run(inOrder);
        assertEquals(4, expected.size(), expected.toString());

        // Shuffle within blocks of 8 (well inside the reorder capacity) and repeat some chunks.
        List<AudioChunk> messy = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < inOrder.size(); i += 8) {
            List<AudioChunk> block = new ArrayList<>(inOrder.subList(i, Math.min(inOrder.size(), i + 8)));
            Collections.shuffle(block, random);
            messy.addAll(block);
            messy.add(block.get(0)); // a duplicate of one already held or processed
        }
        try (Rig rig = rig(Rig.config())) {
            rig.at(1_000).feed(messy);
            assertEquals(expected, rig.output());
            assertEquals((inOrder.size() + 7) / 8, rig.operator.duplicateCount());
            assertEquals(0, rig.operator.gapCount());
        }
    }

    @Test
    void chunkBoundariesInsideFramesDoNotChangeTheOutput() throws Exception {
        short[] audio = concat(utterance(800, 1000), utterance(600, 1000));
        List<PipelineEvent> big = run(chunks(DEV, STREAM, audio, CHUNK, 0));
        List<PipelineEvent> odd = run(chunks(DEV, STREAM, audio, 37, 0));
        assertEquals(4, big.size());
        assertEquals(big, odd);
    }

    @Test
    void aGapTimesOutResetsTheEngineAndNoDetectionSpansIt() throws Exception {
        // 300 ms of loud tone in chunks 10..12. Whole, it fires; without its middle chunk each side has only 100 ms,
        // which fires only if a window joins both sides of the gap.
        short[] audio = concat(silence(ms(1000)), tone(LoudModel.LOUD, ms(300)), silence(ms(1700)),
                tone(LoudModel.LOUD, ms(500)), silence(ms(1000)));
        List<AudioChunk> all = chunks(DEV, STREAM, audio, CHUNK, 50_000);
        assertEquals(2, run(all).stream().filter(e -> e instanceof WakeDetected).count(), "both tones fire when whole");

        List<AudioChunk> withGap = new ArrayList<>(all);
        withGap.remove(11);
        try (Rig rig = rig(Rig.config())) {
            rig.at(1_000).feed(withGap);
            assertEquals(List.of(), rig.output(), "nothing is processed past the missing chunk before the timeout");
            rig.at(2_999);
            assertEquals(0, rig.operator.gapCount());
            rig.at(3_000);
            assertEquals(1, rig.operator.gapCount());
            rig.pause(); // the chunks released by the gap may wait in the scoring batch for the latency budget
            List<WakeDetected> wakes = rig.wakes();
            assertEquals(1, wakes.size(), "only the tone after the gap fires: " + rig.output());
            // That tone is at 3000-3500 ms of the stream timeline; the gap kept the timeline (capture clock).
            long start = wakes.get(0).event().getAudioStartMs();
            assertTrue(start >= 2900 && start <= 3200, "start " + start);
        }
    }

    @Test
    void aFullReorderBufferDeclaresTheGapWithoutWaiting() throws Exception {
        List<AudioChunk> all = chunks(DEV, STREAM, utterance(600, 1000), CHUNK, 0);
        List<AudioChunk> withGap = new ArrayList<>(all);
        withGap.remove(2);
        try (Rig rig = rig(Rig.config().withReorder(3, 60_000))) {
            rig.at(1_000).feed(withGap);
            assertEquals(1, rig.operator.gapCount());
            assertEquals(1, rig.wakes().size());
        }
    }

    @Test
    void aNewStreamIdStartsAFreshTimelineAndLateChunksOfTheOldOneAreDropped() throws Exception {
        // 100 ms of loud tone ends stream a; 100 ms more starts stream b. Joined they fire (checked below).
        short[] endOfA = concat(silence(ms(1000)), tone(LoudModel.LOUD, ms(100)));
        short[] startOfB = concat(tone(LoudModel.LOUD, ms(100)), silence(ms(1000)));
        assertEquals(1, run(chunks(DEV, "a", concat(endOfA, startOfB), 400, 0)).stream()
                .filter(e -> e instanceof WakeDetected).count(), "the two halves joined fire");
        List<AudioChunk> a = chunks(DEV, "a", endOfA, 400, 0);
        List<AudioChunk> b = chunks(DEV, "b", concat(startOfB,
                tone(LoudModel.LOUD, ms(500)), silence(ms(500))), 400, 10_000);
        try (Rig rig = rig(Rig.config())) {
            rig.at(1).feed(a.subList(0, a.size() - 1)).feed(b.subList(0, 1)).feed(a.subList(a.size() - 1, a.size()))
                    .feed(b.subList(1, b.size()));
            List<WakeDetected> wakes = rig.wakes();
            assertEquals(1, wakes.size(), rig.output().toString());
            assertEquals("b", wakes.get(0).event().getStreamId().toString());
            long start = wakes.get(0).event().getAudioStartMs();
            assertTrue(start >= 1000 && start <= 1300, "start on b's own timeline: " + start);
            assertEquals(1, rig.operator.staleStreamChunkCount());
        }
    }

    @Test
    void interleavedDevicesDoNotAffectEachOther() throws Exception {
        List<AudioChunk> one = chunks("d1", "s1", concat(utterance(800, 1000), utterance(500, 900)), CHUNK, 0);
        List<AudioChunk> two = chunks("d2", "s2", concat(silence(ms(700)), utterance(600, 1200)), 1000, 0);
        List<PipelineEvent> alone1 = run(one);
        List<PipelineEvent> alone2 = run(two);
        List<AudioChunk> mixed = new ArrayList<>();
        for (int i = 0; i < Math.max(one.size(), two.size()); i++) {
            if (i < two.size()) mixed.add(two.get(i));
            if (i < one.size()) mixed.add(one.get(i));
        }
        try (Rig rig = rig(Rig.config())) {
            rig.at(1_000).feed(mixed);
            assertFalse(alone1.isEmpty());
            assertFalse(alone2.isEmpty());
            assertEquals(alone1, rig.output("d1"));
            assertEquals(alone2, rig.output("d2"));
        }
    }

    @Test
    void badChunksGoToTheSideOutputAndTheNextGoodChunkIsProcessed() throws Exception {
        List<AudioChunk> good = chunks(DEV, STREAM, utterance(800, 1000), CHUNK, 0);
        List<AudioChunk> withBad = new ArrayList<>(good);
        withBad.add(3, Signals.chunk(DEV, STREAM, 3, 0, 16_000, 1, new short[0]));
        withBad.add(5, Signals.chunk(DEV, STREAM, 4, 0, 96_000, 1, new short[100]));
        withBad.add(7, Signals.chunk(DEV, STREAM, 5, 0, 16_000, 3, new short[99]));
        withBad.add(9, Signals.chunk(DEV, STREAM, 6, 0, 16_000, 1, new short[16_000 * 6]));
        AudioChunk odd = Signals.chunk(DEV, STREAM, 7, 0, 16_000, 1, new short[10]);
        odd.setPcm(java.nio.ByteBuffer.wrap(new byte[7]));
        withBad.add(11, odd);
        try (Rig rig = rig(Rig.config())) {
            rig.at(1_000).feed(withBad);
            List<RejectedChunk> rejected = rig.rejected();
            assertEquals(5, rejected.size(), rejected.toString());
            assertTrue(rejected.get(0).reason().contains("empty pcm"), rejected.get(0).reason());
            assertTrue(rejected.get(1).reason().contains("sampleRate"), rejected.get(1).reason());
            assertTrue(rejected.get(2).reason().contains("channels"), rejected.get(2).reason());
            assertTrue(rejected.get(3).reason().contains("exceeds"), rejected.get(3).reason());
            assertTrue(rejected.get(4).reason().contains("16-bit"), rejected.get(4).reason());
            assertEquals(DEV, rejected.get(0).deviceId());
            assertEquals(run(good), rig.output());
        }
    }

    @Test
    void snapshotAndRestoreMidStreamGiveTheSameOutputAsAnUninterruptedRun() throws Exception {
        List<AudioChunk> all = chunks(DEV, STREAM, concat(utterance(1000, 1000), utterance(700, 1000)), 37, 0);
        // Out of order around the cut so the snapshot holds buffered chunks, an open command and engine state.
        int cut = ms(2200) / 37;
        List<AudioChunk> messy = new ArrayList<>(all);
        Collections.swap(messy, cut - 1, cut + 3);
        List<PipelineEvent> expected = run(messy);
        assertEquals(4, expected.size());

        List<PipelineEvent> out = new ArrayList<>();
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (Rig before = rig(Rig.config())) {
            before.at(1_000).feed(messy.subList(0, cut));
            out.addAll(before.output());
            assertTrue(out.stream().anyMatch(e -> e instanceof WakeDetected), "cut after the first wake, inside its command");
            assertEquals(1, out.size());
            snapshot = before.checkpoint(1);
        }
        try (Rig after = new Rig(Rig.config(), batching(), snapshot, backend())) {
            after.at(1_000).feed(messy.subList(cut, messy.size()));
            out.addAll(after.output());
        }
        assertEquals(expected, out);
    }

    @Test
    void anIdleDeviceIsClearedAndItsOpenCommandEmitted() throws Exception {
        short[] audio = concat(silence(ms(1000)), tone(LoudModel.LOUD, ms(500)), tone(LoudModel.SPEECH, ms(400)));
        try (Rig rig = rig(Rig.config().withIdleTimeout(30_000))) {
            rig.at(1_000).feed(chunks(DEV, STREAM, audio, CHUNK, 0));
            assertEquals(1, rig.output().size());
            assertEquals(1, rig.devicesInState());
            rig.at(30_999);
            assertEquals(1, rig.output().size());
            rig.at(31_000);
            assertEquals(2, rig.output().size());
            assertEquals(1, rig.commands().size());
            assertEquals(0, rig.devicesInState(), "all state of the device is gone");
            assertEquals(0, rig.harness.numProcessingTimeTimers(), "no timer left for the device");
            assertEquals(1, rig.operator.expiredDeviceCount());
            assertEquals(1, rig.operator.commandsClosedOnIdleCount(), "the command cut by the idle timeout is counted");
            assertEquals(0, rig.operator.commandsDiscardedOnIdleCount());
        }
    }

    @Test
    void anIdleDeviceWhoseOpenCommandHasNoSpeechHasItDiscardedCountedAndItsStateCleared() throws Exception {
        // The wake word, then silence: the command stays open (no speech, so no trailing silence can end it)
        // until the device goes quiet for good. The command starts where the detector fires, inside the loud
        // tone, so the VAD is told to want more speech than the tone's remaining ~350 ms.
        short[] audio = concat(silence(ms(1000)), tone(LoudModel.LOUD, ms(500)), silence(ms(400)));
        PipelineConfig config = Rig.config().withIdleTimeout(30_000).withCommand(new VadConfig(10, -40, 600, 700), 8_000);
        try (Rig rig = rig(config)) {
            rig.at(1_000).feed(chunks(DEV, STREAM, audio, CHUNK, 0));
            assertEquals(1, rig.wakes().size(), rig.output().toString());
            assertEquals(1, rig.devicesInState());
            rig.at(31_000);
            assertEquals(List.of(), rig.commands(), "no speech, nothing to transcribe");
            assertEquals(1, rig.operator.discardedCommandCount());
            assertEquals(1, rig.operator.commandsDiscardedOnIdleCount(), "counted as dropped because of the idle timeout");
            assertEquals(0, rig.operator.commandsClosedOnIdleCount());
            assertEquals(1, rig.operator.expiredDeviceCount());
            assertEquals(0, rig.devicesInState(), "all state of the device is gone");
            assertEquals(0, rig.harness.numProcessingTimeTimers(), "no timer left for the device");

            // The device comes back on the same stream: it starts from scratch and still works.
            rig.at(40_000).feed(chunks(DEV, STREAM, utterance(800, 1000), CHUNK, 0));
            assertEquals(2, rig.wakes().size(), rig.output().toString());
            assertEquals(1, rig.devicesInState());
        }
    }

    @Test
    void aDeviceThatKeepsSendingNeverExpiresAndAnIdleOneDoesNotTakeOthersWithIt() throws Exception {
        try (Rig rig = rig(Rig.config().withIdleTimeout(30_000))) {
            rig.at(1_000).feed(chunks(DEV, STREAM, silence(ms(300)), CHUNK, 0));
            List<AudioChunk> busy = chunks("busy", "busy-stream", concat(silence(ms(5000)), utterance(800, 1000)), CHUNK, 0);
            // "busy" sends a chunk every 20 s of processing time: never 30 s quiet.
            for (int i = 0; i < busy.size(); i++) rig.at(1_000 + i * 20_000L).feed(List.of(busy.get(i)));
            assertEquals(1, rig.operator.expiredDeviceCount(), "only the quiet device expired");
            assertEquals(1, rig.devicesInState());
            assertEquals(1, rig.wakes().size(), "the busy device's wake word was heard: " + rig.output());
            assertEquals("busy", rig.wakes().get(0).deviceId());
        }
    }

    @Test
    void theEndOfTheInputClosesOpenCommandsAndProcessesHeldChunks() throws Exception {
        // Device a: a wake word, then speech that is still going when the input ends. Device b: its chunk 1 never
        // arrives, so chunk 2 is held waiting for it.
        short[] audio = concat(silence(ms(1000)), tone(LoudModel.LOUD, ms(500)), tone(LoudModel.SPEECH, ms(400)));
        try (Rig rig = rig(Rig.config())) {
            rig.at(1_000).feed(chunks(DEV, STREAM, audio, CHUNK, 0));
            rig.process(chunk("b", "s", 0, 0, Signals.RATE, 1, silence(ms(100))));
            rig.process(chunk("b", "s", 2, 200, Signals.RATE, 1, concat(silence(ms(1000)), tone(LoudModel.LOUD, ms(500)), silence(ms(600)))));
            assertEquals(1, rig.wakes().size(), "device b's loud chunk is held behind its missing chunk 1");
            assertEquals(List.of(), rig.commands(), "device a's command is still open");
            rig.harness.endInput();
            assertEquals(2, rig.wakes().size(), "device b's held chunk was processed past the gap: " + rig.output());
            Map<String, CommandSegment> commands = new HashMap<>();
            for (CommandSegment c : rig.commands()) assertNull(commands.put(c.deviceId(), c), "one command per device");
            assertEquals(Set.of(DEV, "b"), commands.keySet(), rig.output().toString());
            CommandSegment a = commands.get(DEV), b = commands.get("b");
            assertTrue(a.audioEndMs() >= 1800 && a.audioEndMs() <= 1900, "a's command runs to the end of its audio: " + a);
            assertTrue(b.audioEndMs() >= 2200 && b.audioEndMs() <= 2300, "b's command runs to the end of its audio: " + b);
        }
    }

    /** A copy of {@code c} with another sequence number and capture time. */
    private static AudioChunk renumbered(AudioChunk c, long sequence, long captureTimeMs) {
        return AudioChunk.newBuilder(c).setSequence(sequence).setCaptureTimeMs(captureTimeMs).build();
    }

    @Test
    void aWildlyWrongSequenceNumberIsRefusedAndTheStreamGoesOn() throws Exception {
        List<AudioChunk> clean = chunks(DEV, STREAM, concat(utterance(800, 1000), utterance(600, 1000)), CHUNK, 0);
        List<PipelineEvent> expected = run(clean);
        assertEquals(4, expected.size(), expected.toString());
        // Chunk 10 again, numbered a billion ahead, then chunk 20 numbered just past the reorder buffer: taken as
        // gaps, each would make every later chunk of the stream a "late duplicate" and the device deaf.
        List<AudioChunk> corrupt = new ArrayList<>(clean);
        corrupt.add(11, renumbered(clean.get(10), 1_000_000_010L, clean.get(10).getCaptureTimeMs()));
        corrupt.add(22, renumbered(clean.get(20), 20 + 60, clean.get(20).getCaptureTimeMs()));
        try (Rig rig = rig(Rig.config())) {
            rig.at(1_000).feed(corrupt);
            rig.at(60_000); // long past the gap timeout
            assertEquals(expected, rig.output());
            List<RejectedChunk> rejected = rig.rejected();
            assertEquals(2, rejected.size(), rejected.toString());
            assertEquals(1_000_000_010L, rejected.get(0).sequence());
            assertTrue(rejected.get(0).reason().contains("corrupt sequence number"), rejected.get(0).reason());
            assertEquals(80, rejected.get(1).sequence());
            assertEquals(0, rig.operator.gapCount());
        }
    }

    @Test
    void anOutageLongerThanTheReorderBufferIsAGapPlacedByTheCaptureClock() throws Exception {
        // 20 s of silence, then an utterance; the agent lost 12 s of it (120 chunks, more than the 50 the buffer holds).
        short[] audio = concat(silence(ms(20_000)), utterance(600, 1000));
        List<AudioChunk> all = chunks(DEV, STREAM, audio, CHUNK, 1_700_000_000_000L);
        List<AudioChunk> withOutage = new ArrayList<>(all.subList(0, 50));
        withOutage.addAll(all.subList(170, all.size()));
        try (Rig rig = rig(Rig.config())) {
            rig.at(1_000).feed(withOutage);
            rig.at(60_000);
            assertEquals(List.of(), rig.rejected());
            assertEquals(1, rig.operator.gapCount());
            List<WakeDetected> wakes = rig.wakes();
            assertEquals(1, wakes.size(), rig.output().toString());
            long start = wakes.get(0).event().getAudioStartMs();
            // The loud tone is at 21000-21500 ms of the stream: the clock put the audio after the gap where it was.
            assertTrue(start >= 20_900 && start <= 21_200, "start " + start);
        }
    }

    @Test
    void captureClocksFarInThePastOrFutureChangeNothing() throws Exception {
        short[] audio = concat(utterance(800, 1000), utterance(600, 1000));
        List<PipelineEvent> expected = run(chunks(DEV, STREAM, audio, CHUNK, 0));
        assertEquals(4, expected.size(), expected.toString());
        for (long origin : new long[] {Long.MIN_VALUE + 1, -62_135_596_800_000L, 253_402_300_799_000L, Long.MAX_VALUE - 60_000}) {
            assertEquals(expected, run(chunks(DEV, STREAM, audio, CHUNK, origin)), "capture clock starting at " + origin);
        }
        // A clock that jumps about wildly, chunk to chunk, with the sequence numbers in order: ignored.
        List<AudioChunk> jumpy = new ArrayList<>();
        Random random = new Random(11);
        for (AudioChunk c : chunks(DEV, STREAM, audio, CHUNK, 0)) jumpy.add(renumbered(c, c.getSequence(), random.nextLong()));
        assertEquals(expected, run(jumpy));
    }

    @Test
    void aGapWhoseClockJumpedIsPlacedByChunkCount() throws Exception {
        short[] audio = concat(utterance(800, 1000), utterance(600, 1000));
        List<AudioChunk> all = chunks(DEV, STREAM, audio, CHUNK, 0);
        // Chunks 30 and 31 are lost, and the agent's clock leapt a year forward at the same time.
        List<AudioChunk> lost = new ArrayList<>(all.subList(0, 30));
        for (AudioChunk c : all.subList(32, all.size())) lost.add(renumbered(c, c.getSequence(), c.getCaptureTimeMs() + 31_536_000_000L));
        try (Rig rig = rig(Rig.config())) {
            rig.at(1_000).feed(lost);
            rig.at(60_000);
            assertEquals(1, rig.operator.gapCount());
            List<WakeDetected> wakes = rig.wakes();
            assertEquals(2, wakes.size(), rig.output().toString());
            long utteranceMs = 1000 + 500 + 300 + 800 + 1000;
            long secondStart = wakes.get(1).event().getAudioStartMs();
            assertTrue(secondStart >= utteranceMs + 900 && secondStart <= utteranceMs + 1200, "second start " + secondStart);
        }
    }

    @Test
    void anHourOfAConstantTriggeringSignalGivesOneEventAndStateStaysTheSameSize() throws Exception {
        // A stuck input the model scores high for an hour (here the test model's "loud" tone): one wake event, one
        // command (closed at its maximum length), and the device's state no bigger than after a minute.
        short[] minute = tone(LoudModel.LOUD, ms(60_000));
        try (Rig rig = rig(Rig.config())) {
            long seq = 0, t = 1_000;
            long sizeAfterOneMinute = 0;
            for (int m = 0; m < 60; m++) {
                List<AudioChunk> chunks = new ArrayList<>();
                for (AudioChunk c : chunks(DEV, STREAM, minute, CHUNK, m * 60_000L)) chunks.add(renumbered(c, seq++, c.getCaptureTimeMs()));
                rig.at(t += 60_000).feed(chunks);
                if (m == 0) sizeAfterOneMinute = rig.stateBytes(DEV);
            }
            long sizeAfterOneHour = rig.stateBytes(DEV);
            assertEquals(1, rig.wakes().size(), "no event storm: " + rig.wakes().size() + " wake events");
            assertEquals(1, rig.commands().size());
            assertEquals(sizeAfterOneMinute, sizeAfterOneHour, "state grew from " + sizeAfterOneMinute + " to " + sizeAfterOneHour + " bytes");
        }
    }

    @Test
    void outOfOrderAudioIsHeldUpToTenSecondsWhateverTheChunkCount() throws Exception {
        // 4 s chunks (allowed: under maxChunkMs) with chunk 0 missing: the third held one passes 10 s, so the gap
        // is declared at once rather than after 50 chunks (200 s of audio in state).
        try (Rig rig = rig(Rig.config())) {
            rig.at(1_000);
            for (int seq = 1; seq <= 3; seq++) rig.process(chunk(DEV, STREAM, seq, seq * 4_000L, Signals.RATE, 1, silence(ms(4_000))));
            assertEquals(1, rig.operator.gapCount());
            assertTrue(rig.stateBytes(DEV) < 2 * DeviceProcessor.MAX_HELD_SAMPLES + 64 * 1024, "state " + rig.stateBytes(DEV) + " bytes");
        }
    }

    @Test
    void devicesAt48kHzStereoAnd8kHzMonoAreResampledAndDetectedLikeSixteenKilohertz() throws Exception {
        short[] audio = concat(utterance(800, 1000), utterance(600, 1000));
        List<WakeDetected> reference;
        try (Rig rig = rig(Rig.config())) {
            rig.at(1_000).feed(chunks(DEV, STREAM, audio, CHUNK, 0));
            reference = rig.wakes();
        }
        assertEquals(2, reference.size());
        for (int rate : new int[] {48_000, 8_000}) {
            int channels = rate == 48_000 ? 2 : 1;
            short[] mono = io.wakestream.engine.audio.Pcm.toPcm16(io.wakestream.engine.audio.Resampler.resample(
                    io.wakestream.engine.audio.Pcm.toFloat(audio), Signals.RATE, rate));
            int frames = rate / 10; // 100 ms chunks
            List<AudioChunk> chunks = new ArrayList<>();
            for (int pos = 0, seq = 0; pos < mono.length; pos += frames, seq++) {
                int n = Math.min(frames, mono.length - pos);
                short[] pcm = new short[n * channels];
                for (int i = 0; i < n; i++) for (int ch = 0; ch < channels; ch++) pcm[i * channels + ch] = mono[pos + i];
                chunks.add(chunk(DEV, STREAM, seq, seq * 100L, rate, channels, pcm));
            }
            try (Rig rig = rig(Rig.config())) {
                rig.at(1_000).feed(chunks);
                assertEquals(List.of(), rig.rejected(), rate + " Hz");
                List<WakeDetected> wakes = rig.wakes();
                assertEquals(reference.size(), wakes.size(), rate + " Hz: " + rig.output());
                for (int k = 0; k < wakes.size(); k++) {
                    long expected = reference.get(k).event().getAudioStartMs(), got = wakes.get(k).event().getAudioStartMs();
                    assertTrue(Math.abs(expected - got) <= 30, rate + " Hz event " + k + " starts at " + got + ", at 16 kHz " + expected);
                }
            }
        }
    }
}
