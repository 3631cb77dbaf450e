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
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcribes each {@link CommandSegment} with Vosk into a {@link TranscriptEvent}. Stateless, so it need not be
 * keyed: the job can rebalance segments across subtasks (decoding costs far more CPU than wake-word scoring).
 *
 * <ul>
 *   <li><b>Model:</b> loaded in {@link #open} through {@link io.wakestream.pipeline.transcribe.VoskModels}, once per
 *       TaskManager JVM and shared by all its subtasks; a missing or wrong folder fails {@code open} with a message
 *       naming the folder and what is missing.
 *   <li><b>Recognisers:</b> from the TaskManager's pool ({@link SpeechTranscriber#shared}), shared by its
 *       transcription subtasks, which keeps them warm (a new recogniser per segment would be several times slower;
 *       see SpeechTranscriber).
 *   <li><b>Failures:</b> a segment that cannot be transcribed (malformed, too long, Vosk failed on it) goes to the
 *       side output {@link #REJECTED} with the reason, and the next segment is processed as usual. No transcript is
 *       emitted for it: a consumer of transcripts only ever sees what was actually recognised.
 *   <li><b>Ids:</b> {@code eventId} is a name-based UUID of the wake event id (one command segment per wake
 *       event), so a replay after a failure emits the same id and a consumer can deduplicate.
 *   <li><b>Times:</b> word times are in the stream's audio timeline ({@code audioStartMs} of the segment plus the
 *       time within it), like the segment's and the wake event's.
 * </ul>
 */
public class TranscribeFunction extends ProcessFunction<CommandSegment, TranscriptEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TranscribeFunction.class);
    /** Segments that were not transcribed. */
    public static final OutputTag<RejectedSegment> REJECTED = new OutputTag<>("rejected-segments") {};

    private final TranscriberConfig config;

    private transient SpeechTranscriber transcriber;
    private transient Counter transcripts;
    private transient Counter emptyTranscripts;
    private transient Counter rejected;
    private transient Counter decodeMillis;

    public TranscribeFunction(TranscriberConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        transcriber = SpeechTranscriber.shared(Path.of(config.voskModelDir()));
        var metrics = getRuntimeContext().getMetricGroup();
        transcripts = metrics.counter("transcripts");
        emptyTranscripts = metrics.counter("emptyTranscripts");
        rejected = metrics.counter("rejectedSegments");
        decodeMillis = metrics.counter("decodeMillis");
        LOG.info("Transcribing command segments with the Vosk model {} (segments over {} ms are rejected)",
                config.voskModelDir(), config.maxSegmentMs());
    }

    @Override
    public void processElement(CommandSegment segment, Context ctx, Collector<TranscriptEvent> out) {
        String problem = problem(segment, config.maxSegmentMs());
        if (problem != null) {
            reject(segment, problem, null, ctx);
            return;
        }
        TranscriptEvent event;
        try {
            long start = System.nanoTime();
            Transcript transcript = transcriber.transcribe(segment.pcm());
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            decodeMillis.inc(tookMs);
            event = toEvent(segment, transcript);
            LOG.debug("Transcribed {} ms of device {} (wake {}) in {} ms: \"{}\"", segment.audioEndMs() - segment.audioStartMs(),
                    segment.deviceId(), segment.wakeEventId(), tookMs, transcript.text());
        } catch (TranscriptionException | RuntimeException e) {
            // One segment's failure must not restart the job (and replay every device's audio); it is reported instead.
            reject(segment, "transcription failed: " + e.getMessage(), e, ctx);
            return;
        }
        transcripts.inc();
        if (event.getWords().isEmpty()) emptyTranscripts.inc();
        out.collect(event);
    }

    @Override
    public void close() throws Exception {
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

    private void reject(CommandSegment s, String reason, Throwable cause, Context ctx) {
        rejected.inc();
        ctx.output(REJECTED, rejection(s, reason, cause, ctx.timerService().currentProcessingTime()));
    }

    /** Logs why a segment is not transcribed and makes its {@link RejectedSegment}. */
    static RejectedSegment rejection(CommandSegment s, String reason, Throwable cause, long now) {
        // The stack trace only for failures inside the recogniser; a malformed segment is explained by the reason.
        if (cause != null) {
            LOG.warn("Rejected the command segment of device {} after wake event {}: {}", s.deviceId(), s.wakeEventId(), reason, cause);
        } else {
            LOG.warn("Rejected the command segment of device {} after wake event {}: {}", s.deviceId(), s.wakeEventId(), reason);
        }
        return new RejectedSegment(s.deviceId(), s.streamId(), s.wakeEventId(), s.audioStartMs(), s.audioEndMs(), reason, now);
    }
}
