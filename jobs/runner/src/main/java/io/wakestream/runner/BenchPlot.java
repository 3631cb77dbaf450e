package io.wakestream.runner;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The sweep as a PNG: job CPU per audio second per stream (top) and wake latency p50 and p99 (bottom, log scale)
 * against the number of devices (log scale), one colour per delivery mode.
 */
final class BenchPlot {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd)};

    private BenchPlot() {}

    static void write(Path png, String title, List<BenchResult> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, XYSeries> cpu = new LinkedHashMap<>(), p50 = new LinkedHashMap<>(), p99 = new LinkedHashMap<>();
        double maxN = 1;
        for (BenchResult r : results) {
            String mode = mode(r.settings());
            double n = r.settings().devices();
            maxN = Math.max(maxN, n);
            cpu.computeIfAbsent(mode, k -> new XYSeries(k, true, true)).add(n, r.cpu().jobMs());
            Long m = PhraseMatcher.percentile(r.outcome().wakeLatenciesMs(), 50);
            Long h = PhraseMatcher.percentile(r.outcome().wakeLatenciesMs(), 99);
            // A log axis cannot show 0 or less; a latency that small is drawn at 1 ms.
            if (m != null) p50.computeIfAbsent(mode, k -> new XYSeries(k + " p50", true, true)).add(n, Math.max(1, m));
            if (h != null) p99.computeIfAbsent(mode, k -> new XYSeries(k + " p99", true, true)).add(n, Math.max(1, h));
        }
        List<String> modes = List.copyOf(cpu.keySet());

        LogAxis x = new LogAxis("devices (real-time streams)");
        x.setSmallestValue(0.5);
        x.setRange(0.7, maxN * 1.4);
        x.setTickUnit(new NumberTickUnit(1.0));
        x.setNumberFormatOverride(new java.text.DecimalFormat("0"));
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(12);

        XYSeriesCollection cpuData = new XYSeriesCollection();
        XYLineAndShapeRenderer cpuRenderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < modes.size(); i++) {
            cpuData.addSeries(cpu.get(modes.get(i)));
            cpuRenderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            cpuRenderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        // Log scale: at one device the job's fixed costs dominate, at many the per-stream cost is a few ms.
        LogAxis cpuAxis = new LogAxis("job CPU ms per audio second per stream");
        cpuAxis.setSmallestValue(0.01);
        cpuAxis.setTickUnit(new NumberTickUnit(1.0));
        cpuAxis.setNumberFormatOverride(new java.text.DecimalFormat("0.##"));
        double minCpu = results.stream().mapToDouble(r -> r.cpu().jobMs()).filter(v -> v > 0).min().orElse(1);
        double maxCpu = results.stream().mapToDouble(r -> r.cpu().jobMs()).max().orElse(10);
        cpuAxis.setRange(Math.pow(10, Math.floor(Math.log10(Math.max(0.01, minCpu)))), Math.max(10, maxCpu * 1.5));
        plot.add(styled(new XYPlot(cpuData, null, cpuAxis, cpuRenderer)), 1);

        XYSeriesCollection latData = new XYSeriesCollection();
        XYLineAndShapeRenderer latRenderer = new XYLineAndShapeRenderer(true, true);
        int s = 0;
        for (int i = 0; i < modes.size(); i++) {
            Color c = COLORS[i % COLORS.length];
            if (p50.containsKey(modes.get(i))) {
                latData.addSeries(p50.get(modes.get(i)));
                latRenderer.setSeriesPaint(s, c);
                latRenderer.setSeriesStroke(s++, new BasicStroke(2f));
            }
            if (p99.containsKey(modes.get(i))) {
                latData.addSeries(p99.get(modes.get(i)));
                latRenderer.setSeriesPaint(s, c);
                latRenderer.setSeriesStroke(s++, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
            }
        }
        LogAxis latAxis = new LogAxis("wake latency ms (solid p50, dashed p99)");
        latAxis.setSmallestValue(1);
        latAxis.setTickUnit(new NumberTickUnit(1.0));
        latAxis.setNumberFormatOverride(new java.text.DecimalFormat("0"));
        XYPlot latPlot = styled(new XYPlot(latData, null, latAxis, latRenderer));
        // Where the job fell behind real time, its latencies grow with the run's length: say so on the plot.
        for (BenchResult r : results) {
            Long h = PhraseMatcher.percentile(r.outcome().wakeLatenciesMs(), 99);
            if (!r.lag().behindRealTime() || h == null) continue;
            XYTextAnnotation a = new XYTextAnnotation("behind (" + mode(r.settings()) + ")", r.settings().devices(), Math.max(1, h));
            a.setFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 10));
            a.setTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
            latPlot.addAnnotation(a);
        }
        plot.add(latPlot, 1);

        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        if (png.toAbsolutePath().getParent() != null) Files.createDirectories(png.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 800);
    }

    /** The plots' colour for series {@code i}. */
    static Color color(int i) {
        return COLORS[i % COLORS.length];
    }

    static XYPlot styled(XYPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }

    static String mode(BenchSettings s) {
        return (s.checkpointMs() > 0 ? "exactly-once C=" + s.checkpointMs() + " ms" : "at-least-once")
                + (s.chunkMs() != BenchAgents.DEFAULT_CHUNK_MS ? ", " + s.chunkMs() + " ms chunks" : "")
                + (s.streamingRecognizers() > 0 ? ", streaming R=" + s.streamingRecognizers() : "")
                + (s.parallelism() > 1 ? ", P=" + s.parallelism() : "");
    }
}
