package io.wakestream.pipeline;

import static io.wakestream.pipeline.transcribe.Speech.concat;
import static io.wakestream.pipeline.transcribe.Speech.espeak;
import static io.wakestream.pipeline.transcribe.Speech.silence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.pipeline.transcribe.Speech;
import io.wakestream.pipeline.transcribe.VoskModelException;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.Word;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import io.wakestream.pipeline.types.CommandSegmentSerializer;
import io.wakestream.pipeline.types.TranscriptionOutcomeSerializer;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TranscribeFunction} in Flink's asynchronous operator, in its operator test harness, with the real Vosk model. */
class TranscribeFunctionTest {
    private static final int RATE = 16_000;

    /**
     * The function in Flink's asynchronous operator in a harness, opened, as the job runs it. Reading what it emitted
     * first ends the input, which waits for every segment fed so far to be decoded.
     */
    static final class Harness implements AutoCloseable {
        final OneInputStreamOperatorTestHarness<CommandSegment, TranscriptionOutcome> harness;
        private boolean ended;

        Harness(TranscriberConfig config) throws Exception {
            harness = new OneInputStreamOperatorTestHarness<>(new AsyncWaitOperatorFactory<>(new TranscribeFunction(config),
                    TranscribeFunction.TIMEOUT_MS, TranscribeFunction.QUEUE_CAPACITY, AsyncDataStream.OutputMode.UNORDERED),
                    CommandSegmentSerializer.INSTANCE);
            harness.setup(new TranscriptionOutcomeSerializer());
            harness.open();
        }

        Harness feed(CommandSegment... segments) throws Exception {
            for (CommandSegment s : segments) harness.processElement(new StreamRecord<>(s));
            return this;
        }

        /** Everything it emitted, once every segment fed has an outcome. */
        List<TranscriptionOutcome> outcomes() throws Exception {
            if (!ended) {
                harness.endInput();
                ended = true;
            }
            return harness.extractOutputValues();
        }

        List<TranscriptEvent> transcripts() throws Exception {
            return outcomes().stream().filter(o -> o instanceof TranscriptionOutcome.Transcribed)
                    .map(o -> ((TranscriptionOutcome.Transcribed) o).event()).toList();
        }

        List<RejectedSegment> rejected() throws Exception {
            return outcomes().stream().filter(o -> o instanceof TranscriptionOutcome.NotTranscribed)
                    .map(o -> ((TranscriptionOutcome.NotTranscribed) o).rejected()).toList();
        }

        @Override
        public void close() throws Exception {
            harness.close();
        }
    }

    /** What a transcription operator in a harness emitted. */
    static List<TranscriptEvent> transcripts(OneInputStreamOperatorTestHarness<?, TranscriptEvent> harness) {
        return new ArrayList<>(harness.extractOutputValues());
    }

    /** What a transcription operator in a harness rejected. */
    static List<RejectedSegment> rejected(OneInputStreamOperatorTestHarness<?, TranscriptEvent> harness) {
        var side = harness.getSideOutput(TranscribeFunction.REJECTED);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    static TranscriberConfig config() {
        return TranscriberConfig.defaults(Speech.voskModelDir().toString());
    }

    static CommandSegment segment(String wakeEventId, long startMs, short[] pcm) {
        return new CommandSegment("kitchen-1", "stream-a", wakeEventId, startMs, startMs + pcm.length * 1000L / RATE, pcm);
    }

    @Test
    void aCommandBecomesATranscriptEventWithWordsOnTheStreamTimeline() throws Exception {
        short[] pcm = concat(silence(300), espeak("open the garage door"), silence(300));
        CommandSegment s = segment("wake-1", 5_000, pcm);
        try (Harness h = new Harness(config())) {
            h.feed(s);
            assertEquals(List.of(), h.rejected());
            List<TranscriptEvent> out = h.transcripts();
            assertEquals(1, out.size());
            TranscriptEvent e = out.get(0);
            assertEquals(UUID.nameUUIDFromBytes("transcript|wake-1".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString(), e.getEventId().toString());
            assertEquals("wake-1", e.getWakeEventId().toString());
            assertEquals("kitchen-1", e.getDeviceId().toString());
            assertEquals("stream-a", e.getStreamId().toString());
            assertEquals("open the garage door", e.getText().toString());
            assertEquals(s.audioStartMs(), e.getAudioStartMs());
            assertEquals(s.audioEndMs(), e.getAudioEndMs());
            List<Word> words = e.getWords();
            assertEquals(List.of("open", "the", "garage", "door"), words.stream().map(w -> w.getWord().toString()).toList());
            // The speech starts 300 ms into the segment, which starts at 5000 ms of the stream.
            assertTrue(words.get(0).getStartMs() >= 5_250 && words.get(0).getStartMs() <= 5_550, "first word " + words.get(0));
            for (Word w : words) {
                assertTrue(w.getStartMs() <= w.getEndMs() && w.getEndMs() <= s.audioEndMs(), w.toString());
                assertTrue(w.getConfidence() > 0 && w.getConfidence() <= 1, w.toString());
            }
        }
    }

    @Test
    void aReplayEmitsTheSameEventIdAndEachWakeEventItsOwn() throws Exception {
        short[] pcm = espeak("what time is it");
        String firstRun;
        try (Harness h = new Harness(config())) {
            firstRun = h.feed(segment("wake-7", 1_000, pcm)).transcripts().get(0).getEventId().toString();
        }
        // As after a failure: a new operator instance gets the same segment again, then the next one.
        try (Harness h = new Harness(config())) {
            List<TranscriptEvent> out = h.feed(segment("wake-7", 1_000, pcm), segment("wake-8", 9_000, pcm)).transcripts();
            assertEquals(firstRun, out.get(0).getEventId().toString());
            assertNotEquals(firstRun, out.get(1).getEventId().toString());
            assertEquals("what time is it", out.get(1).getText().toString());
            assertTrue(out.get(1).getWords().get(0).getStartMs() >= 9_000, "second segment's words on its own span");
        }
    }

    @Test
    void silenceGivesAnEmptyTranscriptNotARejection() throws Exception {
        try (Harness h = new Harness(config())) {
            h.feed(segment("wake-s", 0, silence(1_500)), segment("wake-e", 0, new short[0]));
            assertEquals(List.of(), h.rejected());
            assertEquals(2, h.transcripts().size());
            for (TranscriptEvent e : h.transcripts()) {
                assertEquals("", e.getText().toString());
                assertEquals(List.of(), e.getWords());
            }
        }
    }

    @Test
    void badSegmentsGoToTheSideOutputWithTheReasonAndTheNextIsStillTranscribed() throws Exception {
        TranscriberConfig config = new TranscriberConfig(Speech.voskModelDir().toString(), 2_000);
        CommandSegment tooLong = segment("wake-long", 0, silence(2_500));
        CommandSegment backwards = new CommandSegment("kitchen-1", "stream-a", "wake-back", 900, 800, silence(100));
        CommandSegment noWake = new CommandSegment("kitchen-1", "stream-a", "", 0, 100, silence(100));
        CommandSegment noAudio = new CommandSegment("hall-2", "stream-b", "wake-null", 0, 100, null);
        CommandSegment good = segment("wake-ok", 3_000, espeak("what time is it"));
        try (Harness h = new Harness(config)) {
            long before = System.currentTimeMillis();
            h.feed(tooLong, backwards, noWake, noAudio, good);
            List<RejectedSegment> rejected = h.rejected();
            assertEquals(4, rejected.size(), rejected.toString());
            RejectedSegment first = rejected.get(0);
            assertEquals(new RejectedSegment("kitchen-1", "stream-a", "wake-long", 0, 2_500, "2500 ms of audio, over the 2000 ms limit",
                    first.rejectedAtMs()), first);
            assertTrue(first.rejectedAtMs() >= before && first.rejectedAtMs() <= System.currentTimeMillis(), first.toString());
            assertTrue(rejected.get(1).reason().contains("ends (800 ms) before it starts (900 ms)"), rejected.get(1).reason());
            assertEquals("no wake event id", rejected.get(2).reason());
            assertEquals("hall-2", rejected.get(3).deviceId());
            assertEquals("no audio", rejected.get(3).reason());
            List<TranscriptEvent> out = h.transcripts();
            assertEquals(1, out.size());
            assertEquals("wake-ok", out.get(0).getWakeEventId().toString());
            assertEquals("what time is it", out.get(0).getText().toString());
        }
    }

    /**
     * The operator's thread only queues a segment, so a decoder that is far behind holds up nothing: segments still
     * waiting when their time is up are rejected with the reason, and the operator goes on.
     */
    @Test
    void segmentsNotDecodedInTimeAreRejectedNamingTheTimeout() throws Exception {
        short[] longCommand = concat(espeak("open the garage door and turn on all the lights in the kitchen and the hallway"),
                espeak("then play some music in the living room"));
        try (Harness h = new Harness(config())) {
            h.feed(segment("wake-slow", 0, longCommand), segment("wake-next", 20_000, espeak("what time is it")));
            // Decoding several seconds of speech takes Vosk far longer than these two calls: both are still with
            // the decoder (one decoding, one waiting) when the harness's clock passes their deadline.
            h.harness.setProcessingTime(TranscribeFunction.TIMEOUT_MS + 1);
            List<RejectedSegment> rejected = h.rejected();
            assertEquals(List.of("wake-slow", "wake-next"), rejected.stream().map(RejectedSegment::wakeEventId).toList());
            for (RejectedSegment r : rejected) {
                assertEquals("not transcribed within 600 s (the decoder is stuck or far behind)", r.reason());
            }
            assertEquals(List.of(), h.transcripts(), "a timed-out segment gets no transcript, even once decoded");
        }
        // The next operator decodes as usual.
        try (Harness h = new Harness(config())) {
            assertEquals("what time is it", h.feed(segment("wake-after", 0, espeak("what time is it"))).transcripts().get(0).getText().toString());
        }
    }

    /** The job splits the outcomes: transcripts go on, rejections to the side output. */
    @Test
    void outcomesAreSplitIntoTranscriptsAndTheRejectedSideOutput() throws Exception {
        TranscriptEvent t = TranscribeFunction.toEvent(segment("wake-1", 0, silence(100)), io.wakestream.pipeline.transcribe.Transcript.EMPTY);
        RejectedSegment r = new RejectedSegment("kitchen-1", "stream-a", "wake-2", 0, 100, "no audio", 5);
        try (OneInputStreamOperatorTestHarness<TranscriptionOutcome, TranscriptEvent> split =
                new OneInputStreamOperatorTestHarness<>(new org.apache.flink.streaming.api.operators.ProcessOperator<>(new TranscriptionOutcomes()))) {
            split.setup(new io.wakestream.pipeline.types.AvroRecordSerializer<>(TranscriptEvent.class));
            split.open();
            split.processElement(new StreamRecord<>(new TranscriptionOutcome.Transcribed(t)));
            split.processElement(new StreamRecord<>(new TranscriptionOutcome.NotTranscribed(r)));
            assertEquals(List.of(t), transcripts(split));
            assertEquals(List.of(r), rejected(split));
        }
    }

    @Test
    void aMissingModelFolderFailsOpenNamingIt(@TempDir Path tmp) {
        Path missing = tmp.resolve("vosk-model-en");
        Exception e = assertThrows(Exception.class, () -> new Harness(TranscriberConfig.defaults(missing.toString())));
        Throwable t = e;
        while (!(t instanceof VoskModelException) && t.getCause() != null) t = t.getCause();
        assertTrue(t instanceof VoskModelException, "cause: " + e);
        assertEquals(missing + ": Vosk model folder does not exist", t.getMessage());
    }

    @Test
    void configIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> new TranscriberConfig(" ", 1_000));
        assertThrows(IllegalArgumentException.class, () -> new TranscriberConfig("m", 0));
    }

    /**
     * espeak-ng at 1/50 of its level (about -56 dBFS RMS). The test wake-word model scores log energy summed over
     * all mel bands, where broadband speech beats its pure wake tone even at 1/20 of espeak's level; at 1/50 it no
     * longer fires, and the model still hears "open the garage door" (at this level it hears "kitchen light" for
     * "kitchen lights", so that phrase is not used here).
     */
    private static short[] quieter(short[] pcm) {
        short[] out = new short[pcm.length];
        for (int i = 0; i < pcm.length; i++) out[i] = (short) (pcm[i] / 50);
        return out;
    }

    /** The wake-word operator's command segment, transcribed: the transcript belongs to its wake event. */
    @Test
    void theCommandAfterAWakeWordIsTranscribedForThatWakeEvent() throws Exception {
        short[] audio = concat(Signals.silence(Signals.ms(1000)), Signals.tone(LoudModel.LOUD, Signals.ms(500)),
                Signals.silence(Signals.ms(300)), quieter(espeak("open the garage door")), Signals.silence(Signals.ms(1500)));
        List<WakeDetected> wakes;
        List<CommandSegment> commands;
        // A VAD threshold under the quiet speech's level (the silence around it is digital zero).
        PipelineConfig wakeConfig = Rig.config().withCommand(new VadConfig(10, -65, 100, 700), 8_000);
        try (Rig rig = new Rig(wakeConfig)) {
            rig.at(1_000).feed(Signals.chunks("kitchen-1", "stream-a", audio, 1600, 0));
            wakes = rig.wakes();
            commands = rig.commands();
        }
        assertEquals(1, wakes.size(), wakes.toString());
        assertEquals(1, commands.size(), commands.toString());
        try (Harness h = new Harness(config())) {
            TranscriptEvent e = h.feed(commands.get(0)).transcripts().get(0);
            assertEquals(wakes.get(0).event().getEventId().toString(), e.getWakeEventId().toString());
            assertTrue((" " + e.getText() + " ").contains(" garage door "), e.getText().toString());
            // The words lie after the wake phrase, within the command's span.
            long wakeEnd = wakes.get(0).event().getAudioEndMs();
            for (Word w : e.getWords()) {
                assertTrue(w.getStartMs() >= wakeEnd && w.getEndMs() <= e.getAudioEndMs(), w + " after " + wakeEnd + ", before " + e.getAudioEndMs());
            }
            // The speech starts at 1800 ms of the stream.
            assertTrue(Math.abs(e.getWords().get(0).getStartMs() - 1_800) <= 250, "first word " + e.getWords().get(0));
        }
    }
}
