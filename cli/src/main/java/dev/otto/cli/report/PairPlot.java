package dev.otto.cli.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A pair plot of point clouds in R^d, d &gt; 2: the first k = min(d, {@value #MAX_COORDINATES})
 * coordinates in a k x k grid of panels. Panel (i, j), i != j, is the scatter of coordinate j + 1
 * (across) against coordinate i + 1 (up), the projection of the clouds on that coordinate plane;
 * diagonal panel (i, i) is the histogram density of coordinate i + 1, one step line per cloud
 * (counts / (n x bin width), {@value #BINS} bins over the clouds' common range), its marginal. Each
 * cloud keeps its {@link Palette} colour in every panel; the legend below names them.
 */
public final class PairPlot {

    /** The most coordinates shown: a 4 x 4 grid stays readable at {@value #PANEL} pixels a panel. */
    public static final int MAX_COORDINATES = 4;
    /** Side of one panel, in pixels. */
    static final int PANEL = 240;
    /** Bins of the diagonal histograms. */
    static final int BINS = 30;

    private static final int TITLE = 36;
    private static final int LEGEND = 32;
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private PairPlot() {
    }

    /** Draws the pair plot of {@code clouds} (all of one dimension, at least 2) to {@code png}. */
    public static void write(Path png, String title, List<Figures.Cloud> clouds) throws IOException {
        Png.write(png, image(title, clouds));
    }

    /** The number of coordinates shown for clouds of dimension d. */
    static int coordinates(int d) {
        return Math.min(d, MAX_COORDINATES);
    }

    static BufferedImage image(String title, List<Figures.Cloud> clouds) {
        int d = clouds.get(0).points().cols();
        for (Figures.Cloud c : clouds) {
            if (c.points().cols() != d) {
                throw new IllegalArgumentException("clouds: " + c.name() + " has dimension " + c.points().cols()
                        + ", " + clouds.get(0).name() + " " + d);
            }
        }
        if (d < 2) {
            throw new IllegalArgumentException("clouds: a pair plot needs dimension 2 or more, got " + d);
        }
        int k = coordinates(d);
        BufferedImage img = new BufferedImage(k * PANEL, TITLE + k * PANEL + LEGEND, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title + " (first " + k + " of " + d + " coordinates)", 8, 24);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                g.drawImage(BitmapEncoder.getBufferedImage(panel(clouds, i, j)), j * PANEL, TITLE + i * PANEL, null);
            }
        }
        legend(g, clouds, TITLE + k * PANEL);
        g.dispose();
        return img;
    }

    /** Panel (i, j): the histograms of coordinate i + 1 on the diagonal, else x_{j+1} against x_{i+1}. */
    static XYChart panel(List<Figures.Cloud> clouds, int i, int j) {
        boolean diagonal = i == j;
        XYChart chart = new XYChartBuilder().width(PANEL).height(PANEL).xAxisTitle("x" + (j + 1))
                .yAxisTitle(diagonal ? "density of x" + (i + 1) : "x" + (i + 1)).build();
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendVisible(false);
        s.setAntiAlias(true);
        s.setAxisTitleFont(SMALL);
        s.setAxisTickLabelsFont(SMALL);
        s.setChartPadding(4);
        s.setMarkerSize(2);
        s.setXAxisDecimalPattern("0.##");
        s.setYAxisDecimalPattern("0.##");
        double[] across = range(clouds, j);
        s.setXAxisMin(across[0]);
        s.setXAxisMax(across[1]);
        if (diagonal) {
            double[] range = across;
            for (Figures.Cloud c : clouds) {
                double[][] step = histogram(Figures.column(c.points(), i), range[0], range[1]);
                XYSeries line = chart.addSeries(c.name(), step[0], step[1]);
                line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                line.setMarker(SeriesMarkers.NONE);
                line.setLineStyle(SeriesLines.SOLID);
                line.setLineColor(c.colour());
            }
        } else {
            double[] up = range(clouds, i);
            s.setYAxisMin(up[0]);
            s.setYAxisMax(up[1]);
            for (Figures.Cloud c : clouds) {
                XYSeries dots = chart.addSeries(c.name(), Figures.column(c.points(), j), Figures.column(c.points(), i));
                dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                dots.setMarker(SeriesMarkers.CIRCLE);
                dots.setMarkerColor(Palette.translucent(c.colour(), 90));
            }
        }
        return chart;
    }

    /**
     * The density histogram of {@code v} on [lo, hi] as a closed step line: bin edges e_b, heights
     * h_b = count_b / (n (e_{b+1} - e_b)), so that the area under it is the fraction of v in range.
     */
    static double[][] histogram(double[] v, double lo, double hi) {
        double width = (hi - lo) / BINS;
        double[] count = new double[BINS];
        for (double x : v) {
            if (Double.isFinite(x) && x >= lo && x <= hi) {
                count[Math.min(BINS - 1, (int) ((x - lo) / width))]++;
            }
        }
        double[] xs = new double[2 * BINS + 2];
        double[] ys = new double[2 * BINS + 2];
        xs[0] = lo;
        for (int b = 0; b < BINS; b++) {
            double h = count[b] / (v.length * width);
            xs[2 * b + 1] = lo + b * width;
            ys[2 * b + 1] = h;
            xs[2 * b + 2] = lo + (b + 1) * width;
            ys[2 * b + 2] = h;
        }
        xs[2 * BINS + 1] = hi;
        return new double[][] {xs, ys};
    }

    /**
     * The common range of coordinate i over the clouds' finite values (widened when it is one
     * point): every panel of a column (and of a row) shares it, so the panels line up.
     */
    private static double[] range(List<Figures.Cloud> clouds, int i) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Figures.Cloud c : clouds) {
            for (double x : Figures.column(c.points(), i)) {
                if (Double.isFinite(x)) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        if (!(lo <= hi)) {
            return new double[] {-1, 1};
        }
        double pad = hi > lo ? 0 : Math.max(1e-3, Math.abs(lo) * 1e-3);
        return new double[] {lo - pad, hi + pad};
    }

    private static void legend(Graphics2D g, List<Figures.Cloud> clouds, int top) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = 10;
        for (Figures.Cloud c : clouds) {
            g.setColor(c.colour());
            g.fillOval(x, top + 10, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(c.name(), x + 15, top + 20);
            x += 30 + g.getFontMetrics().stringWidth(c.name());
        }
    }
}
