package dev.otto.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Report pages open in a real browser: every chart kind the reports draw, on one page, loads in
 * headless Chromium without an error, every image decodes, and the screenshot is not blank. Skipped
 * with a message where no Chromium is installed. The screenshots are kept in
 * {@code target/browser-screenshots/} for a person to look at ({@link HeadlessChromium#check}).
 */
class BrowserRenderingTest {

    @TempDir
    Path dir;

    @Test
    void everyChartKindRendersInHeadlessChromium() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.find().isPresent(), HeadlessChromium.missing());
        SplittableRandom rng = new SplittableRandom(9);
        Report report = new Report(dir, "Every chart kind");
        report.showColourConvention();
        report.metric("figures", "NLL", 2.5, 0.03, "a sample mean, with its standard error");
        report.metric("figures", "W2", 0.4, "exact OT, no standard error");
        Tensor data = Tensor.randn(300, 3, rng);
        Tensor generated = Tensor.randn(300, 3, rng).scale(1.3);
        List<Figures.Cloud> clouds = List.of(new Figures.Cloud("data", data, Palette.DATA),
                new Figures.Cloud("generated", generated, Palette.GENERATED));
        Figures.scatter(report.chart("charts", "scatter.png", "scatter"), "scatter", clouds);
        PairPlot.write(report.chart("charts", "pairs.png", "pairs"), "pairs", clouds);
        Figures.lines(report.chart("charts", "lines.png", "lines"), "lines", "iteration", "nats", false,
                List.of(new Figures.Line("a", new double[] {0, 1, 2}, new double[] {3, 2, 1}, false)));
        Figures.trajectories(report.chart("charts", "paths.png", "paths"), "paths",
                List.of(generated, generated.scale(0.5)), data, 30, true);
        double[] logP = new double[16 * 16];
        double[] axis = DensityImage.axis(3, 16);
        for (int r = 0; r < 16; r++) {
            for (int c = 0; c < 16; c++) {
                logP[r * 16 + c] = -(axis[r] * axis[r] + axis[c] * axis[c]) / 2;
            }
        }
        DensityImage.write(report.chart("charts", "density.png", "density"), "density", 3, 16, logP);
        double[][] x = data.sliceRows(0, 5).toRows();
        double[][] y = generated.sliceRows(0, 5).toRows();
        double[][] plan = new double[5][5];
        for (int i = 0; i < 5; i++) {
            plan[i][i] = 0.2;
        }
        Figures.coupling(report.chart("charts", "coupling.png", "coupling"), "coupling", x, y, plan, 10);
        report.write();
        HeadlessChromium.check(dir, "every-chart-kind", 6, 2400);
    }

    /** The check fails where an image is missing: the probe counts images, not file names. */
    @Test
    void aMissingImageIsCaught() throws Exception {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), HeadlessChromium.missing());
        Report report = new Report(dir, "One image missing");
        Figures.lines(report.chart("charts", "present.png", "present"), "present", "x", "y", false,
                List.of(new Figures.Line("a", new double[] {0, 1}, new double[] {0, 1}, false)));
        report.chart("charts", "absent.png", "never drawn");
        report.write();
        HeadlessChromium.Rendered r = chromium.get().render(dir.resolve("index.html"), dir.resolve("shot.png"), 800);
        assertEquals(2, r.images());
        assertEquals(1, r.decoded());
        assertTrue(r.errors().contains("absent.png"), r.errors());
    }
}
