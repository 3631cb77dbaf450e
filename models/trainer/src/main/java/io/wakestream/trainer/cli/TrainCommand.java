package io.wakestream.trainer.cli;

import io.wakestream.trainer.data.CorpusSpec;
import io.wakestream.trainer.nn.FeatureMasking;
import io.wakestream.trainer.pipeline.TrainerOptions;
import io.wakestream.trainer.pipeline.TrainingSummary;
import io.wakestream.trainer.pipeline.WakeWordTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./wakestream train}: makes a model folder for any phrase. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Trains a wake-word model for any phrase from your recordings and/or synthetic speech (espeak-ng,"
                + " flite and festival voices, whichever are installed), with hard negatives that sound like the phrase,"
                + " running speech, silence and noise, and augmentation (noise, reverberation, gain, speed, pitch, equaliser, echo)."
                + " Validation and test are split by voice. Writes model.onnx, manifest.json, MODEL_CARD.md and det.png.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--phrase", required = true, description = "The wake phrase, e.g. \"jarvis\" or \"hey computer\".")
    String phrase;

    @Option(names = "--name", description = "Model name (default: the phrase, with dashes).")
    String name;

    @Option(names = "--out", paramLabel = "DIR", description = "Model folder to write (default: models/NAME).")
    Path out;

    @Option(names = "--recordings", paramLabel = "DIR",
            description = "Your recordings of the phrase: one sub-folder per speaker, or files named SPEAKER_anything.wav.")
    Path recordings;

    @Option(names = "--negative-recordings", paramLabel = "DIR", description = "Your recordings WITHOUT the phrase (same layout).")
    Path negativeRecordings;

    @Option(names = "--noise", paramLabel = "FILE", description = "Background noise WAV to mix in (repeatable).")
    List<Path> noise = new ArrayList<>();

    @Option(names = "--no-tts", description = "Do not synthesise speech; train on recordings only.")
    boolean noTts;

    @Option(names = "--voices", defaultValue = "0", description = "At most this many synthetic voices (0 = all; default ${DEFAULT-VALUE}).")
    int voices;

    @Option(names = "--styles", defaultValue = "4", description = "Rate/pitch styles per voice (default ${DEFAULT-VALUE}).")
    int styles;

    @Option(names = "--generated-voices", defaultValue = "0", paramLabel = "N", description = "Make up N more"
            + " espeak-ng speakers (random pitch, formants, breath, and for some rhythm, spectral tilt, echo; each reading with an English voice in turn) on top of"
            + " --voices. They only train: validation and test stay on the engines' own voices (default ${DEFAULT-VALUE}).")
    int generatedVoices;

    @Option(names = "--ensemble-with", paramLabel = "DIR", description = "Average this run's network with the model in"
            + " DIR (repeatable): one ONNX model gives the mean of their scores, and that is what is calibrated, evaluated"
            + " and written. DIR must be an mfcc model this trainer made on the same corpus (the same clip options and"
            + " --seed, so the same feature normalisation) with the same --frames; refused by name otherwise, before any"
            + " training. The networks are also written beside it (member-1.onnx = this run's, member-2.onnx ...), so the"
            + " engine runs the others only on windows where this run's network scores high enough for a detection to"
            + " come of it: the ensemble costs about one network's CPU (README).")
    List<Path> ensembleWith = new ArrayList<>();

    @Option(names = "--accent-styles", paramLabel = "ACCENT=N", description = "Styles per voice for the voices of one"
            + " accent instead of --styles, e.g. en-us=4 for more of the phrase as your users say it (repeatable;"
            + " accents as the voices give them: en-us, en-gb, en-gb-scotland, de...).")
    Map<String, Integer> accentStyles = new LinkedHashMap<>();

    @Option(names = "--plain-voice-styles", paramLabel = "N", defaultValue = "0",
            description = "Styles per voice for espeak-ng's plain language voices (en-us, en-gb, de...: the voices"
                    + " without a variant, which every variant modifies) instead of --styles; 0 (the default): the same"
                    + " as the rest. Drawn like the others they say the phrase a few times among thousands (\"jarvis\":"
                    + " 12 made the model hear them better, not as well as the MFCC model jarvis-v6 does).")
    int plainVoiceStyles;

    @Option(names = "--engine-draws", paramLabel = "ENGINE=K",
            description = "Draw each voice of ENGINE (flite, festival, espeak-ng, mbrola, rhvoice, pico) K times instead of once, each"
                    + " time with its own styles, sound-alikes and sentences (repeatable). flite has 5 voices and"
                    + " festival 3 against espeak-ng's thousands, so drawn once they say the phrase a few dozen times in"
                    + " all, and a model trained so hears none of their voices. For \"jarvis\" flite=16 and"
                    + " festival=16 did not mend that and made the model worse (README, \"Measured figures\")."
                    + " mbrola=K adds espeak-ng's MBROLA voices (20 recorded speakers, most reading English with"
                    + " another language's sounds; Debian contrib/non-free packages mbrola, mbrola-us1...), used only"
                    + " when asked for, on top of --voices; a share of them is held out for validation and test like"
                    + " the rest. For \"jarvis\" mbrola=12 taught the held-out ones little (README, \"Recorded"
                    + " speakers\").")
    Map<String, Integer> engineDraws = new LinkedHashMap<>();

    @Option(names = "--held-out-engine", paramLabel = "ENGINE",
            description = "Make every voice of ENGINE a test voice (repeatable): never trained or validated on, counted"
                    + " in the test figures and written by --write-test-set (file names say engine and voice). An"
                    + " engine used only on request (mbrola, rhvoice, pico) joins the corpus, each voice drawn once"
                    + " unless --engine-draws says more. rhvoice (Debian non-free: rhvoice rhvoice-english; 6 English"
                    + " voices, each trained on recordings of one person) and pico (libttspico-utils; en-US, en-GB) are"
                    + " the nearest to people this machine can make: a test of how a model hears voices it was not"
                    + " made from. rhvoice's slt is the same person as flite's and festival's slt.")
    List<String> heldOutEngines = new ArrayList<>();

    @Option(names = "--test-set-only",
            description = "Build the corpus, split it by voice, write the test set (--write-test-set DIR) and stop:"
                    + " no training, no model. The files are those a full run with the same options writes, so models"
                    + " can be compared on them with `./wakestream eval`.")
    boolean testSetOnly;

    @Option(names = "--confusables-per-voice", defaultValue = "10", description = "Sound-alike words per voice (default ${DEFAULT-VALUE}).")
    int confusables;

    @Option(names = "--sentences-per-voice", defaultValue = "6", description = "Running-speech sentences per voice (default ${DEFAULT-VALUE}).")
    int sentences;

    @Option(names = "--copies", defaultValue = "3", description = "Augmented windows per positive clip (default ${DEFAULT-VALUE}).")
    int copies;

    @Option(names = "--negatives-per-second", defaultValue = "2.0", description = "Training windows per second of negative audio (default ${DEFAULT-VALUE}).")
    double negativesPerSecond;

    @Option(names = "--epochs", defaultValue = "40", description = "Maximum epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", defaultValue = "6", description = "Stop after this many epochs without validation improvement (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--batch-size", defaultValue = "64",
            description = "Windows per optimiser step (default ${DEFAULT-VALUE}). For \"jarvis\" 256 ran epochs 2-3"
                    + " times faster: with 24 epochs and --ema-decay 0.998 the model trained in 27 minutes instead of 44,"
                    + " and came out slightly worse (README, \"Bigger batches\").")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--lr-schedule", defaultValue = "fixed", paramLabel = "fixed|cosine",
            description = "fixed: the learning rate stays at --learning-rate (the default). cosine: it falls along a half"
                    + " cosine over each pass's epochs (the first pass and every hard-negative round) to a hundredth of"
                    + " --learning-rate, so the last epochs settle (for \"jarvis\", with 14 epochs, worse than fixed with 30).")
    String learningRateSchedule;

    @Option(names = "--ema-decay", paramLabel = "D", defaultValue = "0",
            description = "0: keep the network's parameters as trained (the default). Between 0 and 1, e.g. 0.999:"
                    + " validate, keep and export an exponential moving average of them, moved towards the trained"
                    + " ones by 1 - D after every optimiser step (about the last 1 / (1 - D) steps), which sits nearer"
                    + " the middle of a minimum than the last step does. With 0.999 the validation loss falls smoothly,"
                    + " so early stopping rarely ends training: cap --epochs (\"jarvis\": 16 epochs and 3 per hard-negative"
                    + " round made a model as good as 30 and 4 without the average).")
    float emaDecay;

    @Option(names = "--frontend", defaultValue = "mfcc", paramLabel = "mfcc|openwakeword",
            description = "mfcc: a DS-CNN over the engine's MFCC frames (the default). openwakeword: a small fully connected"
                    + " head over openWakeWord's speech embeddings (its melspectrogram and embedding models, Apache-2.0, are"
                    + " copied into the model folder; the head is yours to license).")
    String frontend;

    @Option(names = "--feature-models", paramLabel = "DIR", defaultValue = "models/openwakeword/hey_jarvis",
            description = "With --frontend openwakeword: a folder holding melspectrogram.onnx and embedding_model.onnx, such as"
                    + " any folder `./wakestream models fetch openwakeword` lays out (default ${DEFAULT-VALUE}).")
    Path featureModels;

    @Option(names = "--window-frames", description = "Frames the model sees: 10 ms MFCC frames (default 100), or 80 ms"
            + " embeddings with --frontend openwakeword (default 16, as openWakeWord's heads).")
    Integer windowFrames;

    @Option(names = "--score-every", defaultValue = "4", description = "MFCC models: score a window every this many frames at"
            + " run time (default ${DEFAULT-VALUE}); openwakeword heads score every 80 ms step.")
    int scoreEvery;

    @Option(names = "--write-test-set", paramLabel = "DIR",
            description = "Also write the held-out test voices' audio as WAV files (positives/, positives-10db/,"
                    + " negatives/stream.wav), exactly as the final evaluation streams it, so `./wakestream eval` can compare"
                    + " other models on voices this model never trained on.")
    Path testSetDir;

    @Option(names = "--positive-weight", defaultValue = "0",
            description = "Weight of positive windows in the loss (default ${DEFAULT-VALUE}: balance the classes). Below"
                    + " the balanced value the model is pushed harder to keep negatives low, which is where a target of"
                    + " 0.5 false accepts per hour (one in about 45,000 scores) is decided.")
    float positiveWeight;

    @Option(names = "--channels", split = ",", paramLabel = "N,N,...",
            description = "MFCC frontend: output channels of the DS-CNN's stem and of each depthwise-separable block"
                    + " (default 16,32,48,48). Scoring cost grows about with the square of the channels.")
    int[] channels;

    @Option(names = "--remove-window-mean",
            description = "MFCC frontend: the network first subtracts, per coefficient, the window's mean over its frames"
                    + " (cepstral mean removal inside the model, so a fixed colouring of voice, microphone or room is taken"
                    + " away before any layer sees it; the engine and the model contract are unchanged).")
    boolean removeWindowMean;

    @Option(names = "--hard-negatives", paramLabel = "N", defaultValue = "4000",
            description = "MFCC frontend: after the first pass, stream every negative clip of the training voices through"
                    + " the model and train a second pass with the N clips it scores highest (their hardest window"
                    + " each, clean and with noise). Aims at the few sound-alike moments that decide a 0.5 false accepts"
                    + " per hour target; validation and test voices are not looked at. 0: one pass only. Default"
                    + " ${DEFAULT-VALUE} (for \"jarvis\" 4000 of 11,383 clips did better than 8000).")
    int hardNegatives;

    @Option(names = "--hard-negative-epochs", paramLabel = "N", defaultValue = "4",
            description = "Maximum epochs of the hard-negative pass (default ${DEFAULT-VALUE}).")
    int hardNegativeEpochs;

    @Option(names = "--hard-negative-rounds", paramLabel = "N", defaultValue = "2",
            description = "Times to mine hard negatives and train again, each round with the network the last pass left."
                    + " Default ${DEFAULT-VALUE} (for \"jarvis\" two rounds caught 62.0%% of held-out phrases at 0.5 false"
                    + " accepts per hour against 52.1%% with one, for about 6 more minutes of training).")
    int hardNegativeRounds;

    @Option(names = "--voice-coloration", paramLabel = "P", defaultValue = "0",
            description = "MFCC frontend: chance per training clip of a random equaliser (1-3 peaking bands, -20 to +10 dB,"
                    + " 150-6500 Hz) and, at a quarter of that chance, an echo (40-200 ms, 10-40%%): timbres the TTS voices"
                    + " lack (weak formants, bright or muffled microphones, a near wall). Default ${DEFAULT-VALUE}: none. For"
                    + " \"jarvis\" 0.25 caught more held-out phrases at 0.5 false accepts per hour (70.0%% against 62.0%%, in"
                    + " noise 66.6%% against 46.7%%) but missed a plain espeak-ng voice at most alignments"
                    + " (models/jarvis-c25's card).")
    double voiceColoration;

    @Option(names = "--positive-tail-ms", paramLabel = "MIN-MAX", defaultValue = "20-400",
            description = "MFCC frontend: a positive training window ends between MIN and MAX ms after the phrase (default"
                    + " ${DEFAULT-VALUE}). The model learns to say yes over that span, so MAX bounds how late after the"
                    + " phrase it is taught to fire: a shorter span asks for earlier wake events.")
    String positiveTailMs;

    @Option(names = "--feature-masks", paramLabel = "T,F,C,W", defaultValue = "0,0,0,0",
            description = "MFCC frontend: on every training window, each time it goes into a batch, up to T spans of at"
                    + " most F frames and up to C bands of at most W coefficients are set to the training mean (SpecAugment),"
                    + " fresh every epoch, so the model cannot lean on one moment or band of the phrase. Validation is"
                    + " never masked. Default ${DEFAULT-VALUE}: none. For \"jarvis\" 2,10,2,2 with 20 epochs made a"
                    + " worse model (README, \"Bigger batches\").")
    String featureMasks;

    @Option(names = "--threads", defaultValue = "2", description = "Threads making training windows (MFCC features or openWakeWord embeddings) and mining hard negatives; the windows do not depend on it (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--eval-hours", defaultValue = "2.0",
            description = "Hours of continuous negative audio for threshold calibration and for the final test (default ${DEFAULT-VALUE}).")
    double evalHours;

    @Option(names = "--target-fa-per-hour", defaultValue = "0.5", description = "False accepts per hour the default threshold aims at (default ${DEFAULT-VALUE}).")
    double targetPerHour;

    @Option(names = "--cache", paramLabel = "DIR", description = "Cache of synthesised clips (default: ~/.cache/wakestream).")
    Path cache;

    @Option(names = "--seed", defaultValue = "7", description = "Seed for every random choice (default ${DEFAULT-VALUE}).")
    long seed;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The arguments as given, quoted where needed, so the model card can show how to repeat the run. */
    private String commandLine() {
        // originalArgs() holds the whole command line, the subcommand name included.
        StringBuilder b = new StringBuilder("./wakestream");
        for (String a : spec.commandLine().getParseResult().originalArgs()) {
            b.append(' ').append(a.matches("[A-Za-z0-9_./:=@+-]+") ? a : "\"" + a.replace("\"", "\\\"") + "\"");
        }
        return b.toString();
    }

    @Override
    public Integer call() throws Exception {
        String modelName = name != null ? name : phrase.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        Path dir = out != null ? out : Path.of("models", modelName);
        Path cacheDir = cache != null ? cache : Path.of(System.getProperty("user.home"), ".cache", "wakestream");
        boolean oww = io.wakestream.engine.model.ModelManifest.OPENWAKEWORD_FRONTEND.equals(frontend);
        int frames = windowFrames != null ? windowFrames : oww ? 16 : 100;
        if (!learningRateSchedule.equals("fixed") && !learningRateSchedule.equals("cosine")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--lr-schedule must be fixed or cosine, was '" + learningRateSchedule + "'");
        }
        if (oww && spec.commandLine().getParseResult().hasMatchedOption("--positive-tail-ms")) {
            // Not silently ignored: an openwakeword head labels its 80 ms steps itself.
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--positive-tail-ms is for the mfcc frontend; openwakeword heads label the 80 ms steps ending "
                            + TrainerOptions.OPENWAKEWORD_POSITIVE_TAIL_MS + " ms after the phrase");
        }
        if (oww && spec.commandLine().getParseResult().hasMatchedOption("--feature-masks")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--feature-masks is for the mfcc frontend");
        }
        if (oww && removeWindowMean) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--remove-window-mean is for the mfcc frontend");
        }
        if (oww && !ensembleWith.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--ensemble-with is for the mfcc frontend");
        }
        List<String> engines = io.wakestream.trainer.data.TtsCatalog.defaults().engineNames();
        for (String e : heldOutEngines) {
            if (!engines.contains(e)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--held-out-engine: no engine is called '" + e + "' (engines: " + String.join(", ", engines) + ")");
            }
        }
        if (testSetOnly && testSetDir == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--test-set-only writes only the test set: give the folder with --write-test-set DIR");
        }
        FeatureMasking masking;
        try {
            masking = FeatureMasking.parse(featureMasks);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--feature-masks: " + e.getMessage());
        }
        TrainerOptions.TailRange tail;
        try {
            tail = TrainerOptions.TailRange.parse(positiveTailMs);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--positive-tail-ms: " + e.getMessage());
        }
        TrainerOptions options = new TrainerOptions(phrase, modelName, dir, recordings, negativeRecordings, noise, !noTts,
                voices, styles, copies, negativesPerSecond, epochs, patience, batchSize, learningRate, frames,
                oww ? 1 : scoreEvery, evalHours, targetPerHour, cacheDir, seed, commandLine(), frontend,
                oww ? featureModels : null, threads, testSetDir, positiveWeight, oww ? null : channels,
                oww ? 0 : hardNegatives, hardNegativeEpochs,
                hardNegativeRounds, oww ? 0 : voiceColoration, "cosine".equals(learningRateSchedule), emaDecay, tail, masking,
                oww ? List.of() : ensembleWith, removeWindowMean, heldOutEngines, testSetOnly);
        // A held-out engine's voices must be in the corpus to be held out: drawn once unless the draws say more.
        Map<String, Integer> draws = new LinkedHashMap<>(engineDraws);
        for (String e : heldOutEngines) draws.putIfAbsent(e, 1);
        CorpusSpec spec = new CorpusSpec(phrase, voices, styles, 1, confusables, sentences, 2, 60, 60, cacheDir, 2, seed,
                generatedVoices, accentStyles, plainVoiceStyles, draws);
        if (testSetOnly) {
            java.util.SortedSet<String> testVoices = new WakeWordTrainer(options, spec).writeTestSetOnly();
            System.out.printf(Locale.ROOT, "%nTest set of %d voices written to %s: %s%n", testVoices.size(), testSetDir,
                    testVoices);
            return 0;
        }
        TrainingSummary s = new WakeWordTrainer(options, spec).run();
        System.out.printf(Locale.ROOT, "%nModel: %s%n", dir);
        System.out.printf(Locale.ROOT, "Threshold %s (for %.1f false accepts/hour on validation voices)%n",
                io.wakestream.trainer.eval.ThresholdSweep.format(s.threshold()), targetPerHour);
        System.out.printf(Locale.ROOT, "Test voices (%d clips): recall %.1f%% clean, %.1f%% at 10 dB SNR; %.2f false accepts/hour over %.1f h%n",
                s.test().positives(), 100 * (1 - s.testClean().falseRejectRate()), 100 * (1 - s.testNoisy().falseRejectRate()),
                s.testClean().falseAcceptsPerHour(), s.test().negativeHours());
        if (s.test().delay().caught() > 0) {
            System.out.printf(Locale.ROOT, "Detection delay after the phrase's end (test voices, clean): p50 %.0f ms, p95 %.0f ms%n",
                    s.test().delay().p50Ms(), s.test().delay().p95Ms());
        }
        System.out.printf(Locale.ROOT, "Model file %d bytes; training took %.1f minutes; details in %s%n", s.modelBytes(), s.minutes(),
                dir.resolve("MODEL_CARD.md"));
        return 0;
    }
}
