package io.wakestream.pipeline;

import static io.wakestream.pipeline.Signals.chunk;
import static io.wakestream.pipeline.Signals.concat;
import static io.wakestream.pipeline.Signals.ms;
import static io.wakestream.pipeline.Signals.silence;
import static io.wakestream.pipeline.Signals.tone;
import static io.wakestream.pipeline.Signals.utterance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.pipeline.WakeWordOperator.FlushReason;
import io.wakestream.schemas.AudioChunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * Batched scoring across devices gives exactly the events of per-chunk scoring (ids, scores, times, command audio),
 * through interleaving, random chunk sizes, reordering, checkpoints and the latency budget; and it makes fewer
 * ONNX calls.
 */
class WakeWordOperatorBatchingTest {
    /** A chunk and the processing time at which it reaches the operator. */
    record Arrival(long timeMs, AudioChunk chunk) {
        String device() {
            return chunk.getDeviceId().toString();
        }
    }

    /** One run's events per device, and its counters. */
    record Result(Map<String, List<PipelineEvent>> byDevice, long onnxCalls, long windowsScored, Map<FlushReason, Long> flushes) {
        long wakes() {
            return byDevice.values().stream().flatMap(List::stream).filter(e -> e instanceof WakeDetected).count();
        }
    }

    private static Result run(List<Arrival> arrivals, BatchingConfig batching) throws Exception {
        try (Rig rig = new Rig(Rig.config(), batching)) {
            for (Arrival a : arrivals) rig.at(a.timeMs()).process(a.chunk());
            rig.pause();
            return result(rig, rig.output());
        }
    }

    private static Result result(Rig rig, List<PipelineEvent> events) {
        Map<String, List<PipelineEvent>> byDevice = new TreeMap<>();
        for (PipelineEvent e : events) byDevice.computeIfAbsent(e.deviceId(), d -> new ArrayList<>()).add(e);
        Map<FlushReason, Long> flushes = new LinkedHashMap<>();
        for (FlushReason r : FlushReason.values()) flushes.put(r, rig.operator.flushCount(r));
        return new Result(byDevice, rig.operator.onnxCallCount(), rig.operator.windowsScoredCount(), flushes);
    }

    /** Each device on its own, every chunk scored on its own, at the same processing times: the reference. */
    private static Map<String, List<PipelineEvent>> eachDeviceAlone(List<Arrival> arrivals) throws Exception {
        Map<String, List<Arrival>> byDevice = new TreeMap<>();
        for (Arrival a : arrivals) byDevice.computeIfAbsent(a.device(), d -> new ArrayList<>()).add(a);
        Map<String, List<PipelineEvent>> out = new TreeMap<>();
        for (var e : byDevice.entrySet()) {
            List<PipelineEvent> events = run(e.getValue(), BatchingConfig.perChunk()).byDevice().get(e.getKey());
            if (events != null) out.put(e.getKey(), events);
        }
        return out;
    }

    /** Equal events per device; on failure, names the first device that differs rather than dumping all. */
    private static void assertSameEvents(Map<String, List<PipelineEvent>> expected, Map<String, List<PipelineEvent>> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": devices with events");
        for (String device : expected.keySet()) assertEquals(expected.get(device), actual.get(device), what + ": " + device);
    }

    /** Splits audio into chunks of random sizes (37 samples to 250 ms), sequences from 0, capture times exact. */
    private static List<AudioChunk> randomChunks(String device, String stream, short[] audio, Random random) {
        List<AudioChunk> out = new ArrayList<>();
        for (int pos = 0, seq = 0; pos < audio.length; seq++) {
            int size = 37 + random.nextInt(ms(250) - 37);
            short[] part = Arrays.copyOfRange(audio, pos, Math.min(audio.length, pos + size));
            out.add(chunk(device, stream, seq, pos * 1000L / Signals.RATE, Signals.RATE, 1, part));
            pos += size;
        }
        return out;
    }

    /**
     * Devices talking at once: each its own speech (utterances of random lengths after random silence), cut into
     * random chunk sizes, some neighbouring chunks swapped (the reorder buffer then releases two at once); the
     * devices' chunks interleaved at random, 0 to 3 ms apart.
     */
    private static List<Arrival> manyDevices(int devices, long seed) {
        Random random = new Random(seed);
        List<List<AudioChunk>> perDevice = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            List<short[]> parts = new ArrayList<>();
            parts.add(silence(ms(random.nextInt(1500))));
            for (int u = 1 + random.nextInt(3); u > 0; u--) parts.add(utterance(300 + random.nextInt(900), 700 + random.nextInt(800)));
            List<AudioChunk> chunks = randomChunks("dev-" + d, "stream-" + d, concat(parts.toArray(short[][]::new)), random);
            for (int i = 0; i + 1 < chunks.size(); i++) {
                if (random.nextInt(10) == 0) Collections.swap(chunks, i, ++i);
            }
            perDevice.add(chunks);
        }
        List<Arrival> arrivals = new ArrayList<>();
        int[] next = new int[devices];
        long t = 1_000;
        for (int left = perDevice.stream().mapToInt(List::size).sum(); left > 0; left--) {
            int d;
            do d = random.nextInt(devices); while (next[d] == perDevice.get(d).size());
            t += random.nextInt(4);
            arrivals.add(new Arrival(t, perDevice.get(d).get(next[d]++)));
        }
        return arrivals;
    }

    @Test
    void batchedScoringGivesTheEventsOfPerChunkScoringAcrossManyInterleavedDevices() throws Exception {
        List<Arrival> arrivals = manyDevices(24, 11);
        Map<String, List<PipelineEvent>> alone = eachDeviceAlone(arrivals);
        Result perChunk = run(arrivals, BatchingConfig.perChunk());
        Result batched = run(arrivals, BatchingConfig.defaults());

        assertEquals(24, alone.size(), "every device produced events");
        assertTrue(perChunk.wakes() >= 24, "at least one wake event per device: " + perChunk.wakes());
        assertSameEvents(alone, perChunk.byDevice(), "per chunk, interleaved");
        assertSameEvents(alone, batched.byDevice(), "batched, interleaved");

        assertEquals(perChunk.windowsScored(), batched.windowsScored(), "the same windows are scored");
        assertTrue(batched.onnxCalls() * 8 < perChunk.onnxCalls(),
                "batched " + batched.onnxCalls() + " calls vs " + perChunk.onnxCalls() + " per chunk");
        assertTrue(batched.onnxCalls() < batched.windowsScored() / 8,
                batched.onnxCalls() + " calls for " + batched.windowsScored() + " windows");
        // Both ways of flushing a busy batch were exercised: full batches and the latency budget.
        assertTrue(batched.flushes().get(FlushReason.FULL_BATCH) > 0, batched.flushes().toString());
        assertTrue(batched.flushes().get(FlushReason.LATENCY_BUDGET) > 0, batched.flushes().toString());
    }

    @Test
    void inSteadyStateSixtyFourDevicesShareEachOnnxCall() throws Exception {
        // 64 devices, each sending a 100 ms chunk every 100 ms, as capture agents do.
        int devices = 64;
        List<List<AudioChunk>> perDevice = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            short[] audio = concat(silence(ms(10 * d)), utterance(600, 700));
            perDevice.add(Signals.chunks("dev-" + d, "s", audio, ms(100), 0));
        }
        int rounds = perDevice.stream().mapToInt(List::size).max().orElseThrow();
        List<Arrival> arrivals = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (List<AudioChunk> chunks : perDevice) {
                if (r < chunks.size()) arrivals.add(new Arrival(1_000 + 100L * r, chunks.get(r)));
            }
        }
        Result perChunk = run(arrivals, BatchingConfig.perChunk());
        BatchingConfig batching = BatchingConfig.defaults();
        Result batched = run(arrivals, batching);

        assertEquals(devices, perChunk.wakes(), "one wake event per device");
        assertSameEvents(perChunk.byDevice(), batched.byDevice(), "batched");
        assertEquals(perChunk.windowsScored(), batched.windowsScored());
        // Within a round the batch fills to maxWindows again and again; the rest of the round waits for the latency
        // budget, which expires before the next round: at most one call per round that is not full.
        assertTrue(batched.flushes().get(FlushReason.LATENCY_BUDGET) <= rounds, batched.flushes().toString());
        assertTrue(batched.onnxCalls() <= batched.windowsScored() / batching.maxWindows() + rounds,
                batched.onnxCalls() + " calls for " + batched.windowsScored() + " windows in " + rounds + " rounds");
        assertTrue(batched.onnxCalls() * 8 < perChunk.onnxCalls(), batched.onnxCalls() + " vs " + perChunk.onnxCalls() + " calls");
    }

    @Test
    void theLatencyBudgetScoresTheBatchWhenNoMoreInputArrives() throws Exception {
        // Two devices, one chunk each: 500 ms of silence then 200 ms of the loud tone, which fires at its end.
        short[] audio = concat(silence(ms(500)), tone(LoudModel.LOUD, ms(200)));
        List<Arrival> arrivals = List.of(new Arrival(1_000, chunk("a", "s", 0, 0, Signals.RATE, 1, audio)),
                new Arrival(1_005, chunk("b", "s", 0, 0, Signals.RATE, 1, audio)));
        Result perChunk = run(arrivals, BatchingConfig.perChunk());
        assertEquals(2, perChunk.wakes());

        try (Rig rig = new Rig(Rig.config(), BatchingConfig.defaults())) {
            for (Arrival a : arrivals) rig.at(a.timeMs()).process(a.chunk());
            int waiting = rig.operator.windowsInFlight();
            assertTrue(waiting > 0 && waiting < BatchingConfig.defaults().maxWindows(), "windows in flight: " + waiting);
            assertEquals(List.of(), rig.output(), "nothing is emitted before the batch is scored");
            rig.at(1_000 + BatchingConfig.defaults().maxDelayMs() - 1);
            assertEquals(List.of(), rig.output(), "the oldest chunk has not waited the budget yet");
            assertEquals(0, rig.operator.onnxCallCount());

            rig.at(1_000 + BatchingConfig.defaults().maxDelayMs());
            assertEquals(1, rig.operator.onnxCallCount(), "both devices' windows in one call");
            assertEquals(waiting, rig.operator.windowsScoredCount());
            assertEquals(1, rig.operator.flushCount(FlushReason.LATENCY_BUDGET));
            assertEquals(0, rig.operator.windowsInFlight());
            assertSameEvents(perChunk.byDevice(), result(rig, rig.output()).byDevice(), "after the budget");
        }
    }

    @Test
    void eventsCarryTheTimestampOfTheRecordWhoseChunkProducedThemEvenWhenScoredLater() throws Exception {
        short[] audio = concat(silence(ms(500)), tone(LoudModel.LOUD, ms(200)));
        try (Rig rig = new Rig(Rig.config(), BatchingConfig.defaults())) {
            rig.at(1_000);
            rig.harness.processElement(new StreamRecord<>(chunk("a", "s", 0, 0, Signals.RATE, 1, audio), 111));
            rig.harness.processElement(new StreamRecord<>(chunk("b", "s", 0, 0, Signals.RATE, 1, audio), 222));
            rig.pause();
            Map<String, Long> timestamps = new TreeMap<>();
            for (StreamRecord<? extends PipelineEvent> r : rig.harness.extractOutputStreamRecords()) {
                assertTrue(r.hasTimestamp(), r.toString());
                timestamps.put(r.getValue().deviceId(), r.getTimestamp());
            }
            assertEquals(Map.of("a", 111L, "b", 222L), timestamps);
            assertEquals(1, rig.operator.onnxCallCount(), "both scored in one call, after both records");
        }
    }

    @Test
    void theEndOfTheInputScoresWhatIsInFlight() throws Exception {
        short[] audio = concat(silence(ms(500)), tone(LoudModel.LOUD, ms(200)));
        try (Rig rig = new Rig(Rig.config(), BatchingConfig.defaults())) {
            rig.at(1_000).process(chunk("a", "s", 0, 0, Signals.RATE, 1, audio));
            assertEquals(List.of(), rig.output());
            rig.harness.endInput();
            assertEquals(1, rig.wakes().size());
            assertEquals(1, rig.operator.flushCount(FlushReason.END_OF_INPUT));
        }
    }

    @Test
    void aGapOrANewStreamFinishesTheDevicesChunksInFlightFirst() throws Exception {
        // Stream a ends inside the command after its wake word; in stream b a chunk inside the command after the
        // wake word is missing, and the small reorder buffer declares the gap, which closes that command. All in one
        // burst: the chunks before the stream change and before the gap are still in flight when the device needs
        // them finished.
        short[] a = concat(silence(ms(1000)), tone(LoudModel.LOUD, ms(400)), tone(LoudModel.SPEECH, ms(300)));
        short[] b = concat(silence(ms(300)), tone(LoudModel.SPEECH, ms(600)), silence(ms(400)),
                tone(LoudModel.LOUD, ms(500)), tone(LoudModel.SPEECH, ms(500)), silence(ms(800)));
        List<AudioChunk> streamB = new ArrayList<>(Signals.chunks("dev", "b", b, ms(100), 10_000));
        streamB.remove(19); // 1900-2000 ms of b, in the speech after its wake word
        List<AudioChunk> chunks = new ArrayList<>(Signals.chunks("dev", "a", a, ms(100), 0));
        chunks.addAll(streamB);
        chunks.add(chunk("other", "s", 0, 0, Signals.RATE, 1, concat(silence(ms(500)), tone(LoudModel.LOUD, ms(200)))));
        List<Arrival> arrivals = chunks.stream().map(c -> new Arrival(1_000, c)).toList();

        PipelineConfig config = Rig.config().withReorder(3, 60_000);
        Map<String, List<PipelineEvent>> perChunk;
        try (Rig rig = new Rig(config, BatchingConfig.perChunk())) {
            for (Arrival x : arrivals) rig.at(x.timeMs()).process(x.chunk());
            perChunk = result(rig, rig.output()).byDevice();
            assertEquals(1, rig.operator.gapCount());
        }
        List<CommandSegment> commands = perChunk.get("dev").stream().filter(e -> e instanceof CommandSegment)
                .map(e -> (CommandSegment) e).toList();
        assertEquals(2, perChunk.get("dev").size() - commands.size(), "a wake event per stream: " + perChunk);
        assertEquals(List.of("a", "b"), commands.stream().map(CommandSegment::streamId).toList());
        assertEquals(1_900, commands.get(1).audioEndMs(), "the gap closed b's command where the missing chunk starts");
        try (Rig rig = new Rig(config, BatchingConfig.defaults())) {
            for (Arrival x : arrivals) rig.at(x.timeMs()).process(x.chunk());
            rig.pause();
            assertTrue(rig.operator.flushCount(FlushReason.DEVICE_SETTLE) >= 2, "the stream change and the gap settled the device");
            assertSameEvents(perChunk, result(rig, rig.output()).byDevice(), "batched");
        }
    }

    @Test
    void aCheckpointScoresTheWindowsInFlightBeforeTheBarrierAndARestoreGivesTheSameEvents() throws Exception {
        List<Arrival> arrivals = manyDevices(8, 5);
        // Reference: per chunk; the cut goes right after a chunk that completes a wake event, past the first third.
        int cut = -1;
        Map<String, List<PipelineEvent>> perChunk;
        try (Rig rig = new Rig(Rig.config(), BatchingConfig.perChunk())) {
            for (int i = 0; i < arrivals.size(); i++) {
                int before = rig.wakes().size();
                rig.at(arrivals.get(i).timeMs()).process(arrivals.get(i).chunk());
                if (cut < 0 && i > arrivals.size() / 3 && rig.wakes().size() > before) cut = i + 1;
            }
            rig.pause();
            perChunk = result(rig, rig.output()).byDevice();
        }
        assertTrue(cut > 0, "some chunk completes a wake event");
        // A batch that neither fills nor times out here: only the checkpoint and the end of input score it.
        BatchingConfig lazy = new BatchingConfig(4096, 10_000);
        Map<String, List<PipelineEvent>> uninterrupted;
        try (Rig rig = new Rig(Rig.config(), lazy)) {
            for (Arrival a : arrivals) rig.at(a.timeMs()).process(a.chunk());
            rig.harness.endInput();
            uninterrupted = result(rig, rig.output()).byDevice();
        }
        assertSameEvents(perChunk, uninterrupted, "uninterrupted, lazy batch");

        List<PipelineEvent> events = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (Rig before = new Rig(Rig.config(), lazy)) {
            for (Arrival a : arrivals.subList(0, cut)) before.at(a.timeMs()).process(a.chunk());
            assertTrue(before.operator.windowsInFlight() > 0);
            int wakesBefore = before.wakes().size();
            snapshot = before.checkpoint(1);
            assertEquals(0, before.operator.windowsInFlight(), "nothing in flight across the barrier");
            assertEquals(1, before.operator.flushCount(FlushReason.CHECKPOINT));
            assertTrue(before.wakes().size() > wakesBefore, "the wake event in flight was emitted before the barrier");
            events.addAll(before.output());
        }
        try (Rig after = new Rig(Rig.config(), lazy, snapshot)) {
            for (Arrival a : arrivals.subList(cut, arrivals.size())) after.at(a.timeMs()).process(a.chunk());
            after.harness.endInput();
            events.addAll(after.output());
            assertSameEvents(perChunk, result(after, events).byDevice(), "checkpointed and restored");
        }
    }
}
