package dev.otto.cli.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * A heat map of a density on a square window of the plane, drawn pixel by pixel (Java2D): each cell
 * of a {@code cells x cells} grid is coloured by p(x) = exp(log p(x)) on a perceptual blue-to-yellow
 * scale from 0 to the largest value on the grid, with the window's corners labelled and a colour bar
 * on the right giving the density of each colour.
 */
public final class DensityImage {

    private static final int SIZE = 480;
    private static final int MARGIN = 48;
    /** Width of the colour-bar column: the bar, its ticks and their labels. */
    private static final int BAR = 110;

    /** Colour stops (viridis-like), from low to high. */
    private static final Color[] STOPS = {
        new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140), new Color(94, 201, 98),
        new Color(253, 231, 37)
    };

    private DensityImage() {
    }

    /** The grid of cell centres: {@code cells} points from -half to half. */
    public static double[] axis(double half, int cells) {
        double[] a = new double[cells];
        for (int i = 0; i < cells; i++) {
            a[i] = -half + (i + 0.5) * 2 * half / cells;
        }
        return a;
    }

    /**
     * Draws log-densities {@code logP} (one value per cell, row-major with y decreasing downwards:
     * {@code logP[r * cells + c]} at x = axis[c], y = axis[cells - 1 - r]) to {@code png}.
     */
    public static void write(Path png, String title, double half, int cells, double[] logP) throws IOException {
        if (logP.length != cells * cells) {
            throw new IllegalArgumentException("logP: expected " + cells * cells + " values, got " + logP.length);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logP) {
            if (Double.isFinite(v)) {
                max = Math.max(max, v);
            }
        }
        BufferedImage img = new BufferedImage(SIZE + 2 * MARGIN + BAR, SIZE + 2 * MARGIN, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        double cell = (double) SIZE / cells;
        for (int r = 0; r < cells; r++) {
            for (int c = 0; c < cells; c++) {
                double v = logP[r * cells + c];
                double p = Double.isFinite(v) && Double.isFinite(max) ? Math.exp(v - max) : 0;
                g.setColor(colour(p));
                int x0 = MARGIN + (int) Math.floor(c * cell);
                int y0 = MARGIN + (int) Math.floor(r * cell);
                g.fillRect(x0, y0, (int) Math.ceil(cell) + 1, (int) Math.ceil(cell) + 1);
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(MARGIN, MARGIN, SIZE, SIZE);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(title, MARGIN, MARGIN - 16);
        Function<Double, String> f = v -> String.format(Locale.ROOT, "%.3g", v);
        g.drawString(f.apply(-half), MARGIN - 4, MARGIN + SIZE + 18);
        g.drawString(f.apply(half), MARGIN + SIZE - 20, MARGIN + SIZE + 18);
        g.drawString(f.apply(half), 4, MARGIN + 10);
        g.drawString(f.apply(-half), 4, MARGIN + SIZE);
        g.drawString("max log p = " + f.apply(max), MARGIN + SIZE - 150, MARGIN - 16);
        colourBar(g, Double.isFinite(max) ? Math.exp(max) : 0, f);
        g.dispose();
        Png.write(png, img);
    }

    /** The scale beside the map: p from 0 (bottom) to the largest density on the grid (top), five ticks. */
    private static void colourBar(Graphics2D g, double pMax, Function<Double, String> f) {
        int x0 = MARGIN + SIZE + 24;
        int width = 18;
        for (int y = 0; y <= SIZE; y++) {
            g.setColor(colour(1 - (double) y / SIZE));
            g.drawLine(x0, MARGIN + y, x0 + width, MARGIN + y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x0, MARGIN, width, SIZE);
        for (int k = 0; k <= 4; k++) {
            int y = MARGIN + SIZE - k * SIZE / 4;
            g.drawLine(x0 + width, y, x0 + width + 4, y);
            g.drawString(f.apply(pMax * k / 4), x0 + width + 7, y + 5);
        }
        g.drawString("p(x)", x0 - 2, MARGIN - 16);
    }

    /** The colour of a relative density p in [0, 1]. */
    static Color colour(double p) {
        double s = Math.max(0, Math.min(1, p)) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) Math.floor(s));
        double w = s - i;
        Color a = STOPS[i];
        Color b = STOPS[i + 1];
        return new Color((int) Math.round(a.getRed() + w * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + w * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + w * (b.getBlue() - a.getBlue())));
    }
}
