package io.wakestream.trainer.pipeline;

import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.detect.SmoothingConfig;
import io.wakestream.engine.features.FeatureNormalization;
import io.wakestream.engine.features.MfccConfig;
import io.wakestream.engine.model.InputLayout;
import io.wakestream.engine.model.ModelLoadException;
import io.wakestream.engine.model.ModelManifest;
import io.wakestream.engine.model.OpenWakeWordConfig;
import io.wakestream.engine.model.OpenWakeWordFetcher;
import io.wakestream.engine.model.OpenWakeWordModels;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.engine.stream.OpenWakeWordEmbedder;
import io.wakestream.trainer.data.Augmenter;
import io.wakestream.trainer.data.Clip;
import io.wakestream.trainer.data.ClipCorpus;
import io.wakestream.trainer.data.CorpusSpec;
import io.wakestream.trainer.data.EspeakNgTts;
import io.wakestream.trainer.data.MbrolaTts;
import io.wakestream.trainer.data.Signals;
import io.wakestream.trainer.data.SyntheticCorpusBuilder;
import io.wakestream.trainer.data.UserRecordings;
import io.wakestream.trainer.dataset.FeatureBuilder;
import io.wakestream.trainer.dataset.SpeakerSplit;
import io.wakestream.trainer.dataset.WindowSampler;
import io.wakestream.trainer.dataset.WindowSet;
import io.wakestream.trainer.nn.KwsNetwork;
import io.wakestream.trainer.nn.KwsNetworkConfig;
import io.wakestream.trainer.nn.NetworkTrainer;
import io.wakestream.trainer.nn.OnnxExporter;
import io.wakestream.trainer.nn.TrainingOptions;
import io.wakestream.trainer.nn.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run from clips to a finished model folder: corpus (TTS and/or recordings), split by voice,
 * feature windows with the engine's own code (MFCC frames, or openWakeWord embeddings through the engine's
 * openWakeWord frontend), DS-CNN (or fully connected head) training with early stopping, ONNX export checked
 * against DJL through the engine's scorer, threshold calibrated on validation voices, and a final evaluation on
 * voices held out from both training and calibration, written into the model card.
 */
public final class WakeWordTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(WakeWordTrainer.class);
    /** Largest difference allowed between DJL's and ONNX Runtime's score for the same window. */
    static final double PARITY_TOLERANCE = 1e-4;
    /** The test evaluation's random seed is the run's seed plus this; the written test set uses the same. */
    private static final long TEST_SEED_OFFSET = 11;
    /** Refractory period after a detection. */
    private static final int REFRACTORY_MS = 1500;
    /** Smoothing windows (scores averaged) tried on the validation voices; see {@link SmoothingChoice}. */
    private static final int[] SMOOTHING_CANDIDATES = {1, 2, 3};

    private final TrainerOptions o;
    private final CorpusSpec corpusSpec;

    public WakeWordTrainer(TrainerOptions options, CorpusSpec corpusSpec) {
        this.o = options;
        this.corpusSpec = corpusSpec;
    }

    public TrainingSummary run() throws IOException {
        long t0 = System.nanoTime();
        requireFeatureModels();
        List<EnsembleMembers.Member> members = EnsembleMembers.read(o.ensembleWith(), o.phrase(), o.windowFrames());
        ClipCorpus corpus = corpus();
        LOG.info("Corpus: {}", corpus.summary());
        SpeakerSplit split = speakerSplit();
        Map<SpeakerSplit.Part, List<Clip>> parts = split(split, corpus);
        if (o.testSetDir() != null) writeTestSet(parts.get(SpeakerSplit.Part.TEST));
        Files.createDirectories(o.out());
        List<float[]> noise = Augmenter.loadNoiseFiles(o.noiseFiles());
        Prepared prepared = o.openWakeWord() ? prepareOpenWakeWord(parts, noise) : prepareMfcc(parts, noise);
        if (!members.isEmpty()) EnsembleMembers.requireFeatures(members, prepared.features());
        WindowSet train = prepared.train();
        WindowSet validation = prepared.validation();
        LOG.info("Windows: {} training ({} positive), {} validation ({} positive)", train.size(), train.positives(),
                validation.size(), validation.positives());

        TrainingOptions trainingOptions = TrainingOptions.defaults().withEpochs(o.epochs()).withPatience(o.patience())
                .withBatchSize(o.batchSize()).withLearningRate(o.learningRate()).withSeed(o.seed())
                .withCosineDecay(o.cosineDecay()).withAverageDecay(o.emaDecay()).withFeatureMasking(o.featureMasking())
                .withPositiveWeight(o.positiveWeight() > 0 ? o.positiveWeight() : TrainingOptions.balancedPositiveWeight(train.labels()));
        TrainingResult result;
        int hardWindows = 0;
        double maxParityError;
        try (KwsNetwork net = KwsNetwork.create(prepared.network(), o.seed())) {
            LOG.info("Network: {} parameters, {} multiply-adds per window", net.parameterCount(), net.multiplyAdds());
            result = new NetworkTrainer(trainingOptions).train(net, train.features(), train.labels(),
                    validation.features(), validation.labels());
            for (int round = 1; o.hardNegatives() > 0 && round <= o.hardNegativeRounds(); round++) {
                WindowSet hard = hardNegatives(net, prepared.features(), parts, noise);
                train = train.plus(hard);
                hardWindows += hard.size();
                LOG.info("Hard-negative round {} of {}: {} training windows ({} of them hard negatives)", round,
                        o.hardNegativeRounds(), train.size(), hardWindows);
                TrainingResult next = new NetworkTrainer(trainingOptions.withEpochs(o.hardNegativeEpochs()))
                        .continueTraining(net, train.features(), train.labels(), validation.features(), validation.labels());
                result = TrainingResult.passes(result, next);
            }
            OnnxExporter.export(net, o.out(), Map.of("wakePhrase", o.phrase()));
            ModelManifest provisional = manifest(prepared.features(), new DetectionConfig(0.5f, SmoothingConfig.movingAverage(3), REFRACTORY_MS), Map.of());
            provisional.write(o.out());
            maxParityError = ExportParity.check(net, WakeWordModel.loadFresh(o.out()), validation, 512);
            LOG.info("Export parity: largest |DJL - ONNX Runtime| = {} over 512 validation windows", maxParityError);
            if (maxParityError > PARITY_TOLERANCE) {
                throw new IllegalStateException("exported ONNX model disagrees with DJL by " + maxParityError + " (> " + PARITY_TOLERANCE + ")");
            }
            if (!members.isEmpty()) {
                double ensembleError = EnsembleMembers.merge(members, o.out(), net, validation, 512);
                LOG.info("Averaged with {}: largest |mean of the members - the merged model| = {} over 512 validation windows",
                        members.stream().map(EnsembleMembers.Member::name).toList(), ensembleError);
                if (ensembleError > PARITY_TOLERANCE) {
                    throw new IllegalStateException("the merged model disagrees with the mean of its members by " + ensembleError
                            + " (> " + PARITY_TOLERANCE + ")");
                }
                maxParityError = Math.max(maxParityError, ensembleError);
            }
        }
        MfccConfig featureConfig = prepared.features();

        HeldOutEvaluation.Scored validationScores = HeldOutEvaluation.score("validation", WakeWordModel.loadFresh(o.out()),
                parts.get(SpeakerSplit.Part.VALIDATION), o.evalNegativeHours(), o.seed() + 7);
        SmoothingChoice choice = SmoothingChoice.choose(validationScores, o.targetFalseAcceptsPerHour(), REFRACTORY_MS,
                SMOOTHING_CANDIDATES);
        for (SmoothingChoice.Candidate c : choice.candidates()) {
            LOG.info("Validation, mean of {} scores: threshold {} ({}), recall {} clean / {} at 10 dB, delay p50 {} ms",
                    c.smoothing().averageOver(), io.wakestream.trainer.eval.ThresholdSweep.format(c.threshold()), c.withinTarget() ? "within the target" : "target not reached",
                    String.format("%.1f%%", 100 * c.recallClean()), String.format("%.1f%%", 100 * c.recallNoisy()), c.delayP50Ms());
        }
        HeldOutEvaluation calibration = choice.evaluation();
        DetectionConfig detection = choice.detection();
        float threshold = detection.threshold();
        LOG.info("Chosen: mean of {} scores, threshold {}", detection.smoothing().averageOver(), io.wakestream.trainer.eval.ThresholdSweep.format(threshold));
        manifest(featureConfig, detection, Map.of()).withEnsemble(EnsembleMembers.spec(members)).write(o.out());
        HeldOutEvaluation test = HeldOutEvaluation.run("test", WakeWordModel.loadFresh(o.out()),
                parts.get(SpeakerSplit.Part.TEST), o.evalNegativeHours(), TEST_SEED_OFFSET + o.seed());
        double minutes = (System.nanoTime() - t0) / 60e9;
        TrainingSummary summary = new TrainingSummary(o, corpus, split.speakers(corpus.clips(), Clip::speakerId, Clip::positive),
                train, validation, result, maxParityError, threshold, calibration, choice, test, minutes, Files.size(o.out().resolve(WakeWordModel.ONNX_FILE)),
                hardWindows, members);
        Map<String, Object> facts = summary.facts();
        manifest(featureConfig, detection, facts).withEnsemble(EnsembleMembers.spec(members)).write(o.out());
        test.writeDetPlot(o.out().resolve("det.png"), o.phrase());
        ModelCard.write(o.out().resolve("MODEL_CARD.md"), summary);
        LOG.info("Model written to {} in {} minutes", o.out(), String.format("%.1f", minutes));
        return summary;
    }

    /**
     * The training voices' hardest negative moments for the network as it is now ({@link HardNegatives}), as
     * normalised training windows: each clean and once with background noise, room and level.
     */
    private WindowSet hardNegatives(KwsNetwork net, MfccConfig features, Map<SpeakerSplit.Part, List<Clip>> parts, List<float[]> noise) {
        MfccConfig raw = features.withNormalization(null);
        List<HardNegatives.Mined> mined = new HardNegatives(raw, features.normalization(), o.windowFrames(), o.scoreEveryFrames(), o.threads())
                .mine(net, negatives(parts, SpeakerSplit.Part.TRAIN), o.hardNegatives());
        List<float[]> windows = new ArrayList<>();
        for (HardNegatives.Mined m : mined) windows.add(m.audio());
        WindowSet set = new TrainingWindows(windowSampler(raw), new FeatureBuilder(raw, o.windowFrames()), noise, o.seed() + 200, o.voiceColoration(), o.threads())
                .negatives("hard negatives", windows, 2);
        TrainingWindows.normalize(set, features.normalization());
        return set;
    }

    /** Cuts this run's MFCC windows: the model's length, positives ending the asked tail after the phrase. */
    private WindowSampler windowSampler(MfccConfig raw) {
        return new WindowSampler(raw, o.windowFrames(), o.positiveTailMs().minMs(), o.positiveTailMs().maxMs());
    }

    /** Training and validation windows, the network to train on them and the manifest's feature configuration. */
    private record Prepared(WindowSet train, WindowSet validation, KwsNetworkConfig network, MfccConfig features) {}

    /** MFCC windows with the engine's extractor, normalised with statistics that go into the manifest. */
    private Prepared prepareMfcc(Map<SpeakerSplit.Part, List<Clip>> parts, List<float[]> noise) {
        MfccConfig raw = MfccConfig.defaults();
        WindowSampler sampler = windowSampler(raw);
        FeatureBuilder features = new FeatureBuilder(raw, o.windowFrames());
        WindowSet train = new TrainingWindows(sampler, features, noise, o.seed(), o.voiceColoration(), o.threads())
                .build("training", positives(parts, SpeakerSplit.Part.TRAIN), negatives(parts, SpeakerSplit.Part.TRAIN),
                        o.positiveCopies(), o.negativeWindowsPerSecond(), true);
        WindowSet validation = new TrainingWindows(sampler, features, noise, o.seed() + 100, o.voiceColoration(), o.threads())
                .build("validation", positives(parts, SpeakerSplit.Part.VALIDATION), negatives(parts, SpeakerSplit.Part.VALIDATION),
                        2, o.negativeWindowsPerSecond(), true);
        FeatureNormalization norm = FeatureBuilder.statistics(List.of(train.features()), raw.coefficients());
        TrainingWindows.normalize(train, norm);
        TrainingWindows.normalize(validation, norm);
        KwsNetworkConfig net = KwsNetworkConfig.defaults().withFrames(o.windowFrames()).withCoefficients(raw.coefficients());
        if (o.channels() != null) net = net.withChannels(o.channels());
        net = net.withWindowMeanRemoved(o.windowMeanRemoved());
        return new Prepared(train, validation, net, raw.withNormalization(norm));
    }

    /**
     * Head inputs computed by openWakeWord's own feature models through the engine, exactly as it will feed them
     * at run time; the feature models are copied into the model folder so the folder is complete on its own.
     */
    private Prepared prepareOpenWakeWord(Map<SpeakerSplit.Part, List<Clip>> parts, List<float[]> noise) throws IOException {
        requireFeatureModels();
        for (String f : List.of(OpenWakeWordFetcher.MELSPECTROGRAM, OpenWakeWordFetcher.EMBEDDING)) {
            Path from = o.featureModels().resolve(f);
            Path to = o.out().resolve(f);
            if (!Files.exists(to) || Files.mismatch(from, to) != -1) Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        WindowSet train;
        WindowSet validation;
        try (OpenWakeWordModels models = OpenWakeWordModels.featureModels(o.out(), o.windowFrames())) {
            OpenWakeWordEmbedder embedder = new OpenWakeWordEmbedder(models);
            train = new EmbeddingWindows(embedder, noise, o.seed(), o.threads())
                    .build("training", positives(parts, SpeakerSplit.Part.TRAIN), negatives(parts, SpeakerSplit.Part.TRAIN),
                            o.positiveCopies(), o.negativeWindowsPerSecond());
            validation = new EmbeddingWindows(embedder, noise, o.seed() + 100, o.threads())
                    .build("validation", positives(parts, SpeakerSplit.Part.VALIDATION), negatives(parts, SpeakerSplit.Part.VALIDATION),
                            2, o.negativeWindowsPerSecond());
        } catch (ModelLoadException e) {
            throw new IllegalArgumentException("--feature-models " + o.featureModels() + ": " + e.getMessage(), e);
        }
        KwsNetworkConfig net = KwsNetworkConfig.embeddingHead(o.windowFrames(), OpenWakeWordConfig.EMBEDDING_SIZE, 64);
        return new Prepared(train, validation, net, null);
    }

    /** Refuses a run whose feature models are missing before any time is spent on the corpus. */
    private void requireFeatureModels() {
        if (!o.openWakeWord()) return;
        for (String f : List.of(OpenWakeWordFetcher.MELSPECTROGRAM, OpenWakeWordFetcher.EMBEDDING)) {
            if (!Files.isRegularFile(o.featureModels().resolve(f))) {
                throw new IllegalArgumentException("--feature-models " + o.featureModels() + " has no " + f
                        + "; `./wakestream models fetch openwakeword` lays out folders that have both feature models");
            }
        }
    }

    private ModelManifest manifest(MfccConfig features, DetectionConfig detection, Map<String, Object> training) {
        String license = o.recordings() == null ? "Trained by wakestream-trainer on synthetic speech; the weights are yours to license."
                : "Trained by wakestream-trainer on your recordings; the weights are yours to license.";
        if (o.openWakeWord()) {
            return new ModelManifest(ModelManifest.FORMAT_VERSION, o.modelName(), "1.0.0", o.phrase(), ModelManifest.OPENWAKEWORD_FRONTEND,
                    null, o.windowFrames(), new ModelManifest.InputSpec(KwsNetwork.INPUT_NAME, InputLayout.NTC),
                    new ModelManifest.OutputSpec(KwsNetwork.OUTPUT_NAME, ModelManifest.OutputMeaning.PROBABILITY),
                    1, detection,
                    "model.onnx (the head): " + license.replace("Trained", "trained") + " " + OpenWakeWordFetcher.MELSPECTROGRAM
                            + " and " + OpenWakeWordFetcher.EMBEDDING + ": Apache-2.0 (openWakeWord, https://github.com/dscripka/openWakeWord).",
                    training, new OpenWakeWordConfig(OpenWakeWordFetcher.MELSPECTROGRAM, OpenWakeWordFetcher.EMBEDDING, null));
        }
        return new ModelManifest(ModelManifest.FORMAT_VERSION, o.modelName(), "1.0.0", o.phrase(), ModelManifest.MFCC_FRONTEND,
                features, o.windowFrames(), new ModelManifest.InputSpec(KwsNetwork.INPUT_NAME, InputLayout.N1TC),
                new ModelManifest.OutputSpec(KwsNetwork.OUTPUT_NAME, ModelManifest.OutputMeaning.PROBABILITY),
                o.scoreEveryFrames(), detection, license, training);
    }

    /**
     * Builds the corpus, splits it by voice as {@link #run} does and writes the test voices' audio to the options'
     * test set folder: the same files a full run with the same options writes, without training anything.
     *
     * @return the test voices, by speaker id
     */
    public java.util.SortedSet<String> writeTestSetOnly() throws IOException {
        ClipCorpus corpus = corpus();
        LOG.info("Corpus: {}", corpus.summary());
        Map<SpeakerSplit.Part, List<Clip>> parts = split(speakerSplit(), corpus);
        List<Clip> test = parts.get(SpeakerSplit.Part.TEST);
        writeTestSet(test);
        java.util.SortedSet<String> voices = new java.util.TreeSet<>();
        for (Clip c : test) voices.add(c.speakerId());
        return voices;
    }

    /** The test voices' audio, as the final evaluation streams it, to the options' test set folder. */
    private void writeTestSet(List<Clip> test) throws IOException {
        TestSetWriter.write(o.testSetDir(), test, o.evalNegativeHours(), TEST_SEED_OFFSET + o.seed());
        LOG.info("Test voices' audio written to {}", o.testSetDir());
    }

    /**
     * Made-up voices only train: held-out figures stay on the engines' own voices, comparable with or without them.
     * MBROLA's recorded speakers are held out among themselves, and the voices of engines held out whole are all
     * test voices; neither moves any other speaker.
     */
    private SpeakerSplit speakerSplit() {
        return new SpeakerSplit(0.15, 0.15, o.seed(), EspeakNgTts::isGeneratedSpeaker,
                s -> MbrolaTts.isSpeaker(s) ? MbrolaTts.NAME : "", o::heldOutSpeaker);
    }

    /** The corpus split by voice, each part logged; every part must have positives. */
    private static Map<SpeakerSplit.Part, List<Clip>> split(SpeakerSplit split, ClipCorpus corpus) {
        Map<SpeakerSplit.Part, List<Clip>> parts = split.split(corpus.clips(), Clip::speakerId, Clip::positive);
        for (SpeakerSplit.Part p : SpeakerSplit.Part.values()) {
            long pos = parts.get(p).stream().filter(Clip::positive).count();
            LOG.info("{}: {} clips ({} positive) from {} speakers", p, parts.get(p).size(), pos,
                    parts.get(p).stream().map(Clip::speakerId).distinct().count());
            if (pos == 0) {
                throw new IllegalStateException("no positive clips for " + p.name().toLowerCase()
                        + " after splitting by speaker: give recordings from more speakers or allow more voices");
            }
        }
        return parts;
    }

    private ClipCorpus corpus() throws IOException {
        ClipCorpus corpus = new ClipCorpus(List.of());
        if (o.synthetic()) {
            SyntheticCorpusBuilder builder = SyntheticCorpusBuilder.standard(o.cacheDir());
            corpus = corpus.plus(builder.build(corpusSpec));
            LOG.info("Synthetic corpus: {}", builder.lastReport());
        }
        if (o.recordings() != null) {
            UserRecordings.Result r = UserRecordings.loadPositives(o.recordings(), o.phrase());
            r.problems().forEach(p -> LOG.warn("Skipped recording {}", p));
            corpus = corpus.plus(new ClipCorpus(r.clips()));
        }
        if (o.negativeRecordings() != null) {
            UserRecordings.Result r = UserRecordings.loadNegatives(o.negativeRecordings());
            r.problems().forEach(p -> LOG.warn("Skipped recording {}", p));
            corpus = corpus.plus(new ClipCorpus(r.clips()));
        }
        if (corpus.clips().isEmpty()) throw new IllegalStateException("no training clips: no TTS engine and no recordings");
        return corpus;
    }

    private static List<Clip> positives(Map<SpeakerSplit.Part, List<Clip>> parts, SpeakerSplit.Part p) {
        List<Clip> out = new ArrayList<>();
        for (Clip c : parts.get(p)) if (c.positive()) out.add(c);
        return out;
    }

    private static List<Clip> negatives(Map<SpeakerSplit.Part, List<Clip>> parts, SpeakerSplit.Part p) {
        List<Clip> out = new ArrayList<>();
        for (Clip c : parts.get(p)) if (!c.positive()) out.add(c);
        return out;
    }

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static float[] floats(Clip c) {
        return Signals.toFloat(c.audio());
    }
}
