package io.wakestream.trainer.pipeline;

import io.wakestream.trainer.data.ClipCorpus;
import io.wakestream.trainer.dataset.SpeakerSplit;
import io.wakestream.trainer.dataset.WindowSet;
import io.wakestream.trainer.eval.OperatingPoint;
import io.wakestream.trainer.nn.EpochMetrics;
import io.wakestream.trainer.nn.TrainingResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** What a training run made and measured; becomes the manifest's {@code training} block and the model card. */
public record TrainingSummary(
        TrainerOptions options,
        ClipCorpus corpus,
        Map<SpeakerSplit.Part, TreeSet<String>> speakers,
        WindowSet train,
        WindowSet validation,
        TrainingResult training,
        double parityError,
        float threshold,
        HeldOutEvaluation calibration,
        SmoothingChoice smoothing,
        HeldOutEvaluation test,
        double minutes,
        long modelBytes,
        int hardNegativeWindows,
        java.util.List<EnsembleMembers.Member> ensembleMembers) {

    public OperatingPoint testClean() {
        return test.cleanAt(threshold);
    }

    public OperatingPoint testNoisy() {
        return test.noisyAt(threshold);
    }

    /** Facts for the manifest (JSON-friendly values only). */
    Map<String, Object> facts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clips", corpus.clips().size());
        m.put("positiveClips", corpus.positives().size());
        m.put("trainingSpeakers", speakers.getOrDefault(SpeakerSplit.Part.TRAIN, new TreeSet<>()).size());
        m.put("validationSpeakers", speakers.getOrDefault(SpeakerSplit.Part.VALIDATION, new TreeSet<>()).size());
        m.put("testSpeakers", speakers.getOrDefault(SpeakerSplit.Part.TEST, new TreeSet<>()).size());
        m.put("trainingWindows", train.size());
        if (hardNegativeWindows > 0) m.put("hardNegativeWindows", hardNegativeWindows);
        m.put("epochs", training.epochsRun());
        m.put("bestEpoch", training.bestEpoch());
        EpochMetrics best = training.best();
        m.put("validationLoss", round(best.validationLoss()));
        m.put("exportParityMaxAbsDiff", parityError);
        if (options.windowMeanRemoved()) m.put("windowMeanRemoved", true);
        if (!ensembleMembers.isEmpty()) {
            m.put("ensembleWith", ensembleMembers.stream().map(e -> e.name() + " (" + e.dir() + ")").toList());
        }
        m.put("testPositives", test.positives());
        m.put("testNegativeHours", round(test.negativeHours()));
        m.put("testFalseRejectRate", round(testClean().falseRejectRate()));
        m.put("testFalseRejectRateAt10dbSnr", round(testNoisy().falseRejectRate()));
        m.put("testFalseAcceptsPerHour", round(testClean().falseAcceptsPerHour()));
        if (test.delay().caught() > 0) {
            m.put("testDetectionDelayP50Ms", test.delay().p50Ms());
            m.put("testDetectionDelayP95Ms", test.delay().p95Ms());
        }
        m.put("trainingMinutes", round(minutes));
        m.put("seed", options.seed());
        return m;
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
