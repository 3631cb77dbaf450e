package io.wakestream.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test signals and WAV files of any rate and channel count (16-bit PCM). */
final class TestAudio {
    private TestAudio() {}

    /** Interleaved frames: a different tone per channel plus a little deterministic noise. */
    static short[] tones(int frames, int rate, int channels) {
        short[] out = new short[frames * channels];
        long seed = 12345;
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                double noise = ((seed >>> 40) / (double) (1L << 24) - 0.5) * 0.02;
                double v = 0.4 * Math.sin(2 * Math.PI * (300 + 150 * c) * f / rate) + noise;
                out[f * channels + c] = (short) Math.round(v * 32767);
            }
        }
        return out;
    }

    static byte[] pcmBytes(short[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) b.putShort(s);
        return b.array();
    }

    static Path writeWav(Path file, short[] interleaved, int rate, int channels) throws IOException {
        byte[] pcm = pcmBytes(interleaved);
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + pcm.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        b.put("data".getBytes()).putInt(pcm.length).put(pcm);
        Files.write(file, b.array());
        return file;
    }
}
