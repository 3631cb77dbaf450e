package io.wakestream.pipeline;

import io.wakestream.schemas.WakeEvent;

/** The wake phrase was heard; carries the Avro {@link WakeEvent} that goes to Kafka as it is. */
public record WakeDetected(WakeEvent event) implements PipelineEvent {
    @Override
    public String deviceId() {
        return event.getDeviceId().toString();
    }
}
