package io.wakestream.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.wakestream.engine.audio.WavReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The microphone path converts exactly as the engine's WAV path does, whatever the byte counts delivered. */
class PcmConverterTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} Hz, {1} channels")
    @CsvSource({"16000,1", "16000,2", "44100,2", "48000,1", "48000,2", "8000,1", "22050,2"})
    void matchesTheEngineWavReaderBitForBit(int rate, int channels) throws IOException {
        short[] interleaved = TestAudio.tones(rate + 123, rate, channels);
        Path wav = TestAudio.writeWav(dir.resolve("x.wav"), interleaved, rate, channels);
        short[] expected = WavReader.read(wav).samples();

        byte[] bytes = TestAudio.pcmBytes(interleaved);
        PcmConverter conv = new PcmConverter(rate, channels, false);
        Random random = new Random(rate + channels);
        short[] out = new short[0];
        for (int p = 0; p < bytes.length; ) {
            int n = Math.min(bytes.length - p, 1 + random.nextInt(999)); // splits frames and samples
            out = concat(out, conv.convert(bytes, p, n));
            p += n;
        }
        out = concat(out, conv.finish());
        assertArrayEquals(expected, out);
    }

    @ParameterizedTest(name = "big-endian {0} Hz")
    @CsvSource({"16000", "44100"})
    void bigEndianLinesToo(int rate) {
        short[] samples = TestAudio.tones(rate / 2, rate, 1);
        byte[] le = TestAudio.pcmBytes(samples);
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i += 2) {
            be[i] = le[i + 1];
            be[i + 1] = le[i];
        }
        PcmConverter a = new PcmConverter(rate, 1, false);
        PcmConverter b = new PcmConverter(rate, 1, true);
        assertArrayEquals(concat(a.convert(le, 0, le.length), a.finish()), concat(b.convert(be, 0, be.length),
                b.finish()));
    }

    private static short[] concat(short[] a, short[] b) {
        short[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
