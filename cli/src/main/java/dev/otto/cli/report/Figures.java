package dev.otto.cli.report;

import dev.otto.autodiff.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart and written as PNG (atomically). Point clouds are shown on
 * their first two coordinates ({@link PairPlot} shows more). Every chart is 640 x 480 on a white
 * background, its colours those of the {@link Palette}, every series in a colour of its own.
 */
public final class Figures {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Width and height of every chart, in pixels. */
    public static final int WIDTH = 640;
    public static final int HEIGHT = 480;

    /** The colour of series {@code k}: {@link Palette#series(int)}. */
    static Color colour(int k) {
        return Palette.series(k);
    }

    private Figures() {
    }

    /** One line of a line chart. */
    public record Line(String name, double[] x, double[] y, boolean dashed) {
        public Line {
            if (x.length != y.length) {
                throw new IllegalArgumentException("line " + name + ": " + x.length + " x values, " + y.length + " y values");
            }
        }
    }

    /** A named point cloud (n x d samples) drawn in one colour of the {@link Palette}. */
    public record Cloud(String name, Tensor points, Color colour) {
    }

    /** Point clouds on their first two coordinates, each in its own colour. */
    public static void scatter(Path png, String title, List<Cloud> clouds) throws IOException {
        write(png, scatterChart(title, clouds));
    }

    static XYChart scatterChart(String title, List<Cloud> clouds) {
        XYChart chart = chart(title, "x1", "x2");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(3);
        for (Cloud cloud : clouds) {
            Tensor x = cloud.points();
            XYSeries s = chart.addSeries(cloud.name(), column(x, 0), x.cols() > 1 ? column(x, 1) : new double[x.rows()]);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(Palette.translucent(cloud.colour(), 110));
        }
        return chart;
    }

    /** Line chart; {@code logY} puts the y axis on a log scale (non-positive values are dropped). */
    public static void lines(Path png, String title, String xLabel, String yLabel, boolean logY, List<Line> lines)
            throws IOException {
        write(png, linesChart(title, xLabel, yLabel, logY, lines));
    }

    /** The chart {@link #lines} draws: one colour per line ({@link Palette#series(int)}). */
    static XYChart linesChart(String title, String xLabel, String yLabel, boolean logY, List<Line> lines) {
        XYChart chart = chart(title, xLabel, yLabel);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setYAxisLogarithmic(logY);
        int c = 0;
        for (Line l : lines) {
            double[][] xy = finitePoints(l.x(), l.y(), logY);
            if (xy[0].length == 0) {
                continue;
            }
            XYSeries s = chart.addSeries(l.name(), xy[0], xy[1]);
            s.setLineColor(colour(c++));
            s.setMarker(xy[0].length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setMarkerColor(s.getLineColor());
            s.setLineStyle(l.dashed() ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("(no finite values)", new double[] {0}, new double[] {logY ? 1 : 0}).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * Paths of a flow on their first two coordinates: {@code states.get(k)} is the n x d state at
     * the k-th saved time; at most {@code maxPaths} paths are drawn (grey), over the data (pale red),
     * with their ends coloured by what they are ({@link Palette}): from noise (blue) to generated
     * samples (green) when {@code fromNoise}, else from data (red) towards noise (blue), as the JKO
     * flow runs.
     */
    public static void trajectories(Path png, String title, List<Tensor> states, Tensor data, int maxPaths,
                                    boolean fromNoise) throws IOException {
        write(png, trajectoriesChart(title, states, data, maxPaths, fromNoise));
    }

    static XYChart trajectoriesChart(String title, List<Tensor> states, Tensor data, int maxPaths, boolean fromNoise) {
        XYChart chart = chart(title, "x1", "x2");
        chart.getStyler().setLegendVisible(true);
        if (data != null) {
            XYSeries d = chart.addSeries("data", column(data, 0), column(data, 1));
            d.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            d.setMarker(SeriesMarkers.CIRCLE);
            d.setMarkerColor(Palette.translucent(Palette.DATA, 40));
        }
        Tensor first = states.get(0);
        Tensor last = states.get(states.size() - 1);
        int paths = Math.min(maxPaths, first.rows());
        for (int i = 0; i < paths; i++) {
            double[] x = new double[states.size()];
            double[] y = new double[states.size()];
            for (int k = 0; k < states.size(); k++) {
                x[k] = states.get(k).get(i, 0);
                y[k] = states.get(k).get(i, 1);
            }
            XYSeries s = chart.addSeries("path " + i, x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Palette.translucent(Palette.PATH, 150));
            s.setLineStyle(SeriesLines.SOLID);
            s.setLineWidth(1f);
            s.setShowInLegend(false);
        }
        ends(chart, fromNoise ? "noise z (start)" : "data x (start)", first, paths, fromNoise ? Palette.NOISE : Palette.DATA);
        ends(chart, fromNoise ? "generated (end)" : "towards noise (end)", last, paths,
                fromNoise ? Palette.GENERATED : Palette.NOISE);
        return chart;
    }

    private static void ends(XYChart chart, String name, Tensor points, int n, Color colour) {
        XYSeries s = chart.addSeries(name, column(points, 0, n), column(points, 1, n));
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(colour);
    }

    /**
     * Points (not joined): each series' (x, y) pairs as markers (circles, then crosses, then
     * diamonds), and guides drawn as dashed lines, on optional log axes (non-positive values dropped
     * there); linear axes get 5% padding so that points on the edge stay visible. Used for measured
     * against bound over generated cases, where several cases share an abscissa.
     */
    public static void points(Path png, String title, String xLabel, String yLabel, boolean logX, boolean logY,
                              List<Line> series, List<Line> guides) throws IOException {
        XYChart chart = chart(title, xLabel, yLabel);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        org.knowm.xchart.style.markers.Marker[] markers = {SeriesMarkers.CIRCLE, SeriesMarkers.CROSS, SeriesMarkers.DIAMOND};
        double[] range = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        int c = 0;
        for (Line l : series) {
            double[][] xy = finitePairs(l.x(), l.y(), logX, logY);
            if (xy[0].length == 0) {
                continue;
            }
            XYSeries s = chart.addSeries(l.name(), xy[0], xy[1]);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(markers[c % markers.length]);
            s.setMarkerColor(colour(c++));
            extend(range, xy);
        }
        for (Line l : guides) {
            double[][] xy = finitePairs(l.x(), l.y(), logX, logY);
            if (xy[0].length == 0) {
                continue;
            }
            XYSeries s = chart.addSeries(l.name(), xy[0], xy[1]);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(SeriesLines.DASH_DASH);
            s.setLineColor(Color.GRAY);
            extend(range, xy);
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("(no finite values)", new double[] {1}, new double[] {1}).setMarker(SeriesMarkers.NONE);
        } else {
            if (!logX) {
                double pad = 0.05 * Math.max(range[1] - range[0], Math.abs(range[1]) * 1e-3 + 1e-300);
                chart.getStyler().setXAxisMin(range[0] - pad);
                chart.getStyler().setXAxisMax(range[1] + pad);
            }
            if (!logY) {
                double pad = 0.05 * Math.max(range[3] - range[2], Math.abs(range[3]) * 1e-3 + 1e-300);
                chart.getStyler().setYAxisMin(range[2] - pad);
                chart.getStyler().setYAxisMax(range[3] + pad);
            }
        }
        write(png, chart);
    }

    private static double[][] finitePairs(double[] x, double[] y, boolean positiveX, boolean positiveY) {
        double[][] yx = finitePoints(y, x, positiveX);
        return finitePoints(yx[1], yx[0], positiveY);
    }

    private static void extend(double[] range, double[][] xy) {
        for (int i = 0; i < xy[0].length; i++) {
            range[0] = Math.min(range[0], xy[0][i]);
            range[1] = Math.max(range[1], xy[0][i]);
            range[2] = Math.min(range[2], xy[1][i]);
            range[3] = Math.max(range[3], xy[1][i]);
        }
    }

    /**
     * A transport plan between point clouds x (blue) and y (red), on their first two coordinates
     * (1-D points: x on the line height 0, y at height 1): a segment x_i -- y_j for each of the
     * {@code maxLines} largest entries P_ij (ties drawn evenly: the entries are shuffled with a fixed
     * seed before the stable sort by mass), its opacity proportional to P_ij / max P.
     */
    public static void coupling(Path png, String title, double[][] x, double[][] y, double[][] plan, int maxLines)
            throws IOException {
        write(png, couplingChart(title, x, y, plan, maxLines));
    }

    static XYChart couplingChart(String title, double[][] x, double[][] y, double[][] plan, int maxLines) {
        boolean line = x[0].length == 1;
        XYChart chart = chart(title, "x1", line ? "source (0) and target (1)" : "x2");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // never over a point of the clouds
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        List<int[]> entries = new java.util.ArrayList<>();
        double largest = 0;
        for (int i = 0; i < plan.length; i++) {
            for (int j = 0; j < plan[i].length; j++) {
                if (plan[i][j] > 0) {
                    entries.add(new int[] {i, j});
                    largest = Math.max(largest, plan[i][j]);
                }
            }
        }
        java.util.Collections.shuffle(entries, new java.util.Random(0));
        entries.sort((p, q) -> Double.compare(plan[q[0]][q[1]], plan[p[0]][p[1]]));
        for (int k = 0; k < Math.min(maxLines, entries.size()); k++) {
            int i = entries.get(k)[0];
            int j = entries.get(k)[1];
            XYSeries s = chart.addSeries("P " + i + "," + j, new double[] {x[i][0], y[j][0]},
                    new double[] {line ? 0 : x[i][1], line ? 1 : y[j][1]});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Palette.translucent(Palette.PATH, (int) Math.round(20 + 200 * plan[i][j] / largest)));
            s.setLineStyle(SeriesLines.SOLID);
            s.setLineWidth(1f);
            s.setShowInLegend(false);
        }
        addPoints(chart, "source x", x, line ? 0 : -1, Palette.NOISE);
        addPoints(chart, "target y", y, line ? 1 : -1, Palette.DATA);
        return chart;
    }

    /** Points on their first two coordinates, or at height {@code level} when level >= 0 (1-D points). */
    private static void addPoints(XYChart chart, String name, double[][] p, int level, Color colour) {
        double[] a = new double[p.length];
        double[] b = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            a[i] = p[i][0];
            b[i] = level >= 0 ? level : p[i][1];
        }
        XYSeries s = chart.addSeries(name, a, b);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(colour);
    }

    static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setAntiAlias(true);
        chart.getStyler().setPlotGridLinesStroke(new BasicStroke(0.5f));
        return chart;
    }

    static void write(Path png, XYChart chart) throws IOException {
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        dev.otto.flows.io.AtomicFiles.write(png, ByteBuffer.wrap(bytes));
    }

    static double[] column(Tensor x, int j) {
        return column(x, j, x.rows());
    }

    private static double[] column(Tensor x, int j, int n) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = x.get(i, j);
        }
        return c;
    }

    private static double[][] finitePoints(double[] x, double[] y, boolean positive) {
        int n = 0;
        double[] fx = new double[x.length];
        double[] fy = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!positive || y[i] > 0)) {
                fx[n] = x[i];
                fy[n] = y[i];
                n++;
            }
        }
        return new double[][] {Arrays.copyOf(fx, n), Arrays.copyOf(fy, n)};
    }
}
