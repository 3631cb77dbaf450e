package io.wakestream.runner;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Every detected phrase of one or more bench runs as a dot: when its end was captured (seconds into the run) against
 * its wake latency (top) and its transcript's latency after the command's end (bottom), one colour per run. A warm-up
 * spike or a stall shows as a cluster of high dots at one time, which percentiles hide.
 */
final class PhraseOutcomePlot {
    private PhraseOutcomePlot() {}

    static void write(Path png, String title, List<BenchResult> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection wake = new XYSeriesCollection(), text = new XYSeriesCollection();
        double maxSeconds = 1;
        for (int run = 0; run < results.size(); run++) {
            BenchResult r = results.get(run);
            String label = (run + 1) + ": N=" + r.settings().devices() + ", " + BenchPlot.mode(r.settings());
            XYSeries w = new XYSeries(label, false, true), t = new XYSeries(label, false, true);
            long start = PhraseOutcomeCsv.runStartMs(r.outcome().phrases());
            for (PhraseMatcher.PhraseOutcome p : r.outcome().phrases()) {
                if (p.phraseEndWallMs() == null) continue;
                double at = (p.phraseEndWallMs() - start) / 1000.0;
                maxSeconds = Math.max(maxSeconds, at);
                // A log axis cannot show 0 or less; a latency that small is drawn at 1 ms.
                if (p.wakeLatencyMs() != null) w.add(at, Math.max(1, p.wakeLatencyMs()));
                if (p.transcriptLatencyMs() != null) t.add(at, Math.max(1, p.transcriptLatencyMs()));
            }
            wake.addSeries(w);
            text.addSeries(t);
        }
        NumberAxis x = new NumberAxis("end of the phrase, seconds into the run");
        x.setRange(0, Math.ceil(maxSeconds / 10) * 10 + 1);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(12);
        plot.add(dots(wake, "wake latency ms"), 1);
        plot.add(dots(text, "transcript latency ms (after the command)"), 1);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        if (png.toAbsolutePath().getParent() != null) Files.createDirectories(png.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 700);
    }

    private static XYPlot dots(XYSeriesCollection data, String label) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, BenchPlot.color(i));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        LogAxis y = new LogAxis(label);
        y.setSmallestValue(1);
        y.setTickUnit(new NumberTickUnit(1.0));
        y.setNumberFormatOverride(new java.text.DecimalFormat("0"));
        return BenchPlot.styled(new XYPlot(data, null, y, renderer));
    }
}
