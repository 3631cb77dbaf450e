package io.wakestream.pipeline;

/**
 * A chunk the operator could not use (side output {@link WakeWordOperator#REJECTED}). The Kafka wiring turns it
 * into a {@code DeadLetter} with the record's topic, partition and offset, which this operator does not know.
 *
 * @param deviceId the device (the key)
 * @param streamId the chunk's stream
 * @param sequence the chunk's sequence
 * @param reason why, readable by a person
 * @param rejectedAtMs processing time of the rejection
 */
public record RejectedChunk(String deviceId, String streamId, long sequence, String reason, long rejectedAtMs) {}
