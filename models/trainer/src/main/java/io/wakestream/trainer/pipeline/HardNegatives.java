package io.wakestream.trainer.pipeline;

import io.wakestream.engine.audio.Pcm;
import io.wakestream.engine.features.FeatureNormalization;
import io.wakestream.engine.features.MfccConfig;
import io.wakestream.engine.features.MfccExtractor;
import io.wakestream.trainer.data.Clip;
import io.wakestream.trainer.data.Signals;
import io.wakestream.trainer.dataset.FeatureBuilder;
import io.wakestream.trainer.nn.KwsNetwork;
import io.wakestream.trainer.util.Parallel;
import io.wakestream.trainer.util.ProgressBar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hard-negative mining. A 0.5-per-hour false-accept target is decided by the few negative moments a model scores
 * highest, and random training windows rarely land on them: a sound-alike word sits in a few hundred ms of a clip,
 * and the window must end just after it. So after a first pass, every negative clip of the <em>training</em> voices
 * is streamed through the network the way the engine scores it (a window every scoring step, with a window of
 * silence before the clip and some after), the highest-scoring window of each clip is kept, and the hardest of
 * those go back into training for a second pass. Validation and test voices are never looked at here.
 *
 * <p>Clips are scored on several threads, each clip whole on one of them, with the same network calls as on one
 * thread: PyTorch's result for a window can differ in the last bits with the batch it is computed in, so a
 * clip's windows are never batched with another clip's, and the ranking is the same whatever the thread count.
 */
final class HardNegatives {
    private static final Logger LOG = LoggerFactory.getLogger(HardNegatives.class);
    /** Windows scored per network call (about a hundred per clip; larger batches were no faster per window). */
    private static final int BATCH = 512;
    /** Quiet after each clip: the engine keeps scoring after the last word. */
    private static final int TAIL_SAMPLES = 16_000 * 400 / 1000;

    /** One clip's hardest moment: the window's audio and the network's logit for that window as a training window. */
    record Mined(Clip clip, float[] audio, float logit) {}

    /** Where a clip's hardest window starts in its padded audio, and its logit; kept for every clip, light. */
    private record Scored(int clip, int start, float logit) {}

    private final MfccConfig raw;
    private final FeatureNormalization normalization;
    private final int frames;
    private final int stepFrames;
    private final int windowSamples;
    private final int threads;

    /**
     * @param raw the feature configuration without normalisation (what the extractor computes)
     * @param normalization the statistics the network's inputs are normalised with
     * @param frames frames per window
     * @param stepFrames frames between scored windows (the engine's scoring step)
     * @param threads threads scoring clips; the result does not depend on it
     */
    HardNegatives(MfccConfig raw, FeatureNormalization normalization, int frames, int stepFrames, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        this.raw = raw;
        this.normalization = normalization;
        this.frames = frames;
        this.stepFrames = Math.max(1, stepFrames);
        this.windowSamples = (frames - 1) * raw.hopSamples() + raw.frameLengthSamples();
        this.threads = threads;
    }

    /** What is not thread-safe, one of each per thread. */
    private record Tools(MfccExtractor extractor, FeatureBuilder features) {}

    /**
     * The {@code count} negative clips whose highest-scoring window scores highest, hardest first, each with that
     * window's audio (exactly one window long, to be turned into training windows like any other).
     */
    List<Mined> mine(KwsNetwork network, List<Clip> negatives, int count) {
        Scored[] scored = new Scored[negatives.size()];
        try (ProgressBar bar = new ProgressBar("hard negatives: training voices' negative clips", negatives.size())) {
            Parallel.forEach(negatives.size(), threads, "hard negatives",
                    () -> new Tools(new MfccExtractor(raw), new FeatureBuilder(raw, frames)),
                    (tools, i) -> {
                        scored[i] = score(network, tools, i, negatives.get(i));
                        bar.step();
                    });
        }
        // In clip order before the (stable) sort, so equal logits keep the clips' order.
        List<Scored> best = new ArrayList<>();
        for (Scored s : scored) if (s != null) best.add(s);
        best.sort(Comparator.comparingDouble(Scored::logit).reversed());
        List<Mined> hardest = new ArrayList<>();
        // Audio only for the clips kept: a window for each of thousands of clips would be a gigabyte.
        for (Scored s : best.subList(0, Math.min(count, best.size()))) {
            Clip clip = negatives.get(s.clip());
            hardest.add(new Mined(clip, window(padded(clip), s.start()), s.logit()));
        }
        hardest = List.copyOf(hardest);
        StringBuilder top = new StringBuilder();
        for (int i = 0; i < Math.min(12, hardest.size()); i++) {
            Mined m = hardest.get(i);
            top.append(String.format(Locale.ROOT, "%s\"%s\" (%s, %s) %.4f", i == 0 ? "" : "; ", m.clip().text(),
                    m.clip().kind().name().toLowerCase(Locale.ROOT), m.clip().speakerId(), sigmoid(m.logit())));
        }
        LOG.info("Hard negatives: {} of {} training-voice negative clips kept (score at least {}); the hardest: {}",
                hardest.size(), best.size(), hardest.isEmpty() ? "-" : String.format(Locale.ROOT, "%.4f",
                        sigmoid(hardest.get(hardest.size() - 1).logit())), top);
        return hardest;
    }

    /** Clip {@code index}'s highest-scoring window, or null when the clip gives none. */
    private Scored score(KwsNetwork network, Tools tools, int index, Clip clip) {
        int coefficients = raw.coefficients();
        float[] padded = padded(clip);
        float[][] all = tools.extractor().extractAll(Pcm.toPcm16(padded));
        // Windows that end inside the clip or its tail, one per scoring step.
        int firstEnd = (windowSamples - raw.frameLengthSamples()) / raw.hopSamples() + 1;
        List<Integer> ends = new ArrayList<>();
        for (int e = Math.max(frames - 1, firstEnd); e < all.length; e += stepFrames) ends.add(e);
        if (ends.isEmpty()) return null;
        float bestLogit = Float.NEGATIVE_INFINITY; // by the clip's own stream of frames
        int bestEnd = -1;
        for (int from = 0; from < ends.size(); from += BATCH) {
            int to = Math.min(ends.size(), from + BATCH);
            float[][] windows = new float[to - from][];
            for (int i = from; i < to; i++) {
                int e = ends.get(i);
                float[] w = new float[frames * coefficients];
                for (int f = 0; f < frames; f++) System.arraycopy(all[e - frames + 1 + f], 0, w, f * coefficients, coefficients);
                normalization.applyToFrames(w);
                windows[i - from] = w;
            }
            float[] logits = network.logits(windows);
            for (int i = 0; i < logits.length; i++) {
                if (logits[i] > bestLogit) {
                    bestLogit = logits[i];
                    bestEnd = ends.get(from + i);
                }
            }
        }
        int start = (bestEnd - frames + 1) * raw.hopSamples();
        // Ranked by the window as training will see it: cut out alone, its dither and first pre-emphasised
        // sample differ a little from the same audio inside the clip's stream.
        float[] exact = tools.features().window(window(padded, start));
        normalization.applyToFrames(exact);
        return new Scored(index, start, network.logits(new float[][] {exact})[0]);
    }

    /** A window of silence, the clip, and the quiet tail after it. */
    private float[] padded(Clip clip) {
        float[] audio = Signals.toFloat(clip.audio());
        float[] padded = new float[windowSamples + audio.length + TAIL_SAMPLES];
        System.arraycopy(audio, 0, padded, windowSamples, audio.length);
        return padded;
    }

    private float[] window(float[] padded, int start) {
        float[] window = new float[windowSamples];
        System.arraycopy(padded, start, window, 0, Math.min(windowSamples, padded.length - start));
        return window;
    }

    private static double sigmoid(float logit) {
        return 1 / (1 + Math.exp(-logit));
    }
}
