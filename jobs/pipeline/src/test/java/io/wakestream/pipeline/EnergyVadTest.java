package io.wakestream.pipeline;

import static io.wakestream.pipeline.Signals.concat;
import static io.wakestream.pipeline.Signals.ms;
import static io.wakestream.pipeline.Signals.silence;
import static io.wakestream.pipeline.Signals.tone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnergyVadTest {
    private static final VadConfig CONFIG = new VadConfig(10, -40, 100, 700);

    @Test
    void endsAfterTrailingSilenceFollowingSpeech() {
        short[] audio = concat(silence(ms(500)), tone((short) 1000, ms(300)), silence(ms(1000)));
        EnergyVad vad = new EnergyVad(CONFIG, 16_000);
        int used = vad.accept(audio, 0, audio.length);
        assertTrue(vad.ended());
        assertTrue(vad.heardSpeech());
        assertEquals(ms(500 + 300 + 700), used, "ends exactly 700 ms after the last speech frame");
    }

    @Test
    void silenceBeforeSpeechAndTooLittleSpeechDoNotEnd() {
        EnergyVad quiet = new EnergyVad(CONFIG, 16_000);
        short[] pause = silence(ms(3000));
        assertEquals(pause.length, quiet.accept(pause, 0, pause.length));
        assertFalse(quiet.ended());
        assertFalse(quiet.heardSpeech());

        EnergyVad blip = new EnergyVad(CONFIG, 16_000);
        short[] audio = concat(tone((short) 1000, ms(50)), silence(ms(2000)));
        blip.accept(audio, 0, audio.length);
        assertFalse(blip.ended(), "50 ms of sound is below the 100 ms minimum");
    }

    @Test
    void quietSoundBelowTheThresholdIsSilence() {
        EnergyVad vad = new EnergyVad(CONFIG, 16_000);
        short[] audio = tone((short) 100, ms(1000)); // about -50 dBFS
        vad.accept(audio, 0, audio.length);
        assertFalse(vad.heardSpeech());
    }

    @Test
    void theDecisionDoesNotDependOnChunking() {
        short[] audio = concat(tone((short) 2000, ms(400)), silence(ms(900)));
        EnergyVad whole = new EnergyVad(CONFIG, 16_000);
        int wholeUsed = whole.accept(audio, 0, audio.length);
        EnergyVad pieces = new EnergyVad(CONFIG, 16_000);
        int used = 0;
        for (int pos = 0; pos < audio.length && !pieces.ended(); pos += 37) used += pieces.accept(audio, pos, Math.min(37, audio.length - pos));
        assertEquals(wholeUsed, used);
        assertEquals(whole, pieces);
    }
}
