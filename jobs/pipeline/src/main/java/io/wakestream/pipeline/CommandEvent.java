package io.wakestream.pipeline;

/**
 * What the wake-word operator says about a command: its audio while it is being spoken ({@link CommandAudio}, only
 * when the transcription stage asks for it) and the whole command once it has ended ({@link CommandSegment}). Both
 * travel on one stream, keyed by {@link #wakeEventId()}, so a command's pieces reach the recogniser in order and
 * before its segment.
 */
public sealed interface CommandEvent extends PipelineEvent permits CommandAudio, CommandSegment {
    /** The wake event the command follows; one command per wake event. */
    String wakeEventId();
}
