package io.wakestream.pipeline.job;

import io.wakestream.pipeline.CommandSegment;
import io.wakestream.pipeline.PipelineEvent;
import io.wakestream.pipeline.WakeDetected;
import io.wakestream.pipeline.types.PipelineTypes;
import io.wakestream.schemas.WakeEvent;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Splits the wake-word operator's output: wake events on the main output, command audio on {@link #COMMANDS}. */
public final class RoutePipelineEvents extends ProcessFunction<PipelineEvent, WakeEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<CommandSegment> COMMANDS = new OutputTag<>("command-segments", PipelineTypes.COMMAND_SEGMENT);

    @Override
    public void processElement(PipelineEvent event, Context ctx, Collector<WakeEvent> out) {
        if (event instanceof WakeDetected wake) {
            out.collect(wake.event());
        } else {
            ctx.output(COMMANDS, (CommandSegment) event);
        }
    }
}
