package io.wakestream.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.audio.Resampler;
import io.wakestream.engine.audio.WavReader;
import io.wakestream.schemas.AudioChunk;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Any WAV in, 16 kHz mono chunks of the right size out, nothing lost or invented, sequences contiguous. */
class ChunkingTest {
    private static final long ANCHOR = 1_700_000_000_000L;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} Hz, {1} channels, {2} ms chunks")
    @CsvSource({"16000,1,100", "16000,2,100", "8000,1,100", "11025,2,100", "22050,1,100", "44100,2,100",
            "48000,1,100", "48000,2,20", "44100,1,250", "32000,6,100"})
    void anyWavBecomes16kMonoChunks(int rate, int channels, int chunkMs) throws IOException {
        int frames = rate * 2 + rate / 3 + 7; // 2.33 s: the last chunk is partial
        Path wav = TestAudio.writeWav(dir.resolve("in.wav"), TestAudio.tones(frames, rate, channels), rate, channels);

        List<AudioChunk> chunks = chunkAll(new PlaylistSource(List.of(wav), 0, false), chunkMs);

        int chunkSamples = chunkMs * 16;
        long expectedSamples = Resampler.outputLength(frames, rate, 16000);
        long total = 0;
        for (int i = 0; i < chunks.size(); i++) {
            AudioChunk c = chunks.get(i);
            assertEquals(i, c.getSequence(), "sequence");
            assertEquals(16000, c.getSampleRate());
            assertEquals(1, c.getChannels());
            assertEquals("dev-1", c.getDeviceId());
            assertEquals("stream-1", c.getStreamId());
            assertEquals(ANCHOR + (long) i * chunkMs, c.getCaptureTimeMs(), "capture time of chunk " + i);
            int samples = c.getPcm().remaining() / 2;
            if (i < chunks.size() - 1) assertEquals(chunkSamples, samples, "chunk " + i);
            else assertTrue(samples > 0 && samples <= chunkSamples, "last chunk " + samples);
            total += samples;
        }
        assertEquals(expectedSamples, total, "total samples");
        assertEquals((expectedSamples + chunkSamples - 1) / chunkSamples, chunks.size());
        // Bit for bit what the engine's reader makes of the file: chunking neither loses nor alters samples.
        assertArrayEquals(WavReader.read(wav).samples(), concat(chunks));
    }

    @Test
    void playlistIsOneContinuousStream() throws IOException {
        Path a = TestAudio.writeWav(dir.resolve("a.wav"), TestAudio.tones(16000 + 100, 16000, 1), 16000, 1);
        Path b = TestAudio.writeWav(dir.resolve("b.wav"), TestAudio.tones(44100, 44100, 2), 44100, 2);
        List<AudioChunk> chunks = chunkAll(new PlaylistSource(List.of(a, b), 0, false), 100);
        short[] expected = concat(WavReader.read(a).samples(), WavReader.read(b).samples());
        assertArrayEquals(expected, concat(chunks));
        for (int i = 0; i < chunks.size(); i++) assertEquals(i, chunks.get(i).getSequence());
        // Chunks span the file boundary: only the very last one is short.
        for (int i = 0; i < chunks.size() - 1; i++) assertEquals(3200, chunks.get(i).getPcm().remaining());

        // A second device starting at the second file.
        short[] fromB = concat(chunkAll(new PlaylistSource(List.of(a, b), 1, false), 100));
        assertArrayEquals(concat(WavReader.read(b).samples(), WavReader.read(a).samples()), fromB);
    }

    @Test
    void loopingPlaylistKeepsGoing() throws IOException {
        Path a = TestAudio.writeWav(dir.resolve("a.wav"), TestAudio.tones(1000, 16000, 1), 16000, 1);
        PlaylistSource s = new PlaylistSource(List.of(a), 0, true);
        short[] buf = new short[50_000];
        int n = 0;
        while (n < buf.length) n += s.read(buf, n, buf.length - n);
        short[] one = WavReader.read(a).samples();
        for (int i = 0; i < buf.length; i++) assertEquals(one[i % one.length], buf[i]);
    }

    @Test
    void rawStdinPcmWithSamplesSplitAcrossReads() throws IOException {
        short[] samples = TestAudio.tones(16000 + 333, 16000, 1);
        byte[] bytes = TestAudio.pcmBytes(samples);
        // A pipe hands over arbitrary byte counts, odd ones included.
        InputStream dribble = new ByteArrayInputStream(bytes) {
            final Random random = new Random(7);

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(5)));
            }
        };
        List<AudioChunk> chunks = chunkAll(new RawPcmSource(dribble, "stdin"), 100);
        assertArrayEquals(samples, concat(chunks));
        assertEquals(11, chunks.size());
        assertEquals(333 * 2, chunks.get(10).getPcm().remaining());
    }

    @Test
    void aLoneTrailingByteIsDropped() throws IOException {
        byte[] bytes = {1, 0, 2, 0, 3};
        List<AudioChunk> chunks = chunkAll(new RawPcmSource(new ByteArrayInputStream(bytes), "stdin"), 100);
        assertArrayEquals(new short[] {1, 2}, concat(chunks));
    }

    @Test
    void liveStreamsAreAnchoredWhenTheirFirstSamplesArrive() throws IOException {
        short[] samples = TestAudio.tones(4000, 16000, 1);
        long[] now = {ANCHOR + 5000};
        // No anchor given: the first read (all 1600 samples, i.e. 100 ms, at once) ends at "now".
        Chunker c = Chunker.live(new RawPcmSource(new ByteArrayInputStream(TestAudio.pcmBytes(samples)), "stdin"),
                DeviceId.of("d"), "s", 100, () -> now[0]);
        AudioChunk first = c.next();
        assertEquals(ANCHOR + 5000 - 100, first.getCaptureTimeMs());
        now[0] += 12_345; // later clock readings do not move the timeline
        assertEquals(ANCHOR + 5000, c.next().getCaptureTimeMs());
        assertEquals(ANCHOR + 5100, c.next().getCaptureTimeMs()); // partial: 800 samples
        assertEquals(ANCHOR + 5000 - 100 + 250, c.endOfAudioMs());
        assertNull(c.next());
        assertNull(c.next());
    }

    @Test
    void pacedStreamsShareOneOriginTakenWhenAudioFirstArrives() throws IOException {
        long[] now = {ANCHOR};
        java.util.function.LongSupplier origin = Chunker.sharedOrigin(() -> now[0]);
        byte[] pcm = TestAudio.pcmBytes(TestAudio.tones(3200, 16000, 1));
        Chunker a = Chunker.paced(new RawPcmSource(new ByteArrayInputStream(pcm), "a"), DeviceId.of("a"), "s", 100,
                origin);
        Chunker b = Chunker.paced(new RawPcmSource(new ByteArrayInputStream(pcm), "b"), DeviceId.of("b"), "s", 100,
                origin);
        now[0] += 700; // e.g. the producer took a while to start: not audio time
        assertEquals(ANCHOR + 700, a.next().getCaptureTimeMs());
        now[0] += 50;
        assertEquals(ANCHOR + 700, b.next().getCaptureTimeMs());
        assertEquals(ANCHOR + 800, b.next().getCaptureTimeMs());
    }

    @Test
    void emptySourceGivesNoChunks() throws IOException {
        Chunker c = Chunker.live(new RawPcmSource(new ByteArrayInputStream(new byte[0]), "stdin"), DeviceId.of("d"),
                "s", 100, () -> ANCHOR);
        assertNull(c.next());
        assertEquals(-1, c.endOfAudioMs());
    }

    private static List<AudioChunk> chunkAll(AudioSource source, int chunkMs) throws IOException {
        try (source) {
            Chunker c = Chunker.paced(source, DeviceId.of("dev-1"), "stream-1", chunkMs, () -> ANCHOR);
            List<AudioChunk> out = new ArrayList<>();
            for (AudioChunk chunk; (chunk = c.next()) != null; ) out.add(chunk);
            return out;
        }
    }

    static short[] concat(List<AudioChunk> chunks) {
        int n = chunks.stream().mapToInt(c -> c.getPcm().remaining() / 2).sum();
        short[] out = new short[n];
        int p = 0;
        for (AudioChunk c : chunks) {
            ByteBuffer b = c.getPcm().duplicate().order(ByteOrder.LITTLE_ENDIAN);
            while (b.remaining() > 0) out[p++] = b.getShort();
        }
        return out;
    }

    private static short[] concat(short[] a, short[] b) {
        short[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
