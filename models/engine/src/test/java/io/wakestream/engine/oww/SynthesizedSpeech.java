package io.wakestream.engine.oww;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wakestream.engine.audio.WavReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Speech made with espeak-ng (installed by .ci/run, see the README), read back at 16 kHz. */
public final class SynthesizedSpeech {
    private SynthesizedSpeech() {}

    public static short[] speak(String text, String voice, int wordsPerMinute) throws IOException, InterruptedException {
        Path wav = Files.createTempFile("oww-tts-", ".wav");
        try {
            List<String> cmd = new ArrayList<>(List.of("espeak-ng", "-v", voice, "-s", String.valueOf(wordsPerMinute), "-w", wav.toString(), text));
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IOException("espeak-ng is needed for this test (apt-get install espeak-ng; .ci/run installs it): " + e.getMessage(), e);
            }
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
            assertEquals(0, p.exitValue(), "espeak-ng failed: " + out);
            return WavReader.read(wav).samples();
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    /** {@code before} and {@code after} samples of quiet seeded noise around {@code speech}. */
    public static short[] padded(short[] speech, int before, int after, long seed) {
        java.util.Random r = new java.util.Random(seed);
        short[] out = new short[before + speech.length + after];
        for (int i = 0; i < out.length; i++) out[i] = (short) Math.round(r.nextGaussian() * 30);
        for (int i = 0; i < speech.length; i++) out[before + i] = (short) Math.max(-32768, Math.min(32767, out[before + i] + speech[i]));
        return out;
    }
}
