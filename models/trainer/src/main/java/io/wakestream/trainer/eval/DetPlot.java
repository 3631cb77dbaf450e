package io.wakestream.trainer.eval;

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
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws DET curves (false-reject rate against false accepts per hour, log scale) as a PNG, one curve per model.
 * Points with no false accept are drawn at {@code floorPerHour}, the resolution the negative audio allows.
 */
public final class DetPlot {
    private DetPlot() {}

    public static void write(Path png, String title, Map<String, List<OperatingPoint>> curves, double floorPerHour,
            double targetPerHour) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        double maxX = targetPerHour * 10;
        for (Map.Entry<String, List<OperatingPoint>> e : curves.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), false, true);
            for (OperatingPoint p : e.getValue()) {
                if (Double.isNaN(p.falseAcceptsPerHour()) || Double.isNaN(p.falseRejectRate())) continue;
                double x = Math.max(p.falseAcceptsPerHour(), floorPerHour);
                maxX = Math.max(maxX, x);
                s.add(x, 100.0 * p.falseRejectRate());
            }
            data.addSeries(s);
        }
        LogAxis x = new LogAxis("False accepts per hour (" + fmt(floorPerHour) + " = none seen)");
        x.setRange(floorPerHour * 0.8, maxX * 1.25);
        x.setSmallestValue(floorPerHour * 0.5);
        // Ticks every decade, labelled with plain numbers (0.1, 1, 10) rather than powers of ten.
        x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
        x.setNumberFormatOverride(new java.text.DecimalFormat("0.###"));
        NumberAxis y = new NumberAxis("False-reject rate (%)");
        y.setRange(0, 100);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) renderer.setSeriesStroke(i, new BasicStroke(2f));
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ValueMarker target = new ValueMarker(targetPerHour, Color.RED, new BasicStroke(1f));
        target.setLabel(fmt(targetPerHour) + "/h");
        target.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        target.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        plot.addDomainMarker(target);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        if (png.getParent() != null) Files.createDirectories(png.getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 600);
    }

    public static Map<String, List<OperatingPoint>> single(String name, List<OperatingPoint> points) {
        Map<String, List<OperatingPoint>> m = new LinkedHashMap<>();
        m.put(name, points);
        return m;
    }

    private static String fmt(double v) {
        return v >= 1 ? String.format("%.0f", v) : String.format("%.2g", v);
    }
}
