package io.wakestream.pipeline;

import io.wakestream.engine.audio.Pcm;
import io.wakestream.engine.audio.Resampler;
import io.wakestream.schemas.AudioChunk;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Checks an {@link AudioChunk} and converts its samples to the engine's 16 kHz mono.
 *
 * <p>Resampling: 16 kHz input (all the capture agent sends) passes through bit-exact. Other rates are resampled
 * per chunk with a fresh {@link Resampler}, which treats the signal as zero outside the chunk: the first and last
 * ~2 ms of each chunk are slightly attenuated at the edges. The engine's {@code Resampler} cannot yet have its
 * filter history saved in Flink state, so a stateful per-device resampler would be lost on restore; per-chunk is
 * the consistent choice until it can (TODO, see the README).
 */
public final class ChunkAudio {
    public static final int TARGET_RATE = 16_000;

    private ChunkAudio() {}

    /** Why the chunk is unusable, or null if it is fine. */
    public static String problem(AudioChunk chunk, int maxChunkMs) {
        ByteBuffer pcm = chunk.getPcm();
        int bytes = pcm == null ? 0 : pcm.remaining();
        int rate = chunk.getSampleRate();
        int channels = chunk.getChannels();
        if (chunk.getStreamId() == null || chunk.getStreamId().length() == 0) return "empty streamId";
        if (chunk.getSequence() < 0) return "negative sequence " + chunk.getSequence();
        if (rate < 8000 || rate > 48000) return "sampleRate " + rate + " outside 8000..48000";
        if (channels < 1 || channels > 2) return "channels " + channels + " outside 1..2";
        if (bytes == 0) return "empty pcm";
        if (bytes % (2 * channels) != 0) return "pcm of " + bytes + " bytes is not whole 16-bit frames of " + channels + " channel(s)";
        long frames = bytes / (2L * channels);
        if (frames * 1000 > (long) maxChunkMs * rate) return "chunk of " + frames * 1000 / rate + " ms exceeds " + maxChunkMs + " ms";
        return null;
    }

    /** The chunk's audio as 16 kHz mono (call only when {@link #problem} returned null). */
    public static short[] toMono16k(AudioChunk chunk) {
        ByteBuffer pcm = chunk.getPcm().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int channels = chunk.getChannels();
        int frames = pcm.remaining() / (2 * channels);
        short[] mono = new short[frames];
        for (int i = 0; i < frames; i++) {
            if (channels == 1) {
                mono[i] = pcm.getShort();
            } else {
                int sum = pcm.getShort() + pcm.getShort();
                mono[i] = (short) (sum >> 1); // average of the two channels; cannot overflow
            }
        }
        if (chunk.getSampleRate() == TARGET_RATE) return mono;
        return Pcm.toPcm16(Resampler.resample(Pcm.toFloat(mono), chunk.getSampleRate(), TARGET_RATE));
    }
}
