package dev.otto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.io.Npy;
import dev.otto.ot.FreeSupportBarycenter;
import dev.otto.ot.SlicedWasserstein;
import dev.otto.ot.Wasserstein;
import dev.otto.ot.Weights;
import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.sinkhorn.EntropicBarycenter;
import dev.otto.ot.sinkhorn.Sinkhorn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code otto ot unbalanced|partial|sliced|barycenter}: values equal to the library's, bad input named on one line. */
class OtToolkitCommandsTest {

    @TempDir
    Path dir;

    private String at(String name) {
        return dir.resolve(name).toString();
    }

    private static double value(Cli.Result r, String name) {
        return Double.parseDouble(r.out().lines().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow()
                .substring(name.length() + 1));
    }

    private Tensor[] clouds() throws IOException {
        Tensor x = Tensor.randn(7, 2, new SplittableRandom(5));
        Tensor y = Tensor.randn(9, 2, new SplittableRandom(6));
        Npy.write(dir.resolve("x.npy"), x);
        Npy.write(dir.resolve("y.npy"), y);
        return new Tensor[] {x, y};
    }

    @Test
    void partialAtFullMassIsExactTransportAndSlicedMatchesTheLibrary() throws IOException {
        Tensor[] xy = clouds();
        Cli.Result p = Cli.run("ot", "partial", at("x.npy"), at("y.npy"), "--mass", "1", "--plan", at("plan.npy"));
        assertEquals(0, p.code(), p.toString());
        assertEquals(Wasserstein.w2Squared(xy[0].toRows(), xy[1].toRows()), value(p, "cost"), 1e-12);
        assertEquals(7, Npy.read(dir.resolve("plan.npy")).rows());
        Cli.Result s = Cli.run("ot", "sliced", at("x.npy"), at("y.npy"), "--directions", "30", "--seed", "4");
        assertEquals(0, s.code(), s.toString());
        double expected = SlicedWasserstein.slices(xy[0].toRows(), null, xy[1].toRows(), null, 2,
                SlicedWasserstein.directions(30, 2, 4)).sliced();
        // the command passes explicit uniform weights (the index-sorted path): equal up to round-off
        assertEquals(expected, value(s, "SW_p"), 1e-12 * expected);
    }

    @Test
    void unbalancedTakesWeightsOfDifferentMass() throws IOException {
        clouds();
        Files.writeString(dir.resolve("a.csv"), "1\n1\n1\n1\n1\n1\n1\n");
        Cli.Result r = Cli.run("ot", "unbalanced", at("x.npy"), at("y.npy"), "--a", at("a.csv"), "--tau", "1",
                "--eps", "0.1", "--f", at("f.npy"));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("converged"), r.toString());
        double mass = value(r, "mass");
        assertTrue(mass > 1 && mass < 7, "transported mass " + mass + " should lie between the two totals");
        assertEquals(7, Npy.read(dir.resolve("f.npy")).rows());
    }

    @Test
    void badOptionsAreNamedOnOneLineAndWriteNothing() throws IOException {
        clouds();
        Cli.Result both = Cli.run("ot", "unbalanced", at("x.npy"), at("y.npy"), "--tau", "1", "--reach", "1",
                "--plan", at("p.npy"));
        assertEquals(2, both.code(), both.toString());
        assertEquals(1, both.errLines().size(), both.toString());
        assertTrue(both.err().contains("--tau"), both.toString());
        Cli.Result tooMuch = Cli.run("ot", "partial", at("x.npy"), at("y.npy"), "--mass", "2", "--plan", at("p.npy"));
        assertEquals(2, tooMuch.code(), tooMuch.toString());
        assertTrue(tooMuch.err().contains("--mass"), tooMuch.toString());
        Cli.Result none = Cli.run("ot", "sliced", at("x.npy"), at("y.npy"), "--directions", "0");
        assertEquals(2, none.code(), none.toString());
        assertTrue(none.err().contains("--directions"), none.toString());
        assertFalse(Files.exists(dir.resolve("p.npy")));
    }

    @Test
    void entropicPartialAtFullMassIsSinkhorn() throws IOException {
        Tensor[] xy = clouds();
        Cli.Result p = Cli.run("ot", "partial", at("x.npy"), at("y.npy"), "--mass", "1", "--eps", "0.5", "--tol", "1e-12",
                "--plan", at("plan.npy"), "--f", at("f.npy"));
        assertEquals(0, p.code(), p.toString());
        assertTrue(p.out().contains("converged"), p.toString());
        double sinkhorn = Sinkhorn.logDomain().withEpsilon(0.5).withTolerance(1e-13).solve(Weights.uniform(7),
                Weights.uniform(9), PointCloudCost.squaredEuclidean(xy[0].toRows(), xy[1].toRows())).transportCost();
        assertEquals(sinkhorn, value(p, "cost"), 1e-8 * sinkhorn);
        assertEquals(1, value(p, "mass"), 1e-12);
        assertEquals(7, Npy.read(dir.resolve("f.npy")).rows());
        Cli.Result half = Cli.run("ot", "partial", at("x.npy"), at("y.npy"), "--mass", "0.5", "--relative-eps", "0.1");
        assertEquals(0, half.code(), half.toString());
        assertEquals(0.5, value(half, "mass"), 1e-9);
    }

    @Test
    void freeSupportBarycenterIsTheLibrarysAndFixedSupportWritesAHistogram() throws IOException {
        Tensor[] xy = clouds();
        Npy.write(dir.resolve("l.npy"), Tensor.wrap(9, 1, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
        Cli.Result r = Cli.run("ot", "barycenter", at("x.npy"), at("y.npy"), "--cloud-weights", at("u.npy"),
                "--cloud-weights", at("l.npy"), "--lambda", "1,3", "-o", at("bary.npy"), "--report", at("rep"));
        assertEquals(2, r.code(), "u.npy does not exist: " + r);
        Npy.write(dir.resolve("u.npy"), Tensor.wrap(7, 1, Weights.uniform(7)));
        r = Cli.run("ot", "barycenter", at("x.npy"), at("y.npy"), "--cloud-weights", at("u.npy"),
                "--cloud-weights", at("l.npy"), "--lambda", "1,3", "-o", at("bary.npy"), "--report", at("rep"));
        assertEquals(0, r.code(), r.toString());
        double[] l = new double[9];
        for (int j = 0; j < 9; j++) {
            l[j] = j + 1;
        }
        FreeSupportBarycenter.Result expected = FreeSupportBarycenter.create().solve(
                new double[][][] {xy[0].toRows(), xy[1].toRows()}, new double[][] {null, l}, new double[] {0.25, 0.75},
                xy[0].toRows(), null);
        assertEquals(expected.objective(), value(r, "objective"), 1e-12 * expected.objective());
        Tensor support = Npy.read(dir.resolve("bary.npy"));
        for (int i = 0; i < 7; i++) {
            for (int q = 0; q < 2; q++) {
                assertEquals(expected.support()[i][q], support.get(i, q), 1e-12);
            }
        }
        assertTrue(Files.exists(dir.resolve("rep").resolve("index.html")), "report folder: " + r);
        Cli.Result fixed = Cli.run("ot", "barycenter", at("x.npy"), at("y.npy"), "--fixed-support", at("y.npy"),
                "--eps", "0.5", "-o", at("h.npy"));
        assertEquals(0, fixed.code(), fixed.toString());
        double[] h = Npy.read(dir.resolve("h.npy")).toArray();
        assertEquals(9, h.length);
        double sum = 0;
        for (double v : h) {
            assertTrue(v >= 0, "negative weight " + v);
            sum += v;
        }
        assertEquals(1, sum, 1e-8);
        // small kernels: the command runs the library's kernel form, and says so
        assertTrue(fixed.out().contains("form kernel"), fixed.toString());
        double[][] fixedPoints = xy[1].toRows();
        EntropicBarycenter.Result library = EntropicBarycenter.solveScaling(
                new Cost[] {PointCloudCost.squaredEuclidean(fixedPoints, xy[0].toRows()),
                        PointCloudCost.squaredEuclidean(fixedPoints, fixedPoints)},
                new double[][] {Weights.uniform(7), Weights.uniform(9)}, new double[] {0.5, 0.5}, 0.5, 1e-9, 10_000);
        for (int i = 0; i < 9; i++) {
            assertEquals(library.weights()[i], h[i], 0, "weight " + i);
        }
    }

    @Test
    void badBarycenterAndEntropicOptionsAreNamedOnOneLineAndWriteNothing() throws IOException {
        clouds();
        Npy.write(dir.resolve("z3.npy"), Tensor.randn(4, 3, new SplittableRandom(7)));
        String[][] cases = {
            {"--cloud-weights", "barycenter", "x.npy", "y.npy", "--cloud-weights", "x.npy", "-o", "out.npy"},
            {"--lambda", "barycenter", "x.npy", "y.npy", "--lambda", "1", "-o", "out.npy"},
            {"--lambda", "barycenter", "x.npy", "y.npy", "--lambda", "1,-1", "-o", "out.npy"},
            {"--lambda", "barycenter", "x.npy", "y.npy", "--lambda", "0,0", "-o", "out.npy"},
            {"--init", "barycenter", "x.npy", "y.npy", "--init", "z3.npy", "-o", "out.npy"},
            {"--init", "barycenter", "x.npy", "y.npy", "--init", "x.npy", "--fixed-support", "y.npy", "--eps", "1", "-o", "out.npy"},
            {"--fixed-support", "barycenter", "x.npy", "y.npy", "--fixed-support", "y.npy", "-o", "out.npy"},
            {"--fixed-support", "barycenter", "x.npy", "y.npy", "--fixed-support", "z3.npy", "--eps", "1", "-o", "out.npy"},
            {"--max-moves", "barycenter", "x.npy", "y.npy", "--max-moves", "0", "-o", "out.npy"},
            {"Y", "barycenter", "x.npy", "z3.npy", "-o", "out.npy"},
            {"--out", "barycenter", "x.npy", "y.npy", "-o", "out.txt"},
            {"--eps", "barycenter", "x.npy", "y.npy", "--eps", "-1", "-o", "out.npy"},
            {"--relative-eps", "barycenter", "x.npy", "y.npy", "--relative-eps", "0", "-o", "out.npy"},
            {"--tol", "barycenter", "x.npy", "y.npy", "--eps", "1", "--tol", "NaN", "-o", "out.npy"},
            {"--max-iter", "barycenter", "x.npy", "y.npy", "--eps", "1", "--max-iter", "0", "-o", "out.npy"},
            {"--tol", "partial", "x.npy", "y.npy", "--mass", "0.5", "--tol", "1e-9", "--plan", "out.npy"},
            {"--max-iter", "partial", "x.npy", "y.npy", "--mass", "0.5", "--max-iter", "5", "--plan", "out.npy"},
            {"--mass", "partial", "x.npy", "y.npy", "--mass", "0", "--eps", "1", "--plan", "out.npy"},
            {"--eps", "unbalanced", "x.npy", "y.npy", "--tau", "1", "--eps", "0", "--plan", "out.npy"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length];
            args[0] = "ot";
            for (int i = 1; i < c.length; i++) {
                args[i] = c[i].endsWith(".npy") || c[i].endsWith(".txt") ? at(c[i]) : c[i];
            }
            Cli.Result r = Cli.run(args);
            String what = String.join(" ", c);
            assertEquals(2, r.code(), what + ": " + r);
            assertEquals(1, r.errLines().size(), what + ": " + r);
            assertTrue(r.err().contains(c[0]), what + " should name " + c[0] + ": " + r);
            assertFalse(Files.exists(dir.resolve("out.npy")), what + " wrote its output");
        }
    }
}
