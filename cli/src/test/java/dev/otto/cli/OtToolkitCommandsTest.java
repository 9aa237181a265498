package dev.otto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.io.Npy;
import dev.otto.ot.SlicedWasserstein;
import dev.otto.ot.Wasserstein;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code otto ot unbalanced|partial|sliced}: values equal to the library's, bad input named on one line. */
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
}
