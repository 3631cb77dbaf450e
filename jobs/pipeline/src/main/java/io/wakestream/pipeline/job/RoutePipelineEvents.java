package io.wakestream.pipeline.job;

import io.wakestream.pipeline.CommandAudio;
import io.wakestream.pipeline.CommandEvent;
import io.wakestream.pipeline.CommandSegment;
import io.wakestream.pipeline.PipelineEvent;
import io.wakestream.pipeline.WakeDetected;
import io.wakestream.pipeline.types.PipelineTypes;
import io.wakestream.schemas.WakeEvent;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits the wake-word operator's output: wake events on the main output; finished command segments on
 * {@link #COMMANDS}; and segments together with the command audio sent while commands are spoken on
 * {@link #COMMAND_EVENTS}, in the order they were emitted (one stream, so a command's pieces stay ahead of its
 * segment).
 */
public final class RoutePipelineEvents extends ProcessFunction<PipelineEvent, WakeEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<CommandSegment> COMMANDS = new OutputTag<>("command-segments", PipelineTypes.COMMAND_SEGMENT);
    public static final OutputTag<CommandEvent> COMMAND_EVENTS = new OutputTag<>("command-events", PipelineTypes.COMMAND_EVENT);

    @Override
    public void processElement(PipelineEvent event, Context ctx, Collector<WakeEvent> out) {
        if (event instanceof WakeDetected wake) {
            out.collect(wake.event());
        } else if (event instanceof CommandSegment segment) {
            ctx.output(COMMANDS, segment);
            ctx.output(COMMAND_EVENTS, segment);
        } else {
            ctx.output(COMMAND_EVENTS, (CommandAudio) event);
        }
    }
}
