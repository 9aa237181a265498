package dev.otto.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** Pair plots of the first coordinates of clouds in R^d, d > 2. */
class PairPlotTest {

    @TempDir
    Path dir;

    private static List<Figures.Cloud> clouds(int d) {
        SplittableRandom rng = new SplittableRandom(3);
        return List.of(new Figures.Cloud("data", Tensor.randn(200, d, rng), Palette.DATA),
                new Figures.Cloud("generated", Tensor.randn(200, d, rng).scale(1.5), Palette.GENERATED));
    }

    /** d = 3 gives a 3 x 3 grid written as a PNG, the clouds' colours drawn in it. */
    @Test
    void threeDimensionalDataGiveAThreeByThreeGrid() throws Exception {
        Path png = dir.resolve("pairs.png");
        PairPlot.write(png, "samples", clouds(3));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(3 * PairPlot.PANEL, img.getWidth());
        assertTrue(img.getHeight() > 3 * PairPlot.PANEL, "title and legend strips: " + img.getHeight());
        boolean red = false;
        boolean green = false;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                red |= rgb == (Palette.DATA.getRGB() & 0xffffff);
                green |= rgb == (Palette.GENERATED.getRGB() & 0xffffff);
            }
        }
        assertTrue(red && green, "both clouds' colours appear (red " + red + ", green " + green + ")");
        assertTrue(Files.size(png) > 10_000, "a real picture: " + Files.size(png) + " bytes");
    }

    /** Beyond four coordinates the grid stays 4 x 4. */
    @Test
    void atMostFourCoordinates() {
        assertEquals(4 * PairPlot.PANEL, PairPlot.image("t", clouds(7)).getWidth());
        assertEquals(3, PairPlot.coordinates(3));
        assertEquals(4, PairPlot.coordinates(12));
    }

    /**
     * Panel (0, 2) plots coordinate 3 across against coordinate 1 up, one series per cloud; the
     * diagonal holds each cloud's histogram density, titled as a density.
     */
    @Test
    void panelsShowTheRightCoordinates() {
        List<Figures.Cloud> c = clouds(3);
        XYChart off = PairPlot.panel(c, 0, 2);
        assertEquals("x3", off.getXAxisTitle());
        assertEquals("x1", off.getYAxisTitle());
        XYSeries data = off.getSeriesMap().get("data");
        assertEquals(c.get(0).points().get(5, 2), data.getXData()[5]);
        assertEquals(c.get(0).points().get(5, 0), data.getYData()[5]);
        XYChart diagonal = PairPlot.panel(c, 1, 1);
        assertEquals("density of x2", diagonal.getYAxisTitle());
        assertEquals(2, diagonal.getSeriesMap().size());
        assertEquals(Palette.GENERATED, diagonal.getSeriesMap().get("generated").getLineColor());
    }

    /**
     * The histogram is a density: the area under the step line is the fraction of the values in
     * range, 1 here (to round-off, 1e-12).
     */
    @Test
    void histogramIntegratesToOne() {
        double[] v = Tensor.randn(500, 1, new SplittableRandom(4)).toArray();
        double lo = -10;
        double hi = 10;
        double[][] step = PairPlot.histogram(v, lo, hi);
        double area = 0;
        for (int b = 0; b < PairPlot.BINS; b++) {
            area += (step[0][2 * b + 2] - step[0][2 * b + 1]) * step[1][2 * b + 1];
        }
        assertEquals(1.0, area, 1e-12);
        assertEquals(lo, step[0][0]);
        assertEquals(hi, step[0][step[0].length - 1]);
    }
}
