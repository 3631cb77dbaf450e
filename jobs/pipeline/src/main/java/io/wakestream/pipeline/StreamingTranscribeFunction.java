package io.wakestream.pipeline;

import io.wakestream.pipeline.transcribe.SpeechTranscriber;
import io.wakestream.pipeline.transcribe.Transcript;
import io.wakestream.pipeline.transcribe.TranscriptionException;
import io.wakestream.pipeline.types.PipelineTypes;
import io.wakestream.schemas.PartialTranscript;
import io.wakestream.schemas.TranscriptEvent;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcribes commands with Vosk <em>while they are spoken</em>: each {@link CommandAudio} piece is decoded as it
 * arrives, on a recogniser held for that command, so when the command's {@link CommandSegment} comes (its end) only
 * the last frames and the word alignment are left (about 15 ms for a 3.5 s command here, against about 110 ms to
 * decode it whole on a warm recogniser). Keyed by wake event id, so a command's pieces and its segment arrive in
 * order at one subtask.
 *
 * <ul>
 *   <li><b>Asynchronous, as {@link TranscribeFunction}:</b> in Flink's asynchronous operator ({@link #apply}), every
 *       piece and segment is handed to the subtask's one decoding thread, which handles them in the order they came
 *       (so a command's pieces stay in order) while up to {@link #QUEUE_CAPACITY} more wait. A cold recogniser's
 *       slow first pieces hold up only the decodes behind them, not the task thread, and through backpressure not
 *       the wake-word operator. All of this function's own state is confined to that thread.
 *   <li><b>Recognisers:</b> from the TaskManager's {@link SpeechTranscriber#shared} pool, one per command being
 *       spoken, at most {@link TranscriberConfig#streamingRecognizers()} at once per subtask (each costs native
 *       memory), and a subtask adds at most one new recogniser every {@link #NEW_RECOGNIZER_EVERY_MS}. A command that
 *       starts when none is free is decoded whole when its segment arrives, as {@link TranscribeFunction} does.
 *   <li><b>Nothing of this is Flink state.</b> A recogniser cannot be checkpointed, and need not be: the segment
 *       carries the whole command. After a restore (or any break in a command's pieces: a piece that does not start
 *       where the previous one ended) the command is decoded whole from its segment. So the transcript never depends
 *       on which pieces were seen, only its latency does.
 *   <li><b>Ends:</b> the segment (speech: transcribe), a {@linkplain CommandAudio#discarded() discarded} marker (no
 *       speech: the recogniser is released), or, as a safety net, no piece for {@link #ABANDON_AFTER_MS} (the
 *       recogniser is released; a segment that still comes is decoded whole).
 *   <li><b>Partial results</b> (with {@link TranscriberConfig#partialTranscripts()}): after each piece, what the
 *       recogniser has heard so far goes to the side output {@link #PARTIALS} when it changed, numbered per command.
 *       Best effort: a command decoded whole (no recogniser free as it started, or cut by a restore) has none or
 *       only those from before the restore.
 *   <li><b>Failures</b> and <b>ids</b> as in {@link TranscribeFunction}: a segment Vosk fails on goes to
 *       {@link TranscribeFunction#REJECTED}; the transcript's id is derived from the wake event id.
 * </ul>
 */
public class StreamingTranscribeFunction extends RichAsyncFunction<CommandEvent, TranscriptionOutcome> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(StreamingTranscribeFunction.class);
    /** What the recogniser has heard so far of each command, when {@link TranscriberConfig#partialTranscripts()}. */
    public static final OutputTag<PartialTranscript> PARTIALS =
            new OutputTag<>("partial-transcripts", PipelineTypes.PARTIAL_TRANSCRIPT);
    /** A command with no piece for this long (processing time) lets its recogniser go. */
    static final long ABANDON_AFTER_MS = 60_000;
    /**
     * At most one new recogniser per this much processing time. A new recogniser is cold: its first tens of seconds
     * of audio cost about 2.6 times a warm one's (1.7 s against 0.65 s of wall time for 27 s of audio here), and
     * several made at once (the first commands after a start, a burst) stalled this subtask's decoding for over a
     * second (and, before decoding had a thread of its own, the wake-word operator through backpressure: wake latency
     * 1.7 s for a few seconds in a bench).
     */
    static final long NEW_RECOGNIZER_EVERY_MS = 5_000;
    /**
     * Pieces and segments a subtask holds while one is decoded: pieces are 100 ms (3.2 KB), a piece decodes in a few
     * ms, so 1,000 are about a second or two of backlog at 100 devices and a few MB.
     */
    public static final int QUEUE_CAPACITY = 1_000;

    private final TranscriberConfig config;

    /** Processing time; set in tests, else the wall clock (read on the decoding thread). */
    private transient LongSupplier clock;
    private transient DecoderThread decoder;
    private transient SpeechTranscriber transcriber;
    /** The commands being decoded, by wake event id, oldest first. Only the decoding thread touches it. */
    private transient Map<String, OpenCommand> open;
    private transient long lastRecognizerMadeMs;
    private transient long decodeNanos;
    private transient Counter transcripts;
    private transient Counter emptyTranscripts;
    private transient Counter rejected;
    private transient Counter decodeMillis;
    private transient Counter finishMillis;
    private transient Counter streamedCommands;
    private transient Counter wholeCommands;
    private transient Counter abandonedUtterances;
    private transient Counter partialTranscripts;

    public StreamingTranscribeFunction(TranscriberConfig config) {
        if (config.streamingRecognizers() < 1) {
            throw new IllegalArgumentException("streaming transcription needs at least one streaming recogniser");
        }
        this.config = config;
    }

    /** With a clock of the test's (processing time in ms). */
    StreamingTranscribeFunction(TranscriberConfig config, LongSupplier clock) {
        this(config);
        this.clock = clock;
    }

    /**
     * The streaming transcription operator on the wake-word operator's command events: keyed by wake event id (a
     * command's pieces and its segment reach one subtask in order, and commands spread over the subtasks), this
     * function in Flink's asynchronous operator, its outcomes split into transcripts, {@link
     * TranscribeFunction#REJECTED} and {@link #PARTIALS}.
     */
    public static SingleOutputStreamOperator<TranscriptEvent> apply(DataStream<CommandEvent> commandEvents, TranscriberConfig config,
            String name, String uid) {
        return TranscriptionOutcomes.afterAsync(commandEvents.keyBy(CommandEvent::wakeEventId, Types.STRING),
                new StreamingTranscribeFunction(config), QUEUE_CAPACITY, config, name, uid);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        if (clock == null) clock = System::currentTimeMillis;
        transcriber = SpeechTranscriber.shared(Path.of(config.voskModelDir()));
        open = new LinkedHashMap<>();
        lastRecognizerMadeMs = Long.MIN_VALUE / 2;
        var metrics = getRuntimeContext().getMetricGroup();
        // Counted on the decoding thread, rejections also on the task's: thread-safe counters.
        transcripts = metrics.counter("transcripts", new ThreadSafeSimpleCounter());
        emptyTranscripts = metrics.counter("emptyTranscripts", new ThreadSafeSimpleCounter());
        rejected = metrics.counter("rejectedSegments", new ThreadSafeSimpleCounter());
        decodeMillis = metrics.counter("decodeMillis", new ThreadSafeSimpleCounter());
        finishMillis = metrics.counter("finishMillis", new ThreadSafeSimpleCounter());
        streamedCommands = metrics.counter("streamedCommands", new ThreadSafeSimpleCounter());
        wholeCommands = metrics.counter("wholeCommands", new ThreadSafeSimpleCounter());
        abandonedUtterances = metrics.counter("abandonedUtterances", new ThreadSafeSimpleCounter());
        partialTranscripts = metrics.counter("partialTranscripts", new ThreadSafeSimpleCounter());
        decoder = new DecoderThread(getRuntimeContext().getTaskInfo());
        decoder.warmUp(transcriber); // one recogniser; the rest are made (cold) as commands need them
        // Read from the metrics thread: a map's size, racy but harmless for a gauge.
        metrics.gauge("openUtterances", () -> open.size());
        metrics.gauge("eventsWaitingOrDecoding", () -> decoder.pending());
        LOG.info("Transcribing commands with the Vosk model {} while they are spoken, on thread '{}' (up to {} at once per"
                + " subtask; segments over {} ms are rejected)", config.voskModelDir(), decoder.name(),
                config.streamingRecognizers(), config.maxSegmentMs());
    }

    @Override
    public void asyncInvoke(CommandEvent event, ResultFuture<TranscriptionOutcome> result) {
        decoder.submit(result, () -> handle(event, result));
    }

    /** On the decoding thread: one piece or segment, in the order they came. */
    private void handle(CommandEvent event, ResultFuture<TranscriptionOutcome> result) {
        long now = clock.getAsLong();
        try {
            abandonStale(now);
            TranscriptionOutcome outcome = event instanceof CommandAudio audio ? accept(audio, now) : end((CommandSegment) event);
            result.complete(outcome == null ? List.of() : List.of(outcome));
        } catch (RuntimeException e) {
            // Whatever went wrong with one command must not fail the job or leave its element waiting for the timeout.
            if (event instanceof CommandSegment segment) {
                result.complete(List.of(reject(segment, "transcription failed: " + e, e)));
            } else {
                LOG.warn("Could not decode a piece of the command after wake event {} (it will be decoded when it ends)",
                        event.wakeEventId(), e);
                result.complete(List.of());
            }
        }
    }

    @Override
    public void timeout(CommandEvent event, ResultFuture<TranscriptionOutcome> result) {
        decoder.cancel(result);
        // A piece that timed out leaves a gap: its command is then decoded whole from its segment.
        result.complete(event instanceof CommandSegment segment
                ? List.of(reject(segment, TranscribeFunction.TIMED_OUT, null)) : List.of());
    }

    /** A piece of a command being spoken; returns its partial transcript, if one is published. */
    private TranscriptionOutcome accept(CommandAudio audio, long now) {
        String id = audio.wakeEventId();
        OpenCommand command = open.get(id);
        if (audio.discarded()) {
            if (command != null) abandon(id, "it had no speech");
            return null;
        }
        if (command == null) {
            // Not its first piece: its start was missed (a restore, or all recognisers were busy then). Its segment
            // is decoded whole.
            if (audio.offsetSamples() != 0 || open.size() >= config.streamingRecognizers()) return null;
            // No idle recogniser and one was made lately: decoded whole too, rather than a burst of cold ones.
            if (transcriber.idleRecognizers() == 0 && now - lastRecognizerMadeMs < NEW_RECOGNIZER_EVERY_MS) return null;
            long made = transcriber.recognizersCreated();
            try {
                command = new OpenCommand(transcriber.startUtterance());
            } catch (TranscriptionException e) {
                LOG.warn("No recogniser for the command after wake event {} (it will be decoded when it ends): {}", id, e.getMessage());
                return null;
            }
            if (transcriber.recognizersCreated() > made) lastRecognizerMadeMs = now;
            command.lastPieceMs = now;
            open.put(id, command);
        }
        if (audio.offsetSamples() != command.utterance.samples()) {
            abandon(id, "a piece starts at sample " + audio.offsetSamples() + " where " + command.utterance.samples()
                    + " were decoded");
            return null;
        }
        long start = System.nanoTime();
        try {
            command.utterance.accept(audio.pcm(), 0, audio.pcm().length);
            command.lastPieceMs = now;
            return config.partialTranscripts() ? partial(audio, command) : null;
        } catch (TranscriptionException e) {
            open.remove(id).utterance.close(); // gives its recogniser back, unless Vosk's failure discarded it already
            LOG.warn("Vosk failed on a piece of the command after wake event {} (it will be decoded when it ends): {}", id, e.getMessage());
            return null;
        } finally {
            countDecode(System.nanoTime() - start);
        }
    }

    /** What the recogniser has heard so far, if it heard something new; else null. */
    private TranscriptionOutcome partial(CommandAudio audio, OpenCommand command) throws TranscriptionException {
        String text = command.utterance.partialText();
        if (text.isEmpty() || text.equals(command.lastPartial)) return null;
        command.lastPartial = text;
        long decodedMs = (audio.offsetSamples() + audio.pcm().length) * 1000 / SpeechTranscriber.SAMPLE_RATE;
        PartialTranscript partial = PartialTranscript.newBuilder()
                .setWakeEventId(audio.wakeEventId())
                .setDeviceId(audio.deviceId())
                .setStreamId(audio.streamId())
                .setSequence(command.partials++)
                .setText(text)
                .setAudioStartMs(audio.commandStartMs())
                .setAudioEndMs(audio.commandStartMs() + decodedMs)
                .build();
        partialTranscripts.inc();
        return new TranscriptionOutcome.Partial(partial);
    }

    /** A command's segment (its end): its transcript, or why it has none. */
    private TranscriptionOutcome end(CommandSegment segment) {
        OpenCommand command = open.remove(segment.wakeEventId());
        String problem = TranscribeFunction.problem(segment, config.maxSegmentMs());
        if (problem != null) {
            if (command != null) command.utterance.close();
            return reject(segment, problem, null);
        }
        short[] pcm = segment.pcm();
        if (command != null && command.utterance.samples() > pcm.length) {
            // Cannot happen with the wake-word operator's pieces (they are the segment's audio); not trusted either.
            command.utterance.close();
            command = null;
        }
        TranscriptEvent event;
        long start = System.nanoTime();
        try {
            Transcript transcript;
            if (command != null) {
                int fed = command.utterance.samples();
                command.utterance.accept(pcm, fed, pcm.length - fed);
                transcript = command.utterance.finish();
                streamedCommands.inc();
            } else {
                transcript = transcriber.transcribe(pcm);
                wholeCommands.inc();
            }
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            finishMillis.inc(tookMs);
            event = TranscribeFunction.toEvent(segment, transcript);
            LOG.debug("Transcribed {} ms of device {} (wake {}, {}) {} ms after its end: \"{}\"",
                    segment.audioEndMs() - segment.audioStartMs(), segment.deviceId(), segment.wakeEventId(),
                    command != null ? "decoded while spoken" : "decoded whole", tookMs, transcript.text());
        } catch (TranscriptionException | RuntimeException e) {
            if (command != null) command.utterance.close();
            return reject(segment, "transcription failed: " + e.getMessage(), e);
        } finally {
            countDecode(System.nanoTime() - start);
        }
        transcripts.inc();
        if (event.getWords().isEmpty()) emptyTranscripts.inc();
        return new TranscriptionOutcome.Transcribed(event);
    }

    /** Adds to {@code decodeMillis}, carrying the sub-millisecond rest (a piece decodes in a few ms). */
    private void countDecode(long nanos) {
        decodeNanos += nanos;
        long ms = decodeNanos / 1_000_000;
        decodeMillis.inc(ms);
        decodeNanos -= ms * 1_000_000;
    }

    /** Lets go of commands whose pieces stopped coming (their device went quiet without the command ending). */
    private void abandonStale(long now) {
        for (Iterator<Map.Entry<String, OpenCommand>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, OpenCommand> e = it.next();
            if (now - e.getValue().lastPieceMs < ABANDON_AFTER_MS) continue;
            it.remove();
            e.getValue().utterance.close();
            abandonedUtterances.inc();
            LOG.info("Let go of the recogniser of the command after wake event {}: no audio for {} ms (if it ends, "
                    + "it is decoded whole)", e.getKey(), now - e.getValue().lastPieceMs);
        }
    }

    private void abandon(String wakeEventId, String why) {
        OpenCommand command = open.remove(wakeEventId);
        command.utterance.close();
        abandonedUtterances.inc();
        LOG.debug("Stopped decoding the command after wake event {} while spoken: {}", wakeEventId, why);
    }

    private TranscriptionOutcome reject(CommandSegment s, String reason, Throwable cause) {
        rejected.inc();
        return TranscribeFunction.notTranscribed(s, reason, cause);
    }

    @Override
    public void close() throws Exception {
        if (streamedCommands != null) {
            LOG.info("Transcription subtask closing: {} commands decoded while spoken, {} decoded whole, {} decodes "
                    + "abandoned, {} segments rejected; {} recognisers made", streamedCommands.getCount(),
                    wholeCommands.getCount(), abandonedUtterances.getCount(), rejected.getCount(),
                    transcriber == null ? 0 : transcriber.recognizersCreated());
        }
        // The open commands' recognisers are the decoding thread's: let it stop first (a decode in native code cannot
        // be interrupted; if it does not end in time, its recogniser goes with the process).
        boolean stopped = decoder == null || decoder.shutdown(5_000);
        if (open != null && stopped) {
            for (OpenCommand c : open.values()) c.utterance.close();
            open.clear();
        } else if (open != null) {
            LOG.warn("The decoding thread {} did not stop within 5 s; {} open commands' recognisers are left to it", decoder.name(), open.size());
        }
        if (transcriber != null) transcriber.close();
    }

    /** Waits until everything handed to the decoding thread so far has been handled (tests). */
    void awaitDecoded() throws Exception {
        decoder.awaitIdle();
    }

    /** Commands being decoded (for tests, after {@link #awaitDecoded}). */
    int openUtterances() {
        return open.size();
    }

    long streamedCommandCount() { return streamedCommands.getCount(); }
    long wholeCommandCount() { return wholeCommands.getCount(); }
    long abandonedUtteranceCount() { return abandonedUtterances.getCount(); }
    long partialTranscriptCount() { return partialTranscripts.getCount(); }

    private static final class OpenCommand {
        final SpeechTranscriber.Utterance utterance;
        long lastPieceMs;
        String lastPartial = "";
        int partials;

        OpenCommand(SpeechTranscriber.Utterance utterance) {
            this.utterance = utterance;
        }
    }
}
