package io.wakestream.runner;

import io.wakestream.schemas.PartialTranscript;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.WakeEvent;

/**
 * What the pipeline published that a user of {@code demo} and {@code replay} sees: a wake event, a transcript, or (when
 * asked for) a partial transcript.
 */
public sealed interface PipelineOutput {
    String deviceId();

    /** A wake event as read back from the wake-events topic. */
    record Wake(WakeEvent event) implements PipelineOutput {
        @Override
        public String deviceId() {
            return event.getDeviceId().toString();
        }
    }

    /** What the recogniser had heard so far of a command, as read back from the partial-transcripts topic. */
    record Partial(PartialTranscript event) implements PipelineOutput {
        @Override
        public String deviceId() {
            return event.getDeviceId().toString();
        }
    }

    /** A transcript as read back from the transcripts topic. */
    record Transcript(TranscriptEvent event) implements PipelineOutput {
        @Override
        public String deviceId() {
            return event.getDeviceId().toString();
        }
    }
}
