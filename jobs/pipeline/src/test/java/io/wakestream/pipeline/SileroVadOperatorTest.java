package io.wakestream.pipeline;

import static io.wakestream.pipeline.Signals.chunks;
import static io.wakestream.pipeline.Signals.concat;
import static io.wakestream.pipeline.Signals.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.audio.WavReader;
import io.wakestream.schemas.AudioChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.junit.jupiter.api.Test;

/**
 * The operator (Flink's keyed test harness, real state and timers) with the Silero VAD ending commands, on the
 * committed sample "Jarvis, turn on the kitchen lights" and the MFCC Jarvis model (jarvis-v23): in steady
 * background noise (a fan, a hood) the Silero VAD ends the segment about 700 ms after the speech, where the energy
 * VAD takes the noise for speech and keeps it open.
 */
class SileroVadOperatorTest {
    private static final String DEV = "kitchen";
    private static final int CHUNK = 1600;

    private static Path jarvis() {
        return Path.of(System.getProperty("wake.model.dir", "../../models/jarvis-v23"));
    }

    private static PipelineConfig config(VadConfig vad) {
        return PipelineConfig.defaults(jarvis().toString()).withCommand(vad, 8_000);
    }

    private static short[] kitchen() throws Exception {
        Path kitchen = Path.of("../../samples/kitchen.wav"); // "Jarvis", then "turn on the kitchen lights"
        assertTrue(Files.isRegularFile(kitchen), kitchen.toAbsolutePath() + " is missing");
        return WavReader.read(kitchen).samples();
    }

    /**
     * The sample and 2 s more with steady hiss at about -38 dBFS throughout (above the energy VAD's -40 dBFS), after
     * the lead of silence (under 40 ms, hiss in it too) at which the model detects "Jarvis" in this noise. Not
     * starting after the speech: Silero takes the first 300-400 ms of a noise that starts abruptly for speech.
     */
    private static KitchenInNoise kitchenInNoise() throws Exception {
        short[] kitchen = kitchen();
        IntFunction<short[]> audio = lead -> inNoise(concat(new short[lead], kitchen, new short[ms(2000)]));
        int lead = DetectableLead.samples(jarvis(), audio);
        return new KitchenInNoise(audio.apply(lead), lead + SileroCommandVadTest.lastSound(kitchen));
    }

    /** @param speechEnd the sample after the last of the speech */
    private record KitchenInNoise(short[] audio, int speechEnd) {}

    private static short[] inNoise(short[] audio) {
        short[] noise = SileroCommandVadTest.hiss(audio.length, 400, 3);
        for (int i = 0; i < audio.length; i++) audio[i] = (short) Math.max(-32768, Math.min(32767, audio[i] + noise[i]));
        return audio;
    }

    @Test
    void aCommandEndsAfterItsSpeechEvenInSteadyNoise() throws Exception {
        endsAfterTheSpeech(null);
    }

    /**
     * On RocksDB every read of the state deserializes it: the Silero state of an open command goes through the
     * serializer at every chunk and must still end the command at the same sample.
     */
    @Test
    void onRocksDbTooWhereEveryChunkReadsTheStateBackFromBytes() throws Exception {
        endsAfterTheSpeech(new EmbeddedRocksDBStateBackend());
    }

    private void endsAfterTheSpeech(StateBackend backend) throws Exception {
        KitchenInNoise kitchen = kitchenInNoise();
        int speechEnd = kitchen.speechEnd();
        short[] audio = kitchen.audio();

        try (Rig rig = new Rig(config(SileroModel.config()), BatchingConfig.defaults(), null, backend)) {
            rig.at(1_000).feed(chunks(DEV, "s", audio, CHUNK, 0));
            assertEquals(1, rig.wakes().size(), rig.output().toString());
            List<CommandSegment> commands = rig.commands();
            assertEquals(1, commands.size(), rig.output().toString());
            CommandSegment c = commands.get(0);
            assertEquals(rig.wakes().get(0).event().getEventId().toString(), c.wakeEventId());
            long speechEndMs = speechEnd * 1000L / 16_000;
            // 22 frames of 32 ms (704 ms) of non-speech after the last speech frame; Silero lets go of speech a few
            // frames after it stops.
            System.out.printf("Silero VAD: speech ends at %d ms, the command segment at %d ms%n", speechEndMs, c.audioEndMs());
            assertTrue(c.audioEndMs() >= speechEndMs + 700 - 32 && c.audioEndMs() <= speechEndMs + 700 + 320,
                    "command ends at " + c.audioEndMs() + " ms, speech at " + speechEndMs + " ms");
            assertTrue(c.audioStartMs() < 3000, "the command holds all of its speech (from 2.9 s): starts at " + c.audioStartMs());
            assertEquals(c.audioEndMs() - c.audioStartMs(), c.pcm().length * 1000L / 16_000, 1);
        }

        // The same audio with the default energy VAD: the noise is "speech", the command is still open.
        try (Rig rig = new Rig(config(VadConfig.defaults()), BatchingConfig.defaults(), null, backend)) {
            rig.at(1_000).feed(chunks(DEV, "s", audio, CHUNK, 0));
            assertEquals(1, rig.wakes().size());
            assertEquals(List.of(), rig.commands());
        }
    }

    @Test
    void aSileroCommandOpenAtACheckpointEndsTheSameAfterARestore() throws Exception {
        short[] audio = kitchenInNoise().audio();
        List<AudioChunk> all = chunks(DEV, "s", audio, CHUNK, 0);
        PipelineConfig config = config(SileroModel.config());
        List<CommandSegment> straight;
        try (Rig rig = new Rig(config)) {
            rig.at(1_000).feed(all);
            straight = rig.commands();
        }
        assertEquals(1, straight.size());
        // Checkpoint in the middle of "turn on the kitchen lights", restore into a new operator, feed the rest.
        int cut = ms(3700) / CHUNK;
        try (Rig first = new Rig(config)) {
            first.at(1_000).feed(all.subList(0, cut));
            assertEquals(1, first.wakes().size());
            assertEquals(List.of(), first.commands());
            OperatorSubtaskState state = first.checkpoint(1);
            try (Rig second = new Rig(config, BatchingConfig.defaults(), state)) {
                second.at(2_000).feed(all.subList(cut, all.size()));
                assertEquals(straight, second.commands());
            }
        }
    }
}
