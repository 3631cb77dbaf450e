package io.wakestream.pipeline;

import static io.wakestream.pipeline.Signals.concat;
import static io.wakestream.pipeline.Signals.ms;
import static io.wakestream.pipeline.Signals.silence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.pipeline.transcribe.Speech;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link EnergyVadTest}'s cases for the Silero VAD, on espeak-ng speech. */
class SileroCommandVadTest {
    /** 32 ms frames of 512 samples. */
    private static final int FRAME = 512;

    static short[] hiss(int samples, double sd, long seed) {
        Random r = new Random(seed);
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(r.nextGaussian() * sd)));
        return pcm;
    }

    /** Just after the last sample above about -50 dBFS (espeak-ng ends its files with a few hundred ms of silence). */
    static int lastSound(short[] pcm) {
        int last = pcm.length;
        while (last > 0 && Math.abs(pcm[last - 1]) < 100) last--;
        return last;
    }

    @Test
    void endsAfterTrailingSilenceFollowingSpeech() throws Exception {
        short[] speech = Speech.espeak("turn on the kitchen lights");
        short[] audio = concat(silence(ms(500)), speech, silence(ms(2000)));
        SileroCommandVad vad = new SileroCommandVad(SileroModel.config(), 16_000);
        int used = vad.accept(audio, 0, audio.length);
        assertTrue(vad.ended());
        assertTrue(vad.heardSpeech());
        assertEquals(0, used % FRAME, "the decision falls at the end of a frame");
        // 700 ms is 22 frames of trailing non-speech; Silero lets go of speech a frame or few after it stops.
        int speechEnd = ms(500) + lastSound(speech);
        assertTrue(used >= speechEnd + ms(700) - FRAME && used <= speechEnd + ms(700) + 10 * FRAME,
                "ended at " + used * 1000 / 16_000 + " ms; speech ended at " + speechEnd * 1000 / 16_000 + " ms");
    }

    @Test
    void silenceAndSteadyNoiseDoNotEndNorCountAsSpeech() {
        SileroCommandVad quiet = new SileroCommandVad(SileroModel.config(), 16_000);
        short[] pause = silence(ms(3000));
        assertEquals(pause.length, quiet.accept(pause, 0, pause.length));
        assertFalse(quiet.ended());
        assertFalse(quiet.heardSpeech());

        // Hiss at about -40 dBFS: speech to the energy VAD (its default threshold), not to Silero.
        short[] noise = hiss(ms(3000), 330, 1);
        EnergyVad energy = new EnergyVad(VadConfig.defaults(), 16_000);
        energy.accept(noise, 0, noise.length);
        assertTrue(energy.heardSpeech(), "the energy VAD takes the hiss for speech");
        SileroCommandVad silero = new SileroCommandVad(SileroModel.config(), 16_000);
        assertEquals(noise.length, silero.accept(noise, 0, noise.length));
        assertFalse(silero.heardSpeech(), "Silero does not: " + silero);
    }

    @Test
    void theDecisionDoesNotDependOnChunking() throws Exception {
        short[] audio = concat(Speech.espeak("set a timer"), silence(ms(1500)));
        SileroCommandVad whole = new SileroCommandVad(SileroModel.config(), 16_000);
        int wholeUsed = whole.accept(audio, 0, audio.length);
        assertTrue(whole.ended());
        SileroCommandVad pieces = new SileroCommandVad(SileroModel.config(), 16_000);
        int used = 0;
        for (int pos = 0; pos < audio.length && !pieces.ended(); pos += 37) used += pieces.accept(audio, pos, Math.min(37, audio.length - pos));
        assertEquals(wholeUsed, used);
        assertEquals(whole, pieces);
    }

    @Test
    void aMissingModelFileIsRefusedByName() {
        VadConfig config = VadConfig.defaults().withSilero("/nonexistent/silero_vad.onnx", 0.5);
        SileroCommandVad vad = new SileroCommandVad(config, 16_000);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> vad.accept(new short[600], 0, 600));
        assertTrue(e.getMessage().contains("/nonexistent/silero_vad.onnx"), e.getMessage());
    }
}
