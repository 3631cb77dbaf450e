package io.wakestream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.schemas.AudioChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Broken microphones with the real MFCC model (jarvis-v23): an hour of a full-scale constant, a clipped square wave,
 * clipped noise or overdriven mains hum. No wake event (nor a storm of them), no command, and the device's state
 * after the hour is the size it was after a minute.
 */
class LongSignalsTest {
    private static final int CHUNK = 1600;
    private static final int MINUTES = 60;

    private static Path jarvis() {
        Path dir = Path.of(System.getProperty("wake.model.dir", "../../models/jarvis-v23"));
        assertTrue(Files.isRegularFile(dir.resolve("model.onnx")), "the MFCC model is at " + dir.toAbsolutePath());
        return dir;
    }

    private static IntUnaryOperator signal(String kind) {
        Random random = new Random(5);
        return switch (kind) {
            case "constant" -> i -> Short.MAX_VALUE;
            case "square" -> i -> (i / 18) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE; // 444 Hz, clipped
            case "noise" -> i -> (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, random.nextGaussian() * 30_000));
            case "hum" -> i -> (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, 60_000 * Math.sin(2 * Math.PI * 50 * i / 16_000.0)));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "an hour of {0}")
    @ValueSource(strings = {"constant", "square", "noise", "hum"})
    void anHourOfABrokenSignalGivesNothingAndStateStaysTheSameSize(String kind) throws Exception {
        IntUnaryOperator signal = signal(kind);
        PipelineConfig config = PipelineConfig.defaults(jarvis().toString());
        try (Rig rig = new Rig(config)) {
            long sample = 0, seq = 0, now = 1_000, sizeAfterOneMinute = 0;
            for (int m = 0; m < MINUTES; m++) {
                List<AudioChunk> chunks = new ArrayList<>();
                for (int c = 0; c < 60_000 / 100; c++) {
                    short[] pcm = new short[CHUNK];
                    for (int i = 0; i < CHUNK; i++) pcm[i] = (short) signal.applyAsInt((int) (sample++ % 1_600_000_000));
                    chunks.add(Signals.chunk("broken-mic", "s", seq, seq * 100, Signals.RATE, 1, pcm));
                    seq++;
                }
                rig.at(now += 60_000).feed(chunks);
                if (m == 0) sizeAfterOneMinute = rig.stateBytes("broken-mic");
            }
            long sizeAfterOneHour = rig.stateBytes("broken-mic");
            assertEquals(List.of(), rig.output(), "an hour of " + kind + " gave events");
            assertEquals(List.of(), rig.rejected());
            assertEquals(sizeAfterOneMinute, sizeAfterOneHour, "state grew from " + sizeAfterOneMinute + " to " + sizeAfterOneHour + " bytes");
        }
    }
}
