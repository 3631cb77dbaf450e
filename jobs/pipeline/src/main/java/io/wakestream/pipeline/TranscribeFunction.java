package io.wakestream.pipeline;

import io.wakestream.pipeline.transcribe.RecognizedWord;
import io.wakestream.pipeline.transcribe.SpeechTranscriber;
import io.wakestream.pipeline.transcribe.Transcript;
import io.wakestream.pipeline.transcribe.TranscriptionException;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.Word;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
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
 * Transcribes each {@link CommandSegment} with Vosk into a {@link TranscriptEvent}, on a thread of its own. Stateless,
 * so it need not be keyed: the job can rebalance segments across subtasks (decoding costs far more CPU than wake-word
 * scoring).
 *
 * <ul>
 *   <li><b>Asynchronous, so a slow decode does not stall wake detection.</b> Run in Flink's asynchronous operator
 *       ({@link #apply}): each subtask decodes one segment at a time on its own decoding thread while up to
 *       {@link #QUEUE_CAPACITY} more wait in the operator. Decoded on the task's thread (as until 2026-12-07), a slow
 *       decode (0.1-0.5 s for a command, up to 2.5 s on a recogniser that is still cold after a start) made the
 *       segments behind it fill the few network buffers between the wake-word operator and this one, and the
 *       wake-word operator then waited for room for every device: on the 100-device bench, wake events in the first
 *       40 s of a run came up to a second late. Only a backlog of more than {@link #QUEUE_CAPACITY} segments pushes
 *       back now. The waiting segments are in the operator's checkpoints, so none is lost on a restart.
 *   <li><b>Model:</b> loaded in {@link #open} through {@link io.wakestream.pipeline.transcribe.VoskModels}, once per
 *       TaskManager JVM and shared by all its subtasks; a missing or wrong folder fails {@code open} with a message
 *       naming the folder and what is missing.
 *   <li><b>Recognisers:</b> from the TaskManager's pool ({@link SpeechTranscriber#shared}), shared by its
 *       transcription subtasks, which keeps them warm (a new recogniser per segment would be several times slower;
 *       see SpeechTranscriber). At {@link #open} the decoding thread first warms one on bundled speech
 *       ({@link SpeechTranscriber#warmUp}), so the first commands after a start are not decoded cold.
 *   <li><b>Failures:</b> a segment that cannot be transcribed (malformed, too long, Vosk failed on it, or still not
 *       decoded after {@link #TIMEOUT_MS}) becomes a {@link TranscriptionOutcome.NotTranscribed} with the reason,
 *       which {@link TranscriptionOutcomes} puts on the side output {@link #REJECTED}, and the next segment is
 *       processed as usual. No transcript is emitted for it: a consumer of transcripts only ever sees what was
 *       actually recognised.
 *   <li><b>Ids:</b> {@code eventId} is a name-based UUID of the wake event id (one command segment per wake
 *       event), so a replay after a failure emits the same id and a consumer can deduplicate.
 *   <li><b>Times:</b> word times are in the stream's audio timeline ({@code audioStartMs} of the segment plus the
 *       time within it), like the segment's and the wake event's.
 * </ul>
 */
public class TranscribeFunction extends RichAsyncFunction<CommandSegment, TranscriptionOutcome> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TranscribeFunction.class);
    /** Segments that were not transcribed. */
    public static final OutputTag<RejectedSegment> REJECTED = new OutputTag<>("rejected-segments") {};
    /**
     * Segments a subtask holds while one is decoded: 100 commands of 3-8 s are 10-25 MB of heap (and of checkpoint,
     * while they wait), and at 0.1-0.2 s a decode about 10-20 s of backlog before the wake-word operator waits.
     */
    public static final int QUEUE_CAPACITY = 100;
    /** A segment still not transcribed this long after it arrived is given up (a stuck decoder, not a busy one). */
    public static final long TIMEOUT_MS = 10 * 60_000L;
    /** The reason given for a segment that timed out. */
    static final String TIMED_OUT = "not transcribed within " + TIMEOUT_MS / 1000 + " s (the decoder is stuck or far behind)";

    private final TranscriberConfig config;

    private transient SpeechTranscriber transcriber;
    private transient DecoderThread decoder;
    private transient Counter transcripts;
    private transient Counter emptyTranscripts;
    private transient Counter rejected;
    private transient Counter decodeMillis;

    public TranscribeFunction(TranscriberConfig config) {
        this.config = config;
    }

    /**
     * The transcription operator on {@code segments}: this function in Flink's asynchronous operator (unordered:
     * commands are independent), its outcomes split into transcripts and {@link #REJECTED}.
     */
    public static SingleOutputStreamOperator<TranscriptEvent> apply(DataStream<CommandSegment> segments, TranscriberConfig config,
            String name, String uid) {
        return TranscriptionOutcomes.afterAsync(segments, new TranscribeFunction(config), QUEUE_CAPACITY, config, name, uid);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        transcriber = SpeechTranscriber.shared(Path.of(config.voskModelDir()));
        var metrics = getRuntimeContext().getMetricGroup();
        // Counted on the decoding thread and on the task's: thread-safe counters.
        transcripts = metrics.counter("transcripts", new ThreadSafeSimpleCounter());
        emptyTranscripts = metrics.counter("emptyTranscripts", new ThreadSafeSimpleCounter());
        rejected = metrics.counter("rejectedSegments", new ThreadSafeSimpleCounter());
        decodeMillis = metrics.counter("decodeMillis", new ThreadSafeSimpleCounter());
        decoder = new DecoderThread(getRuntimeContext().getTaskInfo());
        decoder.warmUp(transcriber);
        metrics.gauge("segmentsWaitingOrDecoding", () -> decoder.pending());
        LOG.info("Transcribing command segments with the Vosk model {} on thread '{}' (segments over {} ms are rejected;"
                + " up to {} wait while one is decoded)", config.voskModelDir(), decoder.name(), config.maxSegmentMs(), QUEUE_CAPACITY);
    }

    @Override
    public void asyncInvoke(CommandSegment segment, ResultFuture<TranscriptionOutcome> result) {
        String problem = problem(segment, config.maxSegmentMs());
        if (problem != null) {
            reject(segment, problem, null, result);
            return;
        }
        decoder.submit(result, () -> decode(segment, result));
    }

    private void decode(CommandSegment segment, ResultFuture<TranscriptionOutcome> result) {
        try {
            long start = System.nanoTime();
            Transcript transcript = transcriber.transcribe(segment.pcm());
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            decodeMillis.inc(tookMs);
            TranscriptEvent event = toEvent(segment, transcript);
            LOG.debug("Transcribed {} ms of device {} (wake {}) in {} ms: \"{}\"", segment.audioEndMs() - segment.audioStartMs(),
                    segment.deviceId(), segment.wakeEventId(), tookMs, transcript.text());
            transcripts.inc();
            if (event.getWords().isEmpty()) emptyTranscripts.inc();
            result.complete(List.of(new TranscriptionOutcome.Transcribed(event)));
        } catch (TranscriptionException | RuntimeException e) {
            // One segment's failure must not restart the job (and replay every device's audio); it is reported instead.
            reject(segment, "transcription failed: " + e.getMessage(), e, result);
        }
    }

    @Override
    public void timeout(CommandSegment segment, ResultFuture<TranscriptionOutcome> result) {
        decoder.cancel(result); // still waiting: never decoded; already decoding: finishes unheard
        reject(segment, TIMED_OUT, null, result);
    }

    @Override
    public void close() throws Exception {
        if (decoder != null) decoder.close();
        if (transcriber != null) transcriber.close();
    }

    /** Why a segment cannot be transcribed, or null if it can. */
    static String problem(CommandSegment s, int maxSegmentMs) {
        if (s.deviceId() == null || s.deviceId().isEmpty()) return "no device id";
        if (s.streamId() == null || s.streamId().isEmpty()) return "no stream id";
        if (s.wakeEventId() == null || s.wakeEventId().isEmpty()) return "no wake event id";
        if (s.pcm() == null) return "no audio";
        if (s.audioEndMs() < s.audioStartMs()) return "audio ends (" + s.audioEndMs() + " ms) before it starts (" + s.audioStartMs() + " ms)";
        long ms = (long) s.pcm().length * 1000 / SpeechTranscriber.SAMPLE_RATE;
        if (ms > maxSegmentMs) return ms + " ms of audio, over the " + maxSegmentMs + " ms limit";
        return null;
    }

    static String eventId(String wakeEventId) {
        return UUID.nameUUIDFromBytes(("transcript|" + wakeEventId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static TranscriptEvent toEvent(CommandSegment s, Transcript t) {
        List<Word> words = new ArrayList<>(t.words().size());
        for (RecognizedWord w : t.words()) {
            words.add(Word.newBuilder().setWord(w.word()).setStartMs(s.audioStartMs() + w.startMs())
                    .setEndMs(s.audioStartMs() + w.endMs()).setConfidence(w.confidence()).build());
        }
        return TranscriptEvent.newBuilder()
                .setEventId(eventId(s.wakeEventId()))
                .setWakeEventId(s.wakeEventId())
                .setDeviceId(s.deviceId())
                .setStreamId(s.streamId())
                .setText(t.text())
                .setWords(words)
                .setAudioStartMs(s.audioStartMs())
                .setAudioEndMs(s.audioEndMs())
                .build();
    }

    private void reject(CommandSegment s, String reason, Throwable cause, ResultFuture<TranscriptionOutcome> result) {
        rejected.inc();
        result.complete(List.of(notTranscribed(s, reason, cause)));
    }

    /** Logs why a segment is not transcribed and makes its outcome, rejected now. */
    static TranscriptionOutcome.NotTranscribed notTranscribed(CommandSegment s, String reason, Throwable cause) {
        // The stack trace only for failures inside the recogniser; a malformed segment is explained by the reason.
        if (cause != null) {
            LOG.warn("Rejected the command segment of device {} after wake event {}: {}", s.deviceId(), s.wakeEventId(), reason, cause);
        } else {
            LOG.warn("Rejected the command segment of device {} after wake event {}: {}", s.deviceId(), s.wakeEventId(), reason);
        }
        return new TranscriptionOutcome.NotTranscribed(new RejectedSegment(s.deviceId(), s.streamId(), s.wakeEventId(),
                s.audioStartMs(), s.audioEndMs(), reason, System.currentTimeMillis()));
    }
}
