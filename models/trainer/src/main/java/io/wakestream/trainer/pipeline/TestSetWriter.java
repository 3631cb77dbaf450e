package io.wakestream.trainer.pipeline;

import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.audio.WavWriter;
import io.wakestream.trainer.data.Clip;
import io.wakestream.trainer.data.Signals;
import io.wakestream.trainer.eval.PhraseEnds;
import io.wakestream.trainer.eval.SyntheticEvalAudio;
import io.wakestream.trainer.util.ProgressBar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes the held-out test voices' audio as WAV files, exactly as the trainer's own test evaluation streams it
 * (same seed, same order of random choices): {@code positives/} (each phrase with quiet before it, every other one
 * followed by a command), {@code positives-10db/} (the same with noise at 10 dB SNR) and {@code negatives/stream.wav}
 * (the continuous negative stream). Each positives folder has a {@code phrase-ends.csv} saying where in each file
 * the phrase ends, so {@code eval} can also report how soon after it a model fires. {@code ./wakestream eval} on
 * these files scores any model, openWakeWord's included, on voices the new model never trained on, so models can be
 * compared side by side.
 */
final class TestSetWriter {
    private TestSetWriter() {}

    static void write(Path dir, List<Clip> testClips, double hours, long seed) throws IOException {
        Random rnd = new Random(seed);
        List<float[]> negatives = new ArrayList<>();
        List<Clip> positives = new ArrayList<>();
        for (Clip c : testClips) {
            if (c.positive()) positives.add(c);
            else negatives.add(Signals.toFloat(c.audio()));
        }
        Path clean = Files.createDirectories(dir.resolve("positives"));
        Path noisy = Files.createDirectories(dir.resolve("positives-10db"));
        StringBuilder cleanEnds = new StringBuilder(PhraseEnds.HEADER), noisyEnds = new StringBuilder(PhraseEnds.HEADER);
        try (ProgressBar bar = new ProgressBar("test set: positives", positives.size())) {
            int k = 0;
            for (Clip c : positives) {
                float[] x = Signals.toFloat(c.audio());
                // The same draws, in the same order, as HeldOutEvaluation.score.
                float[] next = k % 2 == 1 && !negatives.isEmpty() ? negatives.get(rnd.nextInt(negatives.size())) : null;
                String name = String.format(Locale.ROOT, "%05d_%s.wav", k, c.speakerId().replaceAll("[^A-Za-z0-9_.+-]", "_"));
                int phraseEnd = c.hasPhraseBoundaries() ? c.phraseEndSample() : x.length;
                SyntheticEvalAudio.PlacedPositive a = SyntheticEvalAudio.place(x, next, null, rnd);
                WavWriter.write(clean.resolve(name), a.pcm(), PcmAudio.ENGINE_SAMPLE_RATE);
                cleanEnds.append(name).append(',').append((a.clipStartSample() + phraseEnd) * 1000L / 16_000).append('\n');
                SyntheticEvalAudio.PlacedPositive b = SyntheticEvalAudio.place(x, next, HeldOutEvaluation.NOISY_SNR_DB, rnd);
                WavWriter.write(noisy.resolve(name), b.pcm(), PcmAudio.ENGINE_SAMPLE_RATE);
                noisyEnds.append(name).append(',').append((b.clipStartSample() + phraseEnd) * 1000L / 16_000).append('\n');
                k++;
                bar.step();
            }
        }
        Files.writeString(clean.resolve(PhraseEnds.FILE), cleanEnds);
        Files.writeString(noisy.resolve(PhraseEnds.FILE), noisyEnds);
        short[][] all = {new short[1 << 20]};
        int[] n = {0};
        SyntheticEvalAudio.negativeStream(negatives, hours, rnd, chunk -> {
            if (n[0] + chunk.length > all[0].length) all[0] = java.util.Arrays.copyOf(all[0], Math.max(all[0].length * 2, n[0] + chunk.length));
            System.arraycopy(chunk, 0, all[0], n[0], chunk.length);
            n[0] += chunk.length;
        });
        Path neg = Files.createDirectories(dir.resolve("negatives"));
        WavWriter.write(neg.resolve("stream.wav"), java.util.Arrays.copyOf(all[0], n[0]), PcmAudio.ENGINE_SAMPLE_RATE);
    }
}
