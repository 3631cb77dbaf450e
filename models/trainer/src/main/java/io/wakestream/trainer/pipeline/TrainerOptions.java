package io.wakestream.trainer.pipeline;

import io.wakestream.engine.model.ModelManifest;
import io.wakestream.trainer.nn.FeatureMasking;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one training run depends on (the model card records it, so a run can be repeated).
 *
 * @param phrase the wake phrase
 * @param modelName folder-friendly model name
 * @param out model folder to write
 * @param recordings the user's own recordings of the phrase (one folder per speaker), or null
 * @param negativeRecordings the user's recordings without the phrase, or null
 * @param noiseFiles background noise recordings to mix in (besides generated noise)
 * @param synthetic whether to synthesise clips with the installed TTS engines
 * @param maxVoices cap on synthetic voices (0 = all)
 * @param stylesPerVoice rate/pitch variations per voice for the phrase
 * @param positiveCopies augmented training windows per positive clip
 * @param negativeWindowsPerSecond training windows per second of negative audio
 * @param epochs maximum epochs
 * @param patience early-stopping patience (epochs without validation improvement)
 * @param batchSize training batch size
 * @param learningRate Adam learning rate
 * @param windowFrames frames the model sees
 * @param scoreEveryFrames a window is scored every this many frames at run time
 * @param evalNegativeHours hours of continuous negative audio for calibration and for the final test
 * @param targetFalseAcceptsPerHour the default threshold is set for this rate on validation voices
 * @param cacheDir where synthesised clips are cached between runs
 * @param seed seed for every random choice
 * @param commandLine the command that started the run, as typed (recorded in the model card)
 * @param frontend "mfcc" (a DS-CNN over the engine's MFCC frames) or "openwakeword" (a fully connected head over
 *     openWakeWord's speech embeddings)
 * @param featureModels for "openwakeword": the folder holding {@code melspectrogram.onnx} and
 *     {@code embedding_model.onnx} (copied into the model folder); null for "mfcc"
 * @param threads threads making training windows (MFCC features or openWakeWord embeddings) and mining hard
 *     negatives; the windows do not depend on it
 * @param testSetDir where to write the test voices' audio as WAV files for {@code eval} (null: not written)
 * @param positiveWeight weight of positive windows in the loss; 0 balances the classes (negatives / positives)
 * @param channels MFCC frontend: output channels of the DS-CNN's stem and of each block (null: the defaults)
 * @param hardNegatives MFCC frontend: after the first pass, this many of the training voices' negative clips that
 *     the model scores highest go back into training for a second pass (0: one pass only)
 * @param hardNegativeEpochs maximum epochs of that second pass
 * @param hardNegativeRounds how many times to mine and train again (each round mines with the network as the last
 *     pass left it and adds its windows to the training set)
 * @param voiceColoration MFCC frontend: chance per training clip of a random equaliser (and a quarter of it of an
 *     echo), {@link io.wakestream.trainer.data.Coloration#voices}; 0 for none
 * @param cosineDecay the learning rate falls along a half cosine over each pass's epochs (the first and every
 *     hard-negative round) instead of staying fixed
 * @param emaDecay 0: keep the parameters as trained; in (0, 1): validate, keep and export an exponential moving
 *     average of them with this decay per optimiser step
 * @param positiveTailMs MFCC frontend: positive training windows end this long after the phrase, drawn uniformly
 *     between its two ends (ms); the model learns to say yes over that span, so its upper end bounds how late
 *     after the phrase it is taught to fire
 * @param featureMasking MFCC frontend: what of each training window is masked as it goes into a batch (null:
 *     {@link FeatureMasking#NONE})
 * @param ensembleWith MFCC frontend: model folders made by this trainer on the same corpus whose networks are averaged
 *     with this run's ({@link io.wakestream.trainer.nn.OnnxEnsemble}); the average is what is calibrated, evaluated
 *     and written (null or empty: this run's network alone)
 * @param windowMeanRemoved MFCC frontend: the network subtracts each coefficient's mean over the window first
 *     ({@link io.wakestream.trainer.nn.KwsNetworkConfig#windowMeanRemoved()})
 * @param heldOutEngines TTS engines whose every voice is a test voice: never trained or validated on, in the test
 *     figures and the written test set (empty: none)
 * @param testSetOnly build the corpus, split it and write the test set ({@code testSetDir}), then stop: no features,
 *     no training, no model
 */
public record TrainerOptions(
        String phrase,
        String modelName,
        Path out,
        Path recordings,
        Path negativeRecordings,
        List<Path> noiseFiles,
        boolean synthetic,
        int maxVoices,
        int stylesPerVoice,
        int positiveCopies,
        double negativeWindowsPerSecond,
        int epochs,
        int patience,
        int batchSize,
        float learningRate,
        int windowFrames,
        int scoreEveryFrames,
        double evalNegativeHours,
        double targetFalseAcceptsPerHour,
        Path cacheDir,
        long seed,
        String commandLine,
        String frontend,
        Path featureModels,
        int threads,
        Path testSetDir,
        float positiveWeight,
        int[] channels,
        int hardNegatives,
        int hardNegativeEpochs,
        int hardNegativeRounds,
        double voiceColoration,
        boolean cosineDecay,
        float emaDecay,
        TailRange positiveTailMs,
        FeatureMasking featureMasking,
        List<Path> ensembleWith,
        boolean windowMeanRemoved,
        List<String> heldOutEngines,
        boolean testSetOnly) {

    /** The default span of {@code positiveTailMs}: what every model before the option was trained with. */
    public static final TailRange DEFAULT_POSITIVE_TAIL_MS = new TailRange(20, 400);
    /** Where an openwakeword head's positive 80 ms steps end: fixed, not {@code positiveTailMs}. */
    public static final TailRange OPENWAKEWORD_POSITIVE_TAIL_MS = new TailRange(0, 480);

    /**
     * Shortest and longest time (ms) from the phrase's end to a positive window's end.
     *
     * @param minMs at least 0
     * @param maxMs at least {@code minMs}, at most 2000 (longer and the phrase may leave a 1 s window)
     */
    public record TailRange(int minMs, int maxMs) {
        public TailRange {
            if (minMs < 0 || maxMs < minMs || maxMs > 2000) {
                throw new IllegalArgumentException("positive tail must be MIN-MAX ms with 0 <= MIN <= MAX <= 2000, was " + minMs + "-" + maxMs);
            }
        }

        /** Parses {@code MIN-MAX}, e.g. {@code 20-200}. */
        public static TailRange parse(String s) {
            String[] parts = s.trim().split("-", -1);
            if (parts.length != 2) throw new IllegalArgumentException("positive tail must be MIN-MAX in ms, e.g. 20-200, was '" + s + "'");
            try {
                return new TailRange(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("positive tail must be MIN-MAX in whole ms, e.g. 20-200, was '" + s + "'");
            }
        }

        @Override
        public String toString() {
            return minMs + "-" + maxMs;
        }
    }

    public TrainerOptions {
        if (phrase == null || phrase.isBlank()) throw new IllegalArgumentException("the wake phrase must not be empty");
        if (!synthetic && recordings == null) {
            throw new IllegalArgumentException("nothing to train on: give --recordings or allow synthetic speech");
        }
        noiseFiles = noiseFiles == null ? List.of() : List.copyOf(noiseFiles);
        if (positiveCopies < 1) throw new IllegalArgumentException("positiveCopies must be >= 1");
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1");
        if (!(positiveWeight >= 0f)) throw new IllegalArgumentException("positiveWeight must be >= 0 (0 = balanced)");
        if (channels != null) {
            if (channels.length < 2) throw new IllegalArgumentException("channels needs the stem and at least one block, was " + channels.length + " entries");
            for (int c : channels) if (c < 1 || c > 512) throw new IllegalArgumentException("channels must be 1 to 512 each, was " + c);
            channels = channels.clone();
        }
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        if (!(emaDecay >= 0f && emaDecay < 1f)) throw new IllegalArgumentException("emaDecay must be 0 (off) or below 1, was " + emaDecay);
        if (hardNegatives < 0) throw new IllegalArgumentException("hardNegatives must be >= 0, was " + hardNegatives);
        if (hardNegatives > 0 && hardNegativeEpochs < 1) {
            throw new IllegalArgumentException("hardNegativeEpochs must be >= 1 with hard negatives, was " + hardNegativeEpochs);
        }
        if (hardNegatives > 0 && (hardNegativeRounds < 1 || hardNegativeRounds > 10)) {
            throw new IllegalArgumentException("hardNegativeRounds must be 1 to 10 with hard negatives, was " + hardNegativeRounds);
        }
        if (!(voiceColoration >= 0 && voiceColoration <= 1)) {
            throw new IllegalArgumentException("voiceColoration must be in 0..1, was " + voiceColoration);
        }
        if (positiveTailMs == null) positiveTailMs = DEFAULT_POSITIVE_TAIL_MS;
        if (featureMasking == null) featureMasking = FeatureMasking.NONE;
        ensembleWith = ensembleWith == null ? List.of() : List.copyOf(ensembleWith);
        heldOutEngines = heldOutEngines == null ? List.of() : List.copyOf(heldOutEngines);
        if (testSetOnly && testSetDir == null) {
            throw new IllegalArgumentException("a test set only run needs the folder to write it to (--write-test-set DIR)");
        }
        if (frontend == null) frontend = ModelManifest.MFCC_FRONTEND;
        if (!frontend.equals(ModelManifest.MFCC_FRONTEND) && !frontend.equals(ModelManifest.OPENWAKEWORD_FRONTEND)) {
            throw new IllegalArgumentException("frontend must be " + ModelManifest.MFCC_FRONTEND + " or "
                    + ModelManifest.OPENWAKEWORD_FRONTEND + ", was " + frontend);
        }
        if (frontend.equals(ModelManifest.OPENWAKEWORD_FRONTEND) && featureModels == null) {
            throw new IllegalArgumentException("the openwakeword frontend needs the folder of its feature models");
        }
        if (frontend.equals(ModelManifest.OPENWAKEWORD_FRONTEND) && hardNegatives > 0) {
            throw new IllegalArgumentException("hard-negative mining is for the mfcc frontend only");
        }
        if (frontend.equals(ModelManifest.OPENWAKEWORD_FRONTEND) && featureMasking.enabled()) {
            throw new IllegalArgumentException("feature masking is for the mfcc frontend only");
        }
        if (frontend.equals(ModelManifest.OPENWAKEWORD_FRONTEND) && !ensembleWith.isEmpty()) {
            throw new IllegalArgumentException("an ensemble is for the mfcc frontend only");
        }
        if (frontend.equals(ModelManifest.OPENWAKEWORD_FRONTEND) && windowMeanRemoved) {
            throw new IllegalArgumentException("window mean removal is for the mfcc frontend only");
        }
    }

    @Override
    public int[] channels() {
        return channels == null ? null : channels.clone();
    }

    /** Whether {@code speakerId} is a voice of an engine held out whole ({@code engine:...}). */
    public boolean heldOutSpeaker(String speakerId) {
        for (String e : heldOutEngines) {
            if (speakerId.startsWith(e + ":")) return true;
        }
        return false;
    }

    /** Whether the model is a head over openWakeWord's speech embeddings. */
    public boolean openWakeWord() {
        return ModelManifest.OPENWAKEWORD_FRONTEND.equals(frontend);
    }
}
