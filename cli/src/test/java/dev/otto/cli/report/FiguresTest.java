package dev.otto.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;

/** Charts tell their series apart by colour, title their axes, and keep one colour convention. */
class FiguresTest {

    /** Twelve series, twelve colours: a chart of up to twelve loss parts never repeats one. */
    @Test
    void twelveSeriesGetTwelveColours() {
        Set<Color> colours = new HashSet<>();
        for (int k = 0; k < Palette.DISTINCT_SERIES; k++) {
            colours.add(Palette.series(k));
        }
        assertEquals(12, colours.size());
    }

    /**
     * Noise, data, generated samples and paths are four different colours, and no series colour is
     * one of them: a loss curve never reads as noise or data.
     */
    @Test
    void theConventionsColoursDifferAndAreReserved() {
        Set<Color> reserved = Set.of(Palette.NOISE, Palette.DATA, Palette.GENERATED, Palette.PATH);
        assertEquals(4, reserved.size());
        for (int k = 0; k < Palette.DISTINCT_SERIES; k++) {
            assertFalse(reserved.contains(Palette.series(k)), "series " + k + " takes a reserved colour");
        }
    }

    /** A line chart: as many series as lines, each its own colour and solid unless dashed, the axis titled. */
    @Test
    void lineChartSeriesAreDistinctAndTheAxisIsTitled() {
        List<Figures.Line> lines = new ArrayList<>();
        double[] x = {0, 1, 2};
        for (int k = 0; k < 9; k++) {
            lines.add(new Figures.Line("part " + k, x, new double[] {k, k + 1, k + 2}, k == 8));
        }
        XYChart chart = Figures.linesChart("t", "iteration", "nats", false, lines);
        assertEquals(9, chart.getSeriesMap().size());
        Set<Color> colours = new HashSet<>();
        for (XYSeries s : chart.getSeriesMap().values()) {
            colours.add(s.getLineColor());
            assertEquals(s.getName().equals("part 8") ? SeriesLines.DASH_DASH : SeriesLines.SOLID, s.getLineStyle(),
                    s.getName());
        }
        assertEquals(9, colours.size(), "one colour per series");
        assertEquals("nats", chart.getYAxisTitle());
        assertEquals("iteration", chart.getXAxisTitle());
    }

    /**
     * Trajectories colour their ends by what they are, whichever way the family integrates: noise
     * blue, data red, generated green; the paths solid grey.
     */
    @Test
    void trajectoryEndsFollowTheConvention() {
        SplittableRandom rng = new SplittableRandom(1);
        List<Tensor> states = List.of(Tensor.randn(5, 2, rng), Tensor.randn(5, 2, rng), Tensor.randn(5, 2, rng));
        Tensor data = Tensor.randn(20, 2, rng);
        XYChart fromNoise = Figures.trajectoriesChart("t", states, data, 5, true);
        assertEquals(Palette.NOISE, fromNoise.getSeriesMap().get("noise z (start)").getMarkerColor());
        assertEquals(Palette.GENERATED, fromNoise.getSeriesMap().get("generated (end)").getMarkerColor());
        XYChart towardsNoise = Figures.trajectoriesChart("t", states, data, 5, false);
        assertEquals(Palette.DATA, towardsNoise.getSeriesMap().get("data x (start)").getMarkerColor());
        assertEquals(Palette.NOISE, towardsNoise.getSeriesMap().get("towards noise (end)").getMarkerColor());
        for (XYChart c : List.of(fromNoise, towardsNoise)) {
            XYSeries backdrop = c.getSeriesMap().get("data");
            assertEquals(Palette.DATA.getRGB() & 0xffffff, backdrop.getMarkerColor().getRGB() & 0xffffff);
            XYSeries path = c.getSeriesMap().get("path 0");
            assertEquals(SeriesLines.SOLID, path.getLineStyle());
            assertEquals(Palette.PATH.getRGB() & 0xffffff, path.getLineColor().getRGB() & 0xffffff);
            assertFalse(path.isShowInLegend());
        }
    }

    /** A coupling's source is blue and its target red, as noise and data are in the flows' charts. */
    @Test
    void couplingSourceAndTargetFollowTheConvention() {
        double[][] x = {{0, 0}, {1, 0}};
        double[][] y = {{0, 1}, {1, 1}};
        XYChart chart = Figures.couplingChart("t", x, y, new double[][] {{0.5, 0}, {0, 0.5}}, 10);
        assertEquals(Palette.NOISE, chart.getSeriesMap().get("source x").getMarkerColor());
        assertEquals(Palette.DATA, chart.getSeriesMap().get("target y").getMarkerColor());
    }

    /** Data and generated clouds keep their colours (made translucent) in the scatter chart. */
    @Test
    void scatterCloudsKeepTheirColours() {
        SplittableRandom rng = new SplittableRandom(2);
        XYChart chart = Figures.scatterChart("t", List.of(new Figures.Cloud("data", Tensor.randn(10, 2, rng), Palette.DATA),
                new Figures.Cloud("generated", Tensor.randn(10, 2, rng), Palette.GENERATED)));
        assertEquals(Palette.DATA.getRGB() & 0xffffff, chart.getSeriesMap().get("data").getMarkerColor().getRGB() & 0xffffff);
        assertEquals(Palette.GENERATED.getRGB() & 0xffffff,
                chart.getSeriesMap().get("generated").getMarkerColor().getRGB() & 0xffffff);
        assertTrue(chart.getYAxisTitle().equals("x2") && chart.getXAxisTitle().equals("x1"));
    }
}
