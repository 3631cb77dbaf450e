package io.wakestream.pipeline;

/**
 * What {@link WakeWordOperator} emits on its main output: a wake event, or the command audio that followed it
 * ({@link CommandEvent}). Sealed so a downstream operator (Kafka sink, Vosk) can switch over it exhaustively.
 */
public sealed interface PipelineEvent permits WakeDetected, CommandEvent {
    String deviceId();
}
