package io.wakestream.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.engine.TestAudio;
import io.wakestream.engine.audio.Pcm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Chunking and state restores must never change a frame: bit-identical to feeding the clip at once. */
class MfccStreamingTest {
    private static final double SECONDS = 4.0;

    static Stream<Arguments> configs() {
        MfccConfig d = MfccConfig.defaults();
        float[] mean = new float[13], std = new float[13];
        for (int i = 0; i < 13; i++) {
            mean[i] = -3f + i;
            std[i] = 0.5f + i * 0.25f;
        }
        return Stream.of(
                Arguments.of("defaults", d),
                Arguments.of("normalised", d.withNormalization(new FeatureNormalization(mean, std))),
                // hop (200) not dividing the frame (512), Hann, FFT equal to the frame, no pre-emphasis
                Arguments.of("odd-geometry", new MfccConfig(16_000, 32, 12.5, 512, 23, 50, 8000, 20, 0.0,
                        WindowFunction.HANN, 1e-8, null)));
    }

    static Stream<Arguments> configsAndSeeds() {
        List<Arguments> out = new ArrayList<>();
        configs().forEach(c -> {
            for (long seed = 1; seed <= 3; seed++) out.add(Arguments.of(c.get()[0], c.get()[1], seed));
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0} seed {2}")
    @MethodSource("configsAndSeeds")
    void shortChunksGiveBitIdenticalFrames(String name, MfccConfig config, long seed) {
        short[] pcm = TestAudio.speechLikePcm(seed, SECONDS, config.sampleRate());
        MfccExtractor extractor = new MfccExtractor(config);

        FrameLog whole = new FrameLog();
        extractor.accept(extractor.newState(), pcm, 0, pcm.length, whole);
        assertEquals(config.framesIn(pcm.length), whole.size());

        FrameLog chunked = new FrameLog();
        MfccStreamState state = extractor.newState();
        int pos = 0;
        int[] sizes = TestAudio.chunkSizes(seed * 31, pcm.length);
        int shortOnes = countBelow(sizes, config.hopSamples());
        assertTrue(shortOnes >= 20 && shortOnes * 3 > sizes.length, "the chunking should include many sub-hop chunks");
        assertTrue(countBelow(sizes, 2) >= 5, "and several single samples");
        for (int size : sizes) {
            extractor.accept(state, pcm, pos, size, chunked);
            pos += size;
        }
        FrameLog.assertIdentical(whole, chunked, name + " short[] chunked");

        // Sample by sample, through a separate extractor instance (scratch buffers must not matter).
        FrameLog single = new FrameLog();
        MfccExtractor other = new MfccExtractor(config);
        MfccStreamState s1 = other.newState();
        for (int i = 0; i < pcm.length; i++) other.accept(s1, pcm, i, 1, single);
        FrameLog.assertIdentical(whole, single, name + " short[] one sample at a time");
    }

    @ParameterizedTest(name = "{0} seed {2}")
    @MethodSource("configsAndSeeds")
    void floatChunksGiveBitIdenticalFramesAndMatchShortInput(String name, MfccConfig config, long seed) {
        float[] audio = TestAudio.speechLike(seed, SECONDS, config.sampleRate());
        MfccExtractor extractor = new MfccExtractor(config);

        FrameLog whole = new FrameLog();
        extractor.accept(extractor.newState(), audio, 0, audio.length, whole);

        FrameLog chunked = new FrameLog();
        MfccStreamState state = extractor.newState();
        int pos = 0;
        for (int size : TestAudio.chunkSizes(seed * 97, audio.length)) {
            extractor.accept(state, audio, pos, size, chunked);
            pos += size;
        }
        FrameLog.assertIdentical(whole, chunked, name + " float[] chunked");

        // short[] input is defined as the float path on Pcm.toFloat(sample).
        short[] pcm = TestAudio.speechLikePcm(seed, SECONDS, config.sampleRate());
        FrameLog viaShort = new FrameLog();
        extractor.accept(extractor.newState(), pcm, 0, pcm.length, viaShort);
        FrameLog viaFloat = new FrameLog();
        float[] asFloat = Pcm.toFloat(pcm);
        extractor.accept(extractor.newState(), asFloat, 0, asFloat.length, viaFloat);
        FrameLog.assertIdentical(viaFloat, viaShort, name + " short[] vs Pcm.toFloat");
    }

    @ParameterizedTest(name = "{0} seed {2}")
    @MethodSource("configsAndSeeds")
    void copiedAndRestoredStateContinuesIdentically(String name, MfccConfig config, long seed) {
        short[] pcm = TestAudio.speechLikePcm(seed, SECONDS, config.sampleRate());
        FrameLog whole = new FrameLog();
        MfccExtractor first = new MfccExtractor(config);
        first.accept(first.newState(), pcm, 0, pcm.length, whole);

        Random r = new Random(seed);
        FrameLog restored = new FrameLog();
        MfccExtractor extractor = first;
        MfccStreamState state = extractor.newState();
        int pos = 0, restores = 0;
        for (int size : TestAudio.chunkSizes(seed * 7, pcm.length)) {
            extractor.accept(state, pcm, pos, size, restored);
            pos += size;
            int what = r.nextInt(4);
            if (what == 0) {
                MfccStreamState old = state;
                state = state.copy();
                assertEquals(old, state);
                scribble(config, old, r); // the abandoned original must not share anything with the copy
                restores++;
            } else if (what == 1) {
                // As a Flink restore: only the parts survive, and a fresh operator builds a fresh extractor.
                MfccStreamState old = state;
                state = new MfccStreamState(old.ring(), old.ringPos(), old.samplesSeen(), old.framesEmitted(),
                        old.previousSample());
                assertEquals(old, state);
                scribble(config, old, r);
                extractor = new MfccExtractor(config);
                restores++;
            }
        }
        assertTrue(restores > 10);
        FrameLog.assertIdentical(whole, restored, name + " with copies and restores");
    }

    /** Feeds noise into an abandoned state so shared arrays would show up as wrong frames. */
    private static void scribble(MfccConfig config, MfccStreamState s, Random r) {
        float[] noise = new float[1000];
        for (int i = 0; i < noise.length; i++) noise[i] = (float) (r.nextGaussian() * 0.3);
        new MfccExtractor(config).accept(s, noise, 0, noise.length, (i, c, e) -> {});
    }

    @Test
    void stateAccessorsDoNotExposeTheRing() {
        MfccConfig config = MfccConfig.defaults();
        MfccExtractor extractor = new MfccExtractor(config);
        MfccStreamState s = extractor.newState();
        float[] audio = TestAudio.sine(440, 0.5, 1234, 16_000);
        extractor.accept(s, audio, 0, audio.length, (i, c, e) -> {});
        MfccStreamState before = s.copy();
        s.ring()[0] += 1f;
        assertEquals(before, s);
        float[] parts = s.ring();
        MfccStreamState rebuilt = new MfccStreamState(parts, s.ringPos(), s.samplesSeen(), s.framesEmitted(), s.previousSample());
        parts[0] += 1f;
        assertEquals(before, rebuilt);
        assertEquals(audio.length, s.samplesSeen());
        assertEquals(config.framesIn(audio.length), s.framesEmitted());
        assertNotEquals(0f, s.previousSample());
    }

    private static int countBelow(int[] sizes, int limit) {
        int c = 0;
        for (int s : sizes) if (s < limit) c++;
        return c;
    }
}
