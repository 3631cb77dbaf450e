package io.wakestream.trainer.pipeline;

import io.wakestream.trainer.data.Clip;
import io.wakestream.trainer.data.EspeakNgTts;
import io.wakestream.trainer.dataset.SpeakerSplit;
import io.wakestream.trainer.eval.OperatingPoint;
import io.wakestream.trainer.nn.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Writes MODEL_CARD.md: what the model was trained on, how to reproduce it, and what it measured. */
final class ModelCard {
    private ModelCard() {}

    static void write(Path file, TrainingSummary s) throws IOException {
        TrainerOptions o = s.options();
        StringBuilder b = new StringBuilder();
        b.append("# Model card: ").append(o.modelName()).append("\n\n");
        if (o.openWakeWord()) {
            b.append("Wake phrase: **\"").append(o.phrase()).append("\"**. A fully connected head (two hidden layers of 64,")
                    .append(" ReLU) over the last ").append(o.windowFrames()).append(" of openWakeWord's 96-dim speech embeddings")
                    .append(" (one every 80 ms, from its melspectrogram and embedding models), scored every 80 ms step;")
                    .append(" exported to ONNX (").append(s.modelBytes()).append(" bytes; the two feature models are copied beside it,")
                    .append(" Apache-2.0).\n\n");
        } else {
            int[] channels = o.channels() != null ? o.channels() : io.wakestream.trainer.nn.KwsNetworkConfig.defaults().channels();
            b.append("Wake phrase: **\"").append(o.phrase()).append("\"**. A DS-CNN (channels ")
                    .append(java.util.Arrays.toString(channels)).append(") over ").append(o.windowFrames())
                    .append(" MFCC frames (13 coefficients, 25 ms / 10 ms), scored every ").append(o.scoreEveryFrames())
                    .append(" frames; exported to ONNX (").append(s.modelBytes()).append(" bytes).")
                    .append(o.windowMeanRemoved() ? " The network first subtracts each coefficient's mean over the window"
                            + " (`--remove-window-mean`)." : "").append("\n\n");
        }
        if (!s.ensembleMembers().isEmpty()) {
            b.append("**An ensemble**: the ONNX model gives the mean of the scores of this run's network and of ")
                    .append(String.join(", ", s.ensembleMembers().stream().map(m -> m.name() + " (`" + m.dir() + "`)").toList()))
                    .append(" (`--ensemble-with`). The networks are kept beside it (")
                    .append(String.join(", ", EnsembleMembers.files(s.ensembleMembers().size()).stream().map(f -> "`" + f + "`").toList()))
                    .append(", this run's first), so the engine runs the first on every window and the others only where")
                    .append(" a detection can still come of it: scoring costs about one network, not ").append(s.ensembleMembers().size() + 1)
                    .append(". Training figures below are this run's network's; calibration and")
                    .append(" the held-out figures are the ensemble's. To reproduce it, reproduce each member first.\n\n");
        }
        b.append("## Reproduce\n\n```bash\n").append(o.commandLine()).append("\n```\n\n");
        b.append("Training took ").append(String.format(Locale.ROOT, "%.1f", s.minutes()))
                .append(" minutes on the machine that made this card (2 cores), synthesis of uncached clips included.\n\n");

        b.append("## Data\n\n");
        Map<Clip.Kind, Integer> kinds = s.corpus().countByKind();
        b.append(String.format(Locale.ROOT, "%d clips, %.1f minutes of audio: ", s.corpus().clips().size(), s.corpus().totalSeconds() / 60));
        kinds.forEach((k, v) -> b.append(v).append(' ').append(k.name().toLowerCase(Locale.ROOT)).append(", "));
        b.setLength(b.length() - 2);
        b.append(".\n\n");
        Map<String, Integer> engines = new TreeMap<>();
        for (Clip c : s.corpus().clips()) {
            String id = c.speakerId();
            engines.merge(id.contains(":") ? id.substring(0, id.indexOf(':')) : id, 1, Integer::sum);
        }
        b.append("Clips by source: ");
        engines.forEach((k, v) -> b.append(k).append(' ').append(v).append(", "));
        b.setLength(b.length() - 2);
        b.append(".\n\n");
        b.append("Voices are split, never clips: training, validation (early stopping, threshold calibration) and test")
                .append(" (the figures below) share no voice.\n\n");
        b.append("| split | voices |\n|---|---|\n");
        for (SpeakerSplit.Part p : SpeakerSplit.Part.values()) {
            TreeSet<String> v = new TreeSet<>(s.speakers().getOrDefault(p, new TreeSet<>()));
            int all = v.size();
            v.removeIf(EspeakNgTts::isGeneratedSpeaker);
            int madeUp = all - v.size();
            b.append("| ").append(p.name().toLowerCase(Locale.ROOT)).append(" | ").append(all).append(": ")
                    .append(madeUp > 0 ? madeUp + " made-up espeak-ng voices (--generated-voices), " : "")
                    .append(abbreviate(String.join(", ", v), 600)).append(" |\n");
        }
        b.append("\nAugmentation: speed 0.88-1.12 and pitch +-2.5 semitones per clip")
                .append(o.voiceColoration() > 0 && !o.openWakeWord() ? String.format(Locale.ROOT,
                        ", an equaliser (1-3 peaking bands, -20 to +10 dB) on %.0f%% of clips and an echo (40-200 ms,"
                        + " 10-40%%) on %.1f%%", 100 * o.voiceColoration(), 25 * o.voiceColoration()) : "")
                .append("; per ")
                .append(o.openWakeWord() ? "stream (the clip with earlier and later audio, embedded step by step)" : "window")
                .append(" background noise")
                .append(" (white, pink, brown") .append(o.noiseFiles().isEmpty() ? "" : ", noise files")
                .append(") at -3 to 30 dB SNR, room reverberation (RT60 0.15-0.9 s), gain -18 to +6 dB.\n");
        b.append(String.format(Locale.ROOT, "Training windows: %d (%d positive%s); validation windows: %d (%d positive).%n%n",
                s.train().size(), s.train().positives(),
                o.openWakeWord() ? ", each an 80 ms step ending " + TrainerOptions.OPENWAKEWORD_POSITIVE_TAIL_MS + " ms after the phrase"
                        : ", each ending " + o.positiveTailMs() + " ms after the phrase",
                s.validation().size(), s.validation().positives()));

        b.append("## Training\n\n");
        b.append(o.positiveWeight() > 0
                ? String.format(Locale.ROOT, "Positive windows weigh %.2f in the loss (negatives 1).%n", o.positiveWeight())
                : "Positive windows weigh negatives / positives in the loss (balanced classes).\n");
        b.append(String.format(Locale.ROOT, "Batches of %d windows.%n", o.batchSize()));
        if (o.featureMasking().enabled()) {
            b.append(String.format(Locale.ROOT, "Feature masking (`--feature-masks %s`): every training window, each time it went"
                    + " into a batch, had up to %d spans of at most %d frames and up to %d bands of at most %d coefficients"
                    + " set to the training mean.%n", o.featureMasking(), o.featureMasking().timeMasks(),
                    o.featureMasking().maxFrames(), o.featureMasking().coefficientMasks(), o.featureMasking().maxCoefficients()));
        }
        b.append(o.cosineDecay()
                ? String.format(Locale.ROOT, "Adam, learning rate falling along a half cosine from %s to a hundredth of it over each pass's epochs.%n", o.learningRate())
                : String.format(Locale.ROOT, "Adam, learning rate %s throughout.%n", o.learningRate()));
        if (o.emaDecay() > 0) {
            b.append(String.format(Locale.ROOT, "Validated, kept and exported: an exponential moving average of the parameters"
                    + " (decay %s per optimiser step).%n", o.emaDecay()));
        }
        if (s.hardNegativeWindows() > 0 && o.hardNegativeRounds() == 1) {
            b.append(String.format(Locale.ROOT, "Two passes: after the first, every negative clip of the training voices was"
                    + " streamed through the model and the %d it scored highest (their hardest window each, clean and with"
                    + " noise: %d windows) joined the training set for a second pass of at most %d epochs (the last"
                    + " epochs counted below).%n", o.hardNegatives(), s.hardNegativeWindows(), o.hardNegativeEpochs()));
        } else if (s.hardNegativeWindows() > 0) {
            b.append(String.format(Locale.ROOT, "%d passes: after the first, %d times every negative clip of the training"
                    + " voices was streamed through the model as it then was and the %d it scored highest (their hardest"
                    + " window each, clean and with noise) joined the training set for another pass of at most %d epochs"
                    + " (%d hard-negative windows in all; the last epochs counted below).%n", o.hardNegativeRounds() + 1,
                    o.hardNegativeRounds(), o.hardNegatives(), o.hardNegativeEpochs(), s.hardNegativeWindows()));
        }
        b.append(String.format(Locale.ROOT, "%d epochs run, best epoch %d (early stopping on validation loss%s).%n",
                s.training().epochsRun(), s.training().bestEpoch(), s.training().stoppedEarly() ? ", stopped early" : ""));
        EpochMetrics best = s.training().best();
        b.append(String.format(Locale.ROOT, "Best epoch: validation loss %.4f, accuracy %.4f, recall %.4f at 1%% false-positive windows.%n",
                best.validationLoss(), best.validationAccuracy(), best.recallAtFalsePositiveBudget()));
        b.append(String.format(Locale.ROOT, "Export check: ONNX Runtime and DJL agree within %.2g on 512 validation windows.%n%n", s.parityError()));

        b.append("## Measured on held-out voices\n\n");
        var detection = s.smoothing().detection();
        b.append(String.format(Locale.ROOT, "Threshold %s and smoothing (mean of %d scores), chosen on the validation voices for at"
                + " most %.1f false accepts per hour; refractory %.1f s. Each positive is streamed with quiet before it; every other one "
                + "is followed, after a 0.15-0.5 s pause, by more held-out speech, as a command follows the wake word.%n%n",
                io.wakestream.trainer.eval.ThresholdSweep.format(s.threshold()), detection.smoothing().averageOver(), o.targetFalseAcceptsPerHour(), detection.refractoryMs() / 1000.0));
        b.append("Smoothing candidates on the validation voices (the most recall within the target; recall within 0.5 points"
                + " ties, and the shorter delay wins):\n\n");
        b.append("| mean of | threshold | within target | recall clean | recall 10 dB | delay p50 |\n|---:|---:|---|---:|---:|---:|\n");
        for (SmoothingChoice.Candidate c : s.smoothing().candidates()) {
            b.append(String.format(Locale.ROOT, "| %d%s | %s | %s | %.1f%% | %.1f%% | %.0f ms |%n", c.smoothing().averageOver(),
                    c.smoothing().equals(detection.smoothing()) ? " (chosen)" : "", io.wakestream.trainer.eval.ThresholdSweep.format(c.threshold()), c.withinTarget() ? "yes" : "no",
                    100 * c.recallClean(), 100 * c.recallNoisy(), c.delayP50Ms()));
        }
        b.append("\n");
        OperatingPoint clean = s.testClean(), noisy = s.testNoisy();
        b.append("| test voices | value |\n|---|---|\n");
        b.append(String.format(Locale.ROOT, "| positive clips | %d |%n", s.test().positives()));
        b.append(String.format(Locale.ROOT, "| recall, clean | %.1f%% |%n", 100 * (1 - clean.falseRejectRate())));
        b.append(String.format(Locale.ROOT, "| recall, noise at 10 dB SNR | %.1f%% |%n", 100 * (1 - noisy.falseRejectRate())));
        b.append(String.format(Locale.ROOT, "| false accepts per hour (%.1f h continuous speech, confusable words and noise) | %.2f (%d) |%n",
                s.test().negativeHours(), clean.falseAcceptsPerHour(), clean.falseAccepts()));
        OperatingPoint bestTest = io.wakestream.trainer.eval.ThresholdSweep.bestWithin(s.test().clean(), 0.5);
        if (bestTest != null) {
            b.append(String.format(Locale.ROOT, "| (hindsight) threshold for 0.5 FA/h on the test stream | %s, recall %.1f%% |%n",
                    io.wakestream.trainer.eval.ThresholdSweep.format(bestTest.threshold()), 100 * (1 - bestTest.falseRejectRate())));
        }
        var delay = s.test().delay();
        b.append(String.format(Locale.ROOT, "| detection delay after the phrase's end, clean (p50 / p95 / max, %d caught) | %.0f / %.0f / %.0f ms |%n",
                delay.caught(), delay.p50Ms(), delay.p95Ms(), delay.maxMs()));
        b.append(String.format(Locale.ROOT, "| CPU per second of audio, one stream, features + scoring%s | %.3f ms |%n%n",
                s.ensembleMembers().isEmpty() ? "" : " (every network on every window, as evaluation scores; the engine"
                        + " runs the later ones only where a detection can come of it)", s.test().cpuMsPerAudioSecond()));
        b.append("DET curves on the test voices: `det.png`.\n\n");
        List<HeldOutEvaluation.FalseAcceptSource> fa = s.test().falseAccepts();
        if (!fa.isEmpty()) {
            b.append("What the test stream was saying where the model fired at these settings (the stream reuses its clips with"
                    + " new gain, noise and pauses, so one clip can fire more than once):\n\n| said | kind | voice | false accepts |\n|---|---|---|---:|\n");
            for (HeldOutEvaluation.FalseAcceptSource f : fa.subList(0, Math.min(10, fa.size()))) {
                b.append("| ").append(f.said().replace("|", "/")).append(" | ").append(f.kind()).append(" | ").append(f.voice())
                        .append(" | ").append(f.count()).append(" |\n");
            }
            if (fa.size() > 10) b.append("| (").append(fa.size() - 10).append(" more) | | | |\n");
            b.append("\n");
        }
        b.append("All voices are synthetic (text-to-speech). How well these figures carry over to people is not measured")
                .append(" here; evaluate with your own recordings: `./wakestream eval --model DIR --positives CLIPS --negatives LONG.wav`.\n");
        Files.writeString(file, b.toString());
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + " ...";
    }
}
