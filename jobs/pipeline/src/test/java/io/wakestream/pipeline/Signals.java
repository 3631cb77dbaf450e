package io.wakestream.pipeline;

import io.wakestream.schemas.AudioChunk;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test audio (16 kHz mono) and chunking. */
public final class Signals {
    public static final int RATE = 16_000;

    private Signals() {}

    public static short[] tone(short amplitude, int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * 440 * i / RATE));
        return s;
    }

    public static short[] silence(int samples) {
        return new short[samples];
    }

    public static int ms(int ms) {
        return ms * RATE / 1000;
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

    /**
     * One utterance: 1 s silence, 500 ms loud (the "wake word"), 300 ms pause, {@code speechMs} of command speech,
     * then {@code tailMs} of silence.
     */
    public static short[] utterance(int speechMs, int tailMs) {
        return concat(silence(ms(1000)), tone(LoudModel.LOUD, ms(500)), silence(ms(300)),
                tone(LoudModel.SPEECH, ms(speechMs)), silence(ms(tailMs)));
    }

    /** Splits audio into chunks of {@code size} samples, sequences from {@code firstSeq}, capture times exact. */
    public static List<AudioChunk> chunks(String device, String stream, short[] audio, int size, long captureStartMs) {
        List<AudioChunk> out = new ArrayList<>();
        for (int pos = 0, seq = 0; pos < audio.length; pos += size, seq++) {
            short[] part = Arrays.copyOfRange(audio, pos, Math.min(audio.length, pos + size));
            out.add(chunk(device, stream, seq, captureStartMs + pos * 1000L / RATE, RATE, 1, part));
        }
        return out;
    }

    public static AudioChunk chunk(String device, String stream, long seq, long captureMs, int rate, int channels, short[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) b.putShort(s);
        b.flip();
        return AudioChunk.newBuilder().setDeviceId(device).setStreamId(stream).setSequence(seq)
                .setCaptureTimeMs(captureMs).setSampleRate(rate).setChannels(channels).setPcm(b).build();
    }
}
