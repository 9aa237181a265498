package dev.otto.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A density map carries a colour bar: its top has the colour of the largest density, its bottom that of 0. */
class DensityImageTest {

    private static int distance(Color a, int rgb) {
        Color b = new Color(rgb);
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
                + Math.abs(a.getBlue() - b.getBlue());
    }

    @Test
    void theColourBarRunsFromZeroAtTheBottomToTheMaximumAtTheTop(@TempDir Path dir) throws Exception {
        int cells = 40;
        double[] axis = DensityImage.axis(3, cells);
        double[] logP = new double[cells * cells];
        for (int r = 0; r < cells; r++) {
            for (int c = 0; c < cells; c++) {
                double x = axis[c];
                double y = axis[cells - 1 - r];
                logP[r * cells + c] = -(x * x + y * y) / 2 - Math.log(2 * Math.PI);
            }
        }
        Path png = dir.resolve("d.png");
        DensityImage.write(png, "standard normal", 3, cells, logP);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(480 + 2 * 48 + 110, img.getWidth(), "the map and the colour-bar column");
        int barX = 48 + 480 + 24 + 9;
        assertTrue(distance(DensityImage.colour(1), img.getRGB(barX, 48 + 2)) < 12, "top of the bar: the maximum");
        assertTrue(distance(DensityImage.colour(0), img.getRGB(barX, 48 + 480 - 2)) < 12, "bottom of the bar: 0");
    }
}
