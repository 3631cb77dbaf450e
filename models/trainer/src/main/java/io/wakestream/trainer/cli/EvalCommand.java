package io.wakestream.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.audio.WavReader;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.trainer.eval.DetPlot;
import io.wakestream.trainer.eval.EvaluationReport;
import io.wakestream.trainer.eval.Evaluator;
import io.wakestream.trainer.eval.OperatingPoint;
import io.wakestream.trainer.eval.ScoreTrace;
import io.wakestream.trainer.eval.SpeakerRecall;
import io.wakestream.trainer.eval.DetectionDelay;
import io.wakestream.trainer.eval.PhraseEnds;
import io.wakestream.trainer.eval.ThresholdSweep;
import io.wakestream.trainer.util.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./wakestream eval}: false rejects and false accepts per hour over thresholds, a table and a DET plot. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluates one or more models: false-reject rate on positive clips (each clip must contain the wake phrase once) and false accepts per hour on long continuous negative audio, over a range of thresholds. Prints a table, and writes a DET-curve PNG and a JSON report to --out. Where a positives folder has a phrase-ends.csv (file,phraseEndMs; `train --write-test-set` writes one), also how long after the phrase's end each model fires.")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", required = true, description = "Model folder; repeat to compare models.")
    List<Path> models;

    @Option(names = "--positives", paramLabel = "PATH", required = true, description = "WAV clips of the wake phrase (files or folders, repeatable).")
    List<Path> positives;

    @Option(names = "--negatives", paramLabel = "PATH", required = true,
            description = "Long WAV recordings without the wake phrase: running speech, noise (files or folders, repeatable).")
    List<Path> negatives;

    @Option(names = "--target-fa-per-hour", defaultValue = "0.5", description = "False accepts per hour to report the threshold for (default ${DEFAULT-VALUE}).")
    double targetPerHour;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "eval-report", description = "Where det.png and report.json go (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<Path> positiveFiles = Evaluator.wavFiles(positives);
        List<Path> negativeFiles = Evaluator.wavFiles(negatives);
        if (positiveFiles.isEmpty()) throw new IllegalArgumentException("no WAV files found in --positives " + positives);
        if (negativeFiles.isEmpty()) throw new IllegalArgumentException("no WAV files found in --negatives " + negatives);
        List<PcmAudio> clips = new ArrayList<>();
        List<String> clipNames = new ArrayList<>();
        List<String> speakers = new ArrayList<>();
        List<Path> loaded = new ArrayList<>();
        for (Path p : positiveFiles) {
            try {
                clips.add(WavReader.read(p));
                clipNames.add(p.toString());
                speakers.add(SpeakerRecall.speakerOf(p, positives.stream().filter(r -> p.startsWith(r)).findFirst().orElse(null)));
                loaded.add(p);
            } catch (IOException e) {
                System.err.println("wakestream eval: skipping " + DetectCommand.describe(p, e));
            }
        }
        List<Long> phraseEnds = PhraseEnds.forClips(loaded);
        List<EvaluationReport> reports = new ArrayList<>();
        for (Path dir : models) {
            WakeWordModel model = WakeWordModel.load(dir);
            reports.add(evaluate(model, clips, clipNames, speakers, phraseEnds, negativeFiles, targetPerHour));
        }
        printTable(System.out, reports, targetPerHour);
        Files.createDirectories(out);
        Map<String, List<OperatingPoint>> curves = new LinkedHashMap<>();
        for (EvaluationReport r : reports) curves.put(r.model(), r.points());
        double hours = reports.get(0).negativeHours();
        DetPlot.write(out.resolve("det.png"), "DET: " + clips.size() + " positive clips, "
                + String.format(Locale.ROOT, "%.2f", hours) + " h negative audio", curves, 1 / Math.max(hours, 1e-9) / 2, targetPerHour);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("report.json").toFile(), reports);
        System.out.println("Wrote " + out.resolve("det.png") + " and " + out.resolve("report.json"));
        return 0;
    }

    /**
     * Scores every clip and negative file once, then sweeps thresholds over the traces.
     *
     * @param speakers each clip's speaker ({@link SpeakerRecall#speakerOf}), for recall by speaker
     * @param phraseEndsMs where the phrase ends in each clip (null entries where unknown), for the detection delay
     */
    public static EvaluationReport evaluate(WakeWordModel model, List<PcmAudio> clips, List<String> clipNames,
            List<String> speakers, List<Long> phraseEndsMs, List<Path> negativeFiles, double targetPerHour) throws IOException {
        Evaluator ev = new Evaluator(model);
        String name = model.manifest().name();
        List<ScoreTrace> pos = new ArrayList<>();
        try (ProgressBar bar = new ProgressBar("eval " + name + ": positives", clips.size())) {
            for (int i = 0; i < clips.size(); i++) {
                pos.add(ev.trace(clipNames.get(i), clips.get(i)));
                bar.step();
            }
        }
        List<ScoreTrace> neg = new ArrayList<>();
        try (ProgressBar bar = new ProgressBar("eval " + name + ": negatives", negativeFiles.size())) {
            for (Path f : negativeFiles) {
                try {
                    neg.add(ev.trace(f));
                } catch (IOException e) {
                    System.err.println("wakestream eval: skipping " + DetectCommand.describe(f, e));
                }
                bar.step();
            }
        }
        var m = model.manifest();
        DetectionDelay delay = phraseEndsMs.stream().allMatch(java.util.Objects::isNull) ? null
                : DetectionDelay.measure(pos, phraseEndsMs, m.wakePhrase(), m.detection(), m.features());
        return report(model, pos, speakers, neg, targetPerHour, ev.cpuMsPerAudioSecond(), delay);
    }

    public static EvaluationReport report(WakeWordModel model, List<ScoreTrace> pos, List<String> speakers,
            List<ScoreTrace> neg, double targetPerHour, double cpuMsPerSecond, DetectionDelay delay) {
        var m = model.manifest();
        List<OperatingPoint> points = ThresholdSweep.sweep(m.wakePhrase(), m.detection(), m.features(), pos, neg,
                ThresholdSweep.defaultThresholds());
        OperatingPoint atDefault = ThresholdSweep.sweep(m.wakePhrase(), m.detection(), m.features(), pos, neg,
                new float[] {m.detection().threshold()}).get(0);
        double hours = neg.stream().mapToLong(ScoreTrace::audioMs).sum() / 3_600_000.0;
        return new EvaluationReport(m.name(), pos.size(), hours, points, ThresholdSweep.bestWithin(points, targetPerHour),
                atDefault, cpuMsPerSecond, delay, SpeakerRecall.at(m.wakePhrase(), m.detection(), m.features(), pos, speakers));
    }

    static void printTable(PrintStream out, List<EvaluationReport> reports, double target) {
        out.printf(Locale.ROOT, "%-24s %9s %9s | %-28s | %-28s | %8s | %s%n", "model", "positives", "neg hours",
                "at " + target + " FA/h: thr  FRR", "at default: thr  FRR  FA/h", "CPU ms/s", "delay p50/p95 ms");
        for (EvaluationReport r : reports) {
            String t = r.atTarget() == null ? "not reached" : String.format(Locale.ROOT, "%s  %5.1f%%", ThresholdSweep.format(r.atTarget().threshold()), 100 * r.atTarget().falseRejectRate());
            OperatingPoint d = r.atDefault();
            String delay = r.delay() == null ? "- (no " + PhraseEnds.FILE + ")"
                    : String.format(Locale.ROOT, "%.0f / %.0f", r.delay().p50Ms(), r.delay().p95Ms());
            out.printf(Locale.ROOT, "%-24s %9d %9.2f | %-28s | %-28s | %8.3f | %s%n", r.model(), r.positives(),
                    r.negativeHours(), t, String.format(Locale.ROOT, "%s  %5.1f%%  %6.2f", ThresholdSweep.format(d.threshold()),
                            100 * d.falseRejectRate(), d.falseAcceptsPerHour()), r.cpuMsPerAudioSecond(), delay);
        }
        out.println();
        for (EvaluationReport r : reports) {
            out.println(r.model() + ": threshold  FRR  FA/h");
            int high = 0;
            for (OperatingPoint p : r.points()) {
                float th = p.threshold();
                // The whole sweep is in report.json; the table shows a readable subset: tenths, then every other
                // point of the fine grid near 1.
                boolean show = th < 0.97f ? Math.round(th * 100) % 10 == 0 : high++ % 2 == 0;
                if (show) {
                    out.printf(Locale.ROOT, "  %-10s %5.1f%%  %7.2f%n", ThresholdSweep.format(th), 100 * p.falseRejectRate(), p.falseAcceptsPerHour());
                }
            }
            if (r.bySpeaker().size() > 1) {
                // The voices a model misses are rarely spread: the worst first shows what its training lacked.
                out.println(r.model() + ": caught by speaker at the default threshold, fewest first");
                for (SpeakerRecall s : r.bySpeaker()) {
                    out.printf(Locale.ROOT, "  %-32s %4d / %-4d %5.1f%%%n", s.speaker(), s.caught(), s.clips(), 100 * s.recall());
                }
            }
        }
    }
}
