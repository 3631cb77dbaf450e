package io.wakestream.pipeline.job;

import io.wakestream.schemas.DeadLetter;
import io.wakestream.schemas.PartialTranscript;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.WakeEvent;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the job's outputs go. {@code io.wakestream.pipeline.kafka.KafkaEventSinks} makes the Kafka ones; tests can
 * pass any other {@link Sink}.
 *
 * @param wakeEvents one {@link WakeEvent} per detection
 * @param transcripts what the transcription stage produces
 * @param deadLetters every record the job could not use, from the source and from the wake-word operator, and every
 *     command the transcription stage could not transcribe
 * @param partialTranscripts what the transcription stage heard so far of commands still spoken, if it publishes
 *     that ({@link TranscriptionStage#partialTranscripts}); may be null otherwise
 */
public record JobSinks(Sink<WakeEvent> wakeEvents, Sink<TranscriptEvent> transcripts, Sink<DeadLetter> deadLetters,
        Sink<PartialTranscript> partialTranscripts) {
    public JobSinks {
        if (wakeEvents == null || transcripts == null || deadLetters == null) {
            throw new IllegalArgumentException("the wake-event, transcript and dead-letter sinks must be set");
        }
    }

    /** Without partial transcripts. */
    public JobSinks(Sink<WakeEvent> wakeEvents, Sink<TranscriptEvent> transcripts, Sink<DeadLetter> deadLetters) {
        this(wakeEvents, transcripts, deadLetters, null);
    }
}
