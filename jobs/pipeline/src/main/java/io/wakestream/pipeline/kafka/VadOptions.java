package io.wakestream.pipeline.kafka;

import io.wakestream.pipeline.VadConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The command-line choice of the VAD that ends a command segment, shared by the job's main class and the local
 * runner's commands (a picocli mixin): {@code --vad energy} (the default) or {@code --vad silero}.
 */
public final class VadOptions {
    @Option(names = "--vad", paramLabel = "KIND", defaultValue = "energy", converter = KindConverter.class,
            description = "What ends a command segment after its speech: energy (frame level against -40 dBFS, no "
                    + "model) or silero (Silero VAD v4: speech probability per 32 ms frame, ignores steady noise; "
                    + "costs CPU per open command). Default: ${DEFAULT-VALUE}")
    VadConfig.Kind kind;

    @Option(names = "--silero-model", paramLabel = "FILE",
            defaultValue = "${sys:wakestream.home:-.}/models/openwakeword/silero_vad/silero_vad.onnx",
            description = "Silero VAD model for --vad silero, on every task manager (`./wakestream models fetch "
                    + "openwakeword` puts it here). Default: ${DEFAULT-VALUE}")
    String sileroModel;

    @Option(names = "--silero-threshold", paramLabel = "P", defaultValue = "0.5",
            description = "With --vad silero, a frame whose speech probability is at least P is speech. Default: ${DEFAULT-VALUE}")
    double sileroThreshold;

    @Option(names = "--command-silence-ms", paramLabel = "MS", defaultValue = "700",
            description = "Silence after the command's speech that ends it and sends it to the recogniser: the floor of "
                    + "transcript latency. Shorter answers sooner but cuts commands at a pause as long. Default: ${DEFAULT-VALUE}")
    int commandSilenceMs;

    /** energy or silero in any case, whether or not the command line allows enum values in any case. */
    static final class KindConverter implements ITypeConverter<VadConfig.Kind> {
        @Override
        public VadConfig.Kind convert(String value) {
            for (VadConfig.Kind k : VadConfig.Kind.values()) {
                if (k.name().equalsIgnoreCase(value)) return k;
            }
            throw new TypeConversionException("expected energy or silero, was '" + value + "'");
        }
    }

    /** The default VAD rules (min speech 100 ms) with the chosen trailing silence and detector. */
    public VadConfig config() {
        VadConfig energy = VadConfig.defaults().withTrailingSilenceMs(commandSilenceMs);
        return kind == VadConfig.Kind.SILERO ? energy.withSilero(sileroModel, sileroThreshold) : energy;
    }
}
