package io.wakestream.pipeline;

import static io.wakestream.pipeline.Signals.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.audio.WavReader;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.WakeEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gaps and agent restarts with the real MFCC model {@code models/jarvis-v23} on real speech ("Jarvis" from
 * {@code samples/hallway.wav}, espeak-ng en-gb over a room-noise floor), in the operator harness with the job's
 * default settings. Each case first checks that the same audio played as one unbroken stream DOES give the
 * detection the gap or restart must prevent, so the test could fail.
 *
 * <p>The audio: the hallway sample's 2.4 s of room noise, then "Jarvis" W (2.4-3.1 s of the sample: "Jar"
 * ~2.41-2.67 s, "vis" ~2.77-2.99 s), 2.5 s of room noise (longer than the detector's refractory period after a
 * detection), W again, 2.5 s, W a third time, 1 s. Cut 300 ms into W, its first 3 chunks are "Jar-" and its last
 * 4 "-vis".
 *
 * <p>Why hallway's "Jarvis" and not kitchen's: after a gap the engine starts afresh, so the model's 40 ms scoring
 * grid moves with the first chunk after the gap. Kitchen's en-us "Jarvis" scores just around the threshold and is
 * heard or missed depending on where the stream starts modulo 40 ms (measured: missed for 6 of 16 start offsets
 * of 0-75 ms); hallway's is heard at every offset, so these tests check the gap handling and not that.
 */
class JarvisAcrossGapsAndRestartsTest {
    private static final int CHUNK = 1600; // 100 ms
    private static final int WORD_CHUNKS = 7;
    private static final int JAR_CHUNKS = 3;
    private static final int LEAD_CHUNKS = 24;
    /** Longer than the detector's refractory period after a detection, so each W can be heard on its own. */
    private static final int PAUSE_CHUNKS = 25;
    private static final int TAIL_CHUNKS = 10;
    private static final long CAPTURE_START_MS = 1_700_000_000_000L;

    static String model;
    static short[] lead;
    static short[] word;
    static short[] pause;
    static short[] tail;

    @BeforeAll
    static void load() throws Exception {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        model = root.resolve("models/jarvis-v23").toString();
        short[] hallway = WavReader.read(root.resolve("samples/hallway.wav")).samples();
        assertTrue(Files.isRegularFile(Path.of(model, "model.onnx")));
        lead = Arrays.copyOfRange(hallway, 0, LEAD_CHUNKS * CHUNK);
        word = Arrays.copyOfRange(hallway, LEAD_CHUNKS * CHUNK, (LEAD_CHUNKS + WORD_CHUNKS) * CHUNK);
        // Room noise only (the sample's command follows W after 0.5 s): the lead, and a chunk of it again.
        pause = concat(lead, Arrays.copyOf(lead, (PAUSE_CHUNKS - LEAD_CHUNKS) * CHUNK));
        tail = Arrays.copyOf(lead, TAIL_CHUNKS * CHUNK);
    }

    /** lead, W, pause, W, pause, W, tail: 105 chunks; W starts at chunks 24, 56 and 88. */
    private static short[] threeWords() {
        return concat(lead, word, pause, word, pause, word, tail);
    }

    private static PipelineConfig config() {
        return PipelineConfig.defaults(model);
    }

    @Test
    void theWordIsDetectedEachTimeInTheUnbrokenStream() throws Exception {
        try (Rig rig = new Rig(config())) {
            rig.at(1_000).feed(Signals.chunks("d", "s", threeWords(), CHUNK, CAPTURE_START_MS));
            List<WakeEvent> wakes = events(rig);
            assertEquals(3, wakes.size(), rig.output().toString());
            for (int i = 0; i < 3; i++) assertWithinWord(wakes.get(i), LEAD_CHUNKS + i * (WORD_CHUNKS + PAUSE_CHUNKS));
        }
    }

    /**
     * The agent dropped "-vis" of the first W, the pause and "Jar-" of the second: what is left, read as if it were
     * contiguous, is "Jar-" + "-vis" = a whole W. The job must see the gap in the sequence numbers, not hear that
     * W, and still hear the third W, fully after the gap, at its place on the stream timeline.
     */
    @Test
    void aGapJoiningTwoHalvesOfDifferentWordsMakesNoDetection() throws Exception {
        List<AudioChunk> all = Signals.chunks("d", "s", threeWords(), CHUNK, CAPTURE_START_MS);
        int from = LEAD_CHUNKS + JAR_CHUNKS;                       // first W's "-vis"
        int to = LEAD_CHUNKS + WORD_CHUNKS + PAUSE_CHUNKS + JAR_CHUNKS; // second W's "-vis"
        List<AudioChunk> withGap = new ArrayList<>(all.subList(0, from));
        withGap.addAll(all.subList(to, all.size()));

        List<AudioChunk> spliced = renumbered(withGap);
        try (Rig control = new Rig(config())) {
            control.at(1_000).feed(spliced);
            assertEquals(2, events(control).size(), "played contiguously, the two halves are a W: "
                    + control.output());
        }

        try (Rig rig = new Rig(config())) {
            rig.at(1_000).feed(withGap);
            assertEquals(List.of(), rig.wakes(), "before the gap timeout nothing past the gap is processed");
            rig.at(1_000 + config().gapTimeoutMs()).pause();
            assertEquals(1, rig.operator.gapCount());
            List<WakeEvent> wakes = events(rig);
            assertEquals(1, wakes.size(), "only the third W: " + rig.output());
            assertWithinWord(wakes.get(0), LEAD_CHUNKS + 2 * (WORD_CHUNKS + PAUSE_CHUNKS));
            long gapEndMs = to * 100L;
            assertTrue(wakes.get(0).getAudioStartMs() >= gapEndMs, "no event spans the gap: " + wakes.get(0));
            assertEquals(List.of(), rig.rejected());
        }
    }

    /**
     * One chunk lost inside a W: played contiguously the clipped W is still heard, but across the gap no event may
     * start before it ends; the next Ws are heard. The agent sends 25 ms chunks here, so the loss is short enough for
     * a model to hear through it when joined. Which chunk: the first, from the middle of the word outwards, whose
     * loss the model still hears through when the rest is joined; a model that hears none of them fails the test
     * with the chunks it tried.
     */
    @Test
    void aGapInsideOneWordMakesNoDetectionAcrossIt() throws Exception {
        int perChunk = 4; // 25 ms chunks: four to each 100 ms of the layout above
        List<AudioChunk> all = Signals.chunks("d", "s", threeWords(), CHUNK / perChunk, CAPTURE_START_MS);
        int wordStart = LEAD_CHUNKS * perChunk, wordChunks = WORD_CHUNKS * perChunk;
        int from = -1;
        List<String> tried = new ArrayList<>();
        for (int i = 0; i < wordChunks && from < 0; i++) {
            int k = wordChunks / 2 + (i % 2 == 0 ? i / 2 : -(i + 1) / 2); // middle, then outwards
            List<AudioChunk> joined = new ArrayList<>(all.subList(0, wordStart + k));
            joined.addAll(all.subList(wordStart + k + 1, all.size()));
            try (Rig control = new Rig(config())) {
                control.at(1_000).feed(renumbered(joined));
                int heard = events(control).size();
                tried.add("chunk " + (wordStart + k) + ": " + heard + " events");
                if (heard == 3) from = wordStart + k;
            }
        }
        assertTrue(from > 0, "played contiguously, the model hears no W clipped by one chunk: " + tried);
        int to = from + 1;
        long gapEndMs = to * 100L / perChunk;
        List<AudioChunk> withGap = new ArrayList<>(all.subList(0, from));
        withGap.addAll(all.subList(to, all.size()));

        try (Rig rig = new Rig(config())) {
            rig.at(1_000).feed(withGap);
            rig.at(1_000 + config().gapTimeoutMs()).pause();
            assertEquals(1, rig.operator.gapCount());
            List<WakeEvent> wakes = events(rig);
            for (WakeEvent w : wakes) {
                assertTrue(w.getAudioStartMs() >= gapEndMs, "an event spans the gap at " + from * 100 / perChunk + "-"
                        + gapEndMs + " ms: " + w);
            }
            assertEquals(2, wakes.size(), "the second and third W: " + wakes);
            assertWithinWord(wakes.get(0), LEAD_CHUNKS + WORD_CHUNKS + PAUSE_CHUNKS);
            assertWithinWord(wakes.get(1), LEAD_CHUNKS + 2 * (WORD_CHUNKS + PAUSE_CHUNKS));
        }
    }

    /**
     * An agent restart: stream 1 ends with "Jar-", stream 2 (a new stream id, sequences from 0, a later capture
     * clock) starts with "-vis", then a whole W. The job must not join the halves, must start stream 2 at once
     * (no gap, no waiting for the gap timeout), hear stream 2's W, and drop a late chunk of stream 1.
     */
    @Test
    void anAgentRestartNeitherJoinsTheStreamsNorWaitsForAGap() throws Exception {
        short[] all = threeWords();
        int cut = (LEAD_CHUNKS + JAR_CHUNKS) * CHUNK;
        int end = all.length; // stream 2: "-vis", pause, W, pause, W, tail
        short[] first = Arrays.copyOfRange(all, 0, cut);
        short[] second = Arrays.copyOfRange(all, cut, end);
        try (Rig control = new Rig(config())) {
            control.at(1_000).feed(Signals.chunks("d", "one", concat(first, second), CHUNK, CAPTURE_START_MS));
            assertEquals(3, events(control).size(), "as one stream, the halves are a W: " + control.output());
        }

        List<AudioChunk> one = Signals.chunks("d", "stream-1", first, CHUNK, CAPTURE_START_MS);
        List<AudioChunk> two = Signals.chunks("d", "stream-2", second, CHUNK, CAPTURE_START_MS + 60_000);
        AudioChunk lateOfOne = Signals.chunk("d", "stream-1", one.size(), CAPTURE_START_MS + one.size() * 100L,
                16_000, 1, Arrays.copyOfRange(all, cut, cut + CHUNK));
        try (Rig rig = new Rig(config())) {
            rig.at(1_000).feed(one);
            // Stream 2 arrives in one burst; only the batching latency budget passes, far less than the gap timeout.
            rig.feed(two);
            List<WakeEvent> wakes = events(rig);
            assertEquals(2, wakes.size(), "only stream 2's whole Ws: " + rig.output());
            for (WakeEvent w : wakes) assertEquals("stream-2", w.getStreamId().toString());
            // On stream 2's own timeline: its first W starts after "-vis" (400 ms) and the pause (2.5 s).
            assertWithinWord(wakes.get(0), (WORD_CHUNKS - JAR_CHUNKS) + PAUSE_CHUNKS);
            assertWithinWord(wakes.get(1), (WORD_CHUNKS - JAR_CHUNKS) + 2 * PAUSE_CHUNKS + WORD_CHUNKS);
            assertEquals(0, rig.operator.gapCount());

            rig.feed(List.of(lateOfOne));
            assertEquals(1, rig.operator.staleStreamChunkCount());
            assertEquals(2, events(rig).size());
            assertEquals(List.of(), rig.rejected());
            // Even long after, nothing more: no gap is declared for the restart.
            rig.at(rig.harness.getProcessingTime() + 10 * config().gapTimeoutMs()).pause();
            assertEquals(0, rig.operator.gapCount());
            assertEquals(2, events(rig).size());
        }
    }

    private static List<WakeEvent> events(Rig rig) {
        return rig.wakes().stream().map(WakeDetected::event).toList();
    }

    /** The event's audio ends inside the W starting at chunk {@code wordChunk} (+ up to 300 ms of its tail). */
    private static void assertWithinWord(WakeEvent w, int wordChunk) {
        long wordStart = wordChunk * 100L, wordEnd = wordStart + WORD_CHUNKS * 100L;
        assertTrue(w.getAudioEndMs() > wordStart + 300 && w.getAudioEndMs() <= wordEnd + 300
                && w.getAudioStartMs() >= wordStart - 700, "expected the W at " + wordStart + "-" + wordEnd
                + " ms, got " + w.getAudioStartMs() + "-" + w.getAudioEndMs());
    }

    /** The chunks as one unbroken stream: sequences 0.., capture times 100 ms apart. */
    private static List<AudioChunk> renumbered(List<AudioChunk> chunks) {
        List<AudioChunk> out = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            out.add(AudioChunk.newBuilder(chunks.get(i)).setSequence(i).setCaptureTimeMs(CAPTURE_START_MS + i * 100L)
                    .build());
        }
        return out;
    }
}
