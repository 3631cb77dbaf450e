package io.wakestream.runner;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A soak run as a PNG against minutes: heap after GC with the devices live and with state in the job (right axis)
 * on top, the resident sets of this JVM and of the broker below; a dashed line where the devices stopped.
 */
final class SoakPlot {
    private SoakPlot() {}

    static void write(Path png, String title, List<SoakSample> samples, long durationMs) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeries heap = new XYSeries("heap after GC (MB)"), rss = new XYSeries("RSS, this JVM (MB)"),
                broker = new XYSeries("RSS, Kafka broker (MB)");
        XYSeries live = new XYSeries("devices live"), state = new XYSeries("devices with state in the job");
        for (SoakSample s : samples) {
            double min = s.elapsedMs() / 60_000.0;
            heap.add(min, SoakSample.mb(s.memory().heapAfterGcBytes()));
            if (s.memory().rssBytes() >= 0) rss.add(min, SoakSample.mb(s.memory().rssBytes()));
            if (s.memory().brokerRssBytes() >= 0) broker.add(min, SoakSample.mb(s.memory().brokerRssBytes()));
            live.add(min, s.liveDevices());
            if (s.devicesWithState() >= 0) state.add(min, s.devicesWithState());
        }
        // Heap on its own plot: tens of MB next to a resident set of a gigabyte would look flat whatever it did.
        XYPlot heapPlot = plot(new NumberAxis("heap after GC, MB"), heap, new Color(0x1f77b4));
        XYSeriesCollection devices = new XYSeriesCollection();
        devices.addSeries(live);
        devices.addSeries(state);
        XYLineAndShapeRenderer deviceRenderer = new XYLineAndShapeRenderer(true, false);
        Color[] deviceColors = {new Color(0x2ca02c), new Color(0x9467bd)};
        for (int i = 0; i < deviceColors.length; i++) {
            deviceRenderer.setSeriesPaint(i, deviceColors[i]);
            deviceRenderer.setSeriesStroke(i, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
        }
        NumberAxis deviceAxis = new NumberAxis("devices");
        deviceAxis.setAutoRangeIncludesZero(true);
        heapPlot.setRangeAxis(1, deviceAxis);
        heapPlot.setDataset(1, devices);
        heapPlot.setRenderer(1, deviceRenderer);
        heapPlot.mapDatasetToRangeAxis(1, 1);

        XYPlot rssPlot = plot(new NumberAxis("resident set, MB"), rss, new Color(0xd62728));
        XYSeriesCollection brokerData = new XYSeriesCollection(broker);
        XYLineAndShapeRenderer brokerRenderer = new XYLineAndShapeRenderer(true, samples.size() <= 60);
        brokerRenderer.setSeriesPaint(0, new Color(0xff7f0e));
        brokerRenderer.setSeriesStroke(0, new BasicStroke(2f));
        rssPlot.setDataset(1, brokerData);
        rssPlot.setRenderer(1, brokerRenderer);

        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("minutes"));
        plot.setGap(12);
        plot.add(heapPlot, 1);
        plot.add(rssPlot, 1);
        for (XYPlot p : List.of(heapPlot, rssPlot)) {
            ValueMarker end = new ValueMarker(durationMs / 60_000.0, Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {3f, 3f}, 0f));
            if (p == heapPlot) {
                end.setLabel("devices stop");
                end.setLabelFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 10));
                end.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
                end.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_RIGHT);
            }
            p.addDomainMarker(end);
        }

        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        if (png.toAbsolutePath().getParent() != null) Files.createDirectories(png.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 800);
    }

    private static XYPlot plot(NumberAxis axis, XYSeries series, Color color) {
        axis.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, series.getItemCount() <= 60);
        r.setSeriesPaint(0, color);
        r.setSeriesStroke(0, new BasicStroke(2f));
        XYPlot p = new XYPlot(new XYSeriesCollection(series), null, axis, r);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }
}
