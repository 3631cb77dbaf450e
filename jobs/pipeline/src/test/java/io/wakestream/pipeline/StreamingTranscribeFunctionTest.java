package io.wakestream.pipeline;

import static io.wakestream.pipeline.transcribe.Speech.concat;
import static io.wakestream.pipeline.transcribe.Speech.espeak;
import static io.wakestream.pipeline.transcribe.Speech.silence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.pipeline.transcribe.Speech;
import io.wakestream.schemas.PartialTranscript;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.Word;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import io.wakestream.pipeline.types.CommandEventSerializer;
import io.wakestream.pipeline.types.TranscriptionOutcomeSerializer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamingTranscribeFunction} in Flink's asynchronous operator, in its test harness, with the real Vosk model:
 * commands fed in pieces as the wake-word operator sends them, and every way the pieces can fail to tell the whole
 * story.
 */
class StreamingTranscribeFunctionTest {
    private static final int RATE = 16_000;
    /** An agent's 100 ms chunk. */
    private static final int PIECE = 1_600;

    /**
     * The function in Flink's asynchronous operator in a harness, opened, with a clock of the test's. Every feed waits
     * until the decoding thread has handled what was fed and its outcomes are out, so a test can look in between.
     */
    static final class Harness implements AutoCloseable {
        final StreamingTranscribeFunction function;
        final OneInputStreamOperatorTestHarness<CommandEvent, TranscriptionOutcome> harness;
        private final AtomicLong now = new AtomicLong();

        Harness(int streamingRecognizers) throws Exception {
            this(TranscriberConfig.defaults(Speech.voskModelDir().toString()).withStreamingRecognizers(streamingRecognizers));
        }

        Harness(TranscriberConfig config) throws Exception {
            function = new StreamingTranscribeFunction(config, now::get);
            harness = new OneInputStreamOperatorTestHarness<>(new AsyncWaitOperatorFactory<>(function,
                    TranscribeFunction.TIMEOUT_MS, StreamingTranscribeFunction.QUEUE_CAPACITY, AsyncDataStream.OutputMode.UNORDERED),
                    new CommandEventSerializer());
            harness.setup(new TranscriptionOutcomeSerializer());
            harness.open();
        }

        /** The processing time the function sees from now on. */
        void setTime(long ms) {
            now.set(ms);
        }

        Harness feed(CommandEvent... events) throws Exception {
            for (CommandEvent e : events) harness.processElement(new StreamRecord<>(e));
            function.awaitDecoded();
            // The outcomes reach the operator's output through the task's mailbox: run what is there.
            TaskMailbox mailbox = harness.getTaskMailbox();
            for (Optional<Mail> m; (m = mailbox.tryTake(TaskMailbox.MIN_PRIORITY)).isPresent(); ) m.get().run();
            return this;
        }

        Harness feed(List<? extends CommandEvent> events) throws Exception {
            return feed(events.toArray(CommandEvent[]::new));
        }

        private <T> List<T> outcomes(Class<? extends TranscriptionOutcome> kind, java.util.function.Function<TranscriptionOutcome, T> value) {
            return harness.extractOutputValues().stream().filter(kind::isInstance).map(value).toList();
        }

        List<TranscriptEvent> transcripts() {
            return outcomes(TranscriptionOutcome.Transcribed.class, o -> ((TranscriptionOutcome.Transcribed) o).event());
        }

        List<RejectedSegment> rejected() {
            return outcomes(TranscriptionOutcome.NotTranscribed.class, o -> ((TranscriptionOutcome.NotTranscribed) o).rejected());
        }

        List<PartialTranscript> partials() {
            return outcomes(TranscriptionOutcome.Partial.class, o -> ((TranscriptionOutcome.Partial) o).partial());
        }

        @Override
        public void close() throws Exception {
            harness.close();
        }
    }

    /** A command's audio as the wake-word operator sends it while it is spoken: 100 ms pieces. */
    static List<CommandAudio> pieces(String wakeEventId, short[] pcm) {
        return pieces(wakeEventId, 0, pcm);
    }

    static List<CommandAudio> pieces(String wakeEventId, long commandStartMs, short[] pcm) {
        List<CommandAudio> out = new ArrayList<>();
        for (int at = 0; at < pcm.length; at += PIECE) {
            out.add(new CommandAudio("kitchen-1", "stream-a", wakeEventId, commandStartMs, at,
                    Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + PIECE)), false));
        }
        return out;
    }

    static CommandSegment segment(String wakeEventId, long startMs, short[] pcm) {
        return TranscribeFunctionTest.segment(wakeEventId, startMs, pcm);
    }

    static List<String> words(TranscriptEvent e) {
        return e.getWords().stream().map(w -> w.getWord().toString()).toList();
    }

    @Test
    void aCommandDecodedWhileSpokenEndsAsTheTranscriptOfItsSegment() throws Exception {
        short[] pcm = concat(silence(300), espeak("open the garage door"), silence(300));
        try (Harness h = new Harness(8)) {
            h.feed(pieces("wake-1", 5_000, pcm));
            assertEquals(1, h.function.openUtterances(), "decoding while the command is spoken");
            assertEquals(List.of(), h.transcripts(), "nothing before the command ends");
            CommandSegment s = segment("wake-1", 5_000, pcm);
            h.feed(s);
            assertEquals(List.of(), h.rejected());
            assertEquals(0, h.function.openUtterances());
            assertEquals(1, h.function.streamedCommandCount());
            assertEquals(0, h.function.wholeCommandCount());
            TranscriptEvent e = h.transcripts().get(0);
            assertEquals(TranscribeFunction.eventId("wake-1"), e.getEventId().toString());
            assertEquals("wake-1", e.getWakeEventId().toString());
            assertEquals("open the garage door", e.getText().toString());
            assertEquals(s.audioStartMs(), e.getAudioStartMs());
            assertEquals(s.audioEndMs(), e.getAudioEndMs());
            List<Word> w = e.getWords();
            assertTrue(w.get(0).getStartMs() >= 5_250 && w.get(0).getStartMs() <= 5_550, "first word " + w.get(0));
            for (Word word : w) assertTrue(word.getEndMs() <= s.audioEndMs(), word.toString());
        }
    }

    @Test
    void partialTranscriptsFollowTheCommandAsItIsSpokenWhenAskedFor() throws Exception {
        short[] pcm = concat(silence(300), espeak("play some music in the living room"), silence(300));
        List<CommandAudio> pieces = pieces("wake-p", 7_000, pcm);
        try (Harness plain = new Harness(8)) {
            plain.feed(pieces).feed(segment("wake-p", 7_000, pcm));
            assertEquals(List.of(), plain.partials(), "none unless asked for");
        }
        TranscriberConfig config = TranscriberConfig.defaults(Speech.voskModelDir().toString())
                .withStreamingRecognizers(8).withPartialTranscripts(true);
        try (Harness h = new Harness(config)) {
            h.feed(pieces.subList(0, pieces.size() / 2));
            List<PartialTranscript> halfway = h.partials();
            assertTrue(!halfway.isEmpty(), "words heard half-way through the command");
            h.feed(pieces.subList(pieces.size() / 2, pieces.size())).feed(segment("wake-p", 7_000, pcm));
            List<PartialTranscript> all = h.partials();
            assertTrue(all.size() > halfway.size(), all.toString());
            for (int i = 0; i < all.size(); i++) {
                PartialTranscript p = all.get(i);
                assertEquals(i, p.getSequence());
                assertEquals("wake-p", p.getWakeEventId().toString());
                assertEquals("kitchen-1", p.getDeviceId().toString());
                assertEquals(7_000, p.getAudioStartMs());
                assertTrue(p.getAudioEndMs() > 7_000 && p.getAudioEndMs() <= 7_000 + pcm.length * 1000L / RATE, p.toString());
                if (i > 0) {
                    assertTrue(p.getAudioEndMs() > all.get(i - 1).getAudioEndMs(), "later audio: " + all);
                    assertTrue(!p.getText().toString().equals(all.get(i - 1).getText().toString()), "only changes: " + all);
                }
            }
            assertEquals(all.size(), h.function.partialTranscriptCount());
            String last = all.get(all.size() - 1).getText().toString();
            assertEquals(h.transcripts().get(0).getText().toString(), last, "the last partial is what the transcript says");
        }
        assertThrows(IllegalArgumentException.class,
                () -> TranscriberConfig.defaults("m").withPartialTranscripts(true), "no partials without streaming");
    }

    @Test
    void aCommandWhoseFirstPiecesWereMissedIsDecodedWholeFromItsSegment() throws Exception {
        // As after a restore: the pieces sent before the checkpoint went to the operator instance that died.
        short[] pcm = concat(silence(300), espeak("what time is it"), silence(300));
        try (Harness h = new Harness(8)) {
            List<CommandAudio> all = pieces("wake-2", pcm);
            h.feed(all.subList(3, all.size()));
            assertEquals(0, h.function.openUtterances(), "a command is only decoded from its first piece");
            h.feed(segment("wake-2", 0, pcm));
            assertEquals(1, h.function.wholeCommandCount());
            assertEquals(0, h.function.streamedCommandCount());
            assertEquals("what time is it", h.transcripts().get(0).getText().toString());
        }
    }

    @Test
    void aBreakInThePiecesStopsTheStreamingDecodeAndTheSegmentIsDecodedWhole() throws Exception {
        short[] pcm = concat(silence(300), espeak("call my mother"), silence(300));
        try (Harness h = new Harness(8)) {
            List<CommandAudio> all = pieces("wake-3", pcm);
            h.feed(all.subList(0, 2));
            assertEquals(1, h.function.openUtterances());
            h.feed(all.subList(3, all.size())); // piece 2 never came
            assertEquals(0, h.function.openUtterances());
            assertEquals(1, h.function.abandonedUtteranceCount());
            h.feed(segment("wake-3", 0, pcm));
            assertEquals(1, h.function.wholeCommandCount());
            assertEquals(List.of("call", "my", "mother"), words(h.transcripts().get(0)));
        }
    }

    @Test
    void aCommandWithoutSpeechLetsItsRecogniserGoAndEmitsNothing() throws Exception {
        short[] quiet = silence(1_000);
        try (Harness h = new Harness(8)) {
            h.feed(pieces("wake-4", quiet));
            assertEquals(1, h.function.openUtterances());
            h.feed(CommandAudio.discarded("kitchen-1", "stream-a", "wake-4", 0, quiet.length));
            assertEquals(0, h.function.openUtterances());
            assertEquals(1, h.function.abandonedUtteranceCount());
            assertEquals(List.of(), h.transcripts());
            assertEquals(List.of(), h.rejected());
        }
    }

    @Test
    void commandsBeyondTheStreamingRecognisersAreDecodedWhenTheyEndAndBothComeOutRight() throws Exception {
        short[] garage = concat(silence(200), espeak("open the garage door"), silence(300));
        short[] time = concat(silence(200), espeak("what time is it"), silence(300));
        try (Harness h = new Harness(1)) {
            List<CommandAudio> a = pieces("wake-a", garage);
            List<CommandAudio> b = pieces("wake-b", time);
            // Two devices speaking at once, their pieces interleaved.
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                if (i < a.size()) h.feed(a.get(i));
                if (i < b.size()) h.feed(b.get(i));
            }
            assertEquals(1, h.function.openUtterances(), "one streaming recogniser");
            h.feed(segment("wake-b", 0, time), segment("wake-a", 0, garage));
            assertEquals(1, h.function.streamedCommandCount());
            assertEquals(1, h.function.wholeCommandCount());
            List<TranscriptEvent> out = h.transcripts();
            assertEquals("wake-b", out.get(0).getWakeEventId().toString());
            assertEquals("what time is it", out.get(0).getText().toString());
            assertEquals("open the garage door", out.get(1).getText().toString());
        }
    }

    @Test
    void recognisersAreAddedOneAtATimeSoABurstOfCommandsDoesNotMakeManyColdOnes() throws Exception {
        short[] garage = concat(silence(200), espeak("open the garage door"), silence(300));
        try (Harness h = new Harness(8)) {
            h.setTime(1_000);
            h.feed(pieces("wake-a", garage).get(0), pieces("wake-b", garage).get(0), pieces("wake-c", garage).get(0));
            assertEquals(2, h.function.openUtterances(), "the recogniser warmed at open, and one new one at a time");
            h.setTime(1_000 + StreamingTranscribeFunction.NEW_RECOGNIZER_EVERY_MS);
            h.feed(pieces("wake-d", garage).get(0));
            assertEquals(3, h.function.openUtterances(), "another new one once the interval passed");
            h.feed(pieces("wake-a", garage).subList(1, pieces("wake-a", garage).size()));
            h.feed(segment("wake-a", 0, garage));
            // wake-a's recogniser is free again: the next command takes it without waiting for the interval.
            h.feed(pieces("wake-e", garage).get(0));
            assertEquals(3, h.function.openUtterances());
            h.feed(segment("wake-c", 0, garage)); // began when no recogniser could be made: decoded whole
            assertEquals(1, h.function.streamedCommandCount());
            assertEquals(1, h.function.wholeCommandCount());
            for (TranscriptEvent e : h.transcripts()) assertEquals("open the garage door", e.getText().toString());
        }
    }

    @Test
    void aCommandWhosePiecesStopIsLetGoAfterAMinuteAndStillTranscribedIfItEnds() throws Exception {
        short[] pcm = concat(silence(200), espeak("turn on the kitchen lights"), silence(300));
        try (Harness h = new Harness(1)) {
            List<CommandAudio> all = pieces("wake-5", pcm);
            h.setTime(1_000);
            h.feed(all.subList(0, 3));
            // The device went quiet mid-command; a minute later another command needs the only recogniser.
            h.setTime(1_000 + StreamingTranscribeFunction.ABANDON_AFTER_MS);
            h.feed(pieces("wake-6", silence(200)).get(0));
            assertEquals(1, h.function.abandonedUtteranceCount());
            assertEquals(1, h.function.openUtterances(), "the recogniser went to the new command");
            // The first device comes back and its command ends after all.
            h.feed(all.subList(3, all.size()));
            h.feed(segment("wake-5", 0, pcm));
            assertEquals(1, h.function.wholeCommandCount());
            assertTrue(h.transcripts().get(0).getText().toString().contains("kitchen lights"), h.transcripts().toString());
        }
    }

    @Test
    void aSegmentOverTheLimitIsRejectedAndItsRecogniserFreed() throws Exception {
        short[] tooLong = silence(31_000);
        try (Harness h = new Harness(8)) {
            h.feed(pieces("wake-7", tooLong).subList(0, 5));
            h.feed(segment("wake-7", 0, tooLong));
            assertEquals(0, h.function.openUtterances());
            assertEquals(List.of(), h.transcripts());
            assertEquals(1, h.rejected().size());
            assertTrue(h.rejected().get(0).reason().contains("over the 30000 ms limit"), h.rejected().get(0).reason());
        }
    }
}
