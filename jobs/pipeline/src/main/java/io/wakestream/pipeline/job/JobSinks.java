package io.wakestream.pipeline.job;

import io.wakestream.schemas.DeadLetter;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.WakeEvent;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the job's three outputs go. {@code io.wakestream.pipeline.kafka.KafkaEventSinks} makes the Kafka ones;
 * tests can pass any other {@link Sink}.
 *
 * @param wakeEvents one {@link WakeEvent} per detection
 * @param transcripts what the transcription stage produces
 * @param deadLetters every record the job could not use, from the source and from the wake-word operator
 */
public record JobSinks(Sink<WakeEvent> wakeEvents, Sink<TranscriptEvent> transcripts, Sink<DeadLetter> deadLetters) {
    public JobSinks {
        if (wakeEvents == null || transcripts == null || deadLetters == null) {
            throw new IllegalArgumentException("all three sinks must be set");
        }
    }
}
