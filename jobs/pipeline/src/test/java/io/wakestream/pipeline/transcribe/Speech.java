package io.wakestream.pipeline.transcribe;

import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.audio.WavReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Test speech made with espeak-ng, and where the real Vosk model is. */
public final class Speech {
    private Speech() {}

    /**
     * The Vosk model the build unpacked: the surefire property {@code vosk.model.dir}, else the repository's
     * {@code models/vosk-model-en} seen from this module (an IDE run).
     */
    public static Path voskModelDir() {
        String configured = System.getProperty("vosk.model.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("../../models/vosk-model-en");
        return dir.toAbsolutePath().normalize();
    }

    /** {@code text} spoken by espeak-ng's default US English voice at 150 words a minute, as 16 kHz mono. */
    public static short[] espeak(String text) throws IOException, InterruptedException {
        return espeak("en-us", 150, text);
    }

    /**
     * {@code text} spoken by espeak-ng, converted from its 22050 Hz to 16 kHz by the engine's {@link WavReader}
     * (which resamples with its {@code Resampler}).
     */
    public static short[] espeak(String voice, int wordsPerMinute, String text) throws IOException, InterruptedException {
        // To a file, not --stdout: on a pipe espeak-ng cannot go back to write the data size, and its placeholder
        // (0x7FFFF000) reads as a truncated file.
        Path wav = Files.createTempFile("espeak", ".wav");
        try {
            Process p;
            try {
                p = new ProcessBuilder("espeak-ng", "-v", voice, "-s", Integer.toString(wordsPerMinute), "-w", wav.toString(), text)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new IOException("these tests speak with espeak-ng, which is not installed (apt-get install espeak-ng; .ci/run does it): " + e.getMessage(), e);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("espeak-ng failed on \"" + text + "\"");
            PcmAudio audio = WavReader.read(wav);
            if (audio.sampleRate() != SpeechTranscriber.SAMPLE_RATE) throw new AssertionError("WavReader gave " + audio.sampleRate() + " Hz");
            return audio.samples();
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    public static short[] silence(int ms) {
        return new short[ms * SpeechTranscriber.SAMPLE_RATE / 1000];
    }

    public static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) n += p.length;
        short[] out = new short[n];
        int pos = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
