package dev.otto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.io.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code otto ot sinkhorn} stores the cost matrix when it fits {@code --cost-memory} (so the
 * log-domain iteration can over-relax) and leaves the scaling iteration for the log domain when
 * kernel entries exp(-C/eps) would underflow.
 */
class SinkhornCommandTest {

    @TempDir
    Path dir;

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    /** The output without the storage line: the same problem must give the same numbers. */
    private static List<String> figures(Cli.Result r) {
        return r.out().lines().filter(l -> !l.startsWith("cost matrix")).toList();
    }

    @Test
    void theCostIsStoredWhenItFitsTheBudget() throws IOException {
        Path x = dir.resolve("x.npy");
        Path y = dir.resolve("y.npy");
        Npy.write(x, Tensor.randn(40, 2, new SplittableRandom(1)));
        Npy.write(y, Tensor.randn(30, 2, new SplittableRandom(2)));
        Cli.Result stored = ok("ot", "sinkhorn", x.toString(), y.toString());
        assertTrue(stored.out().contains("cost matrix stored (40 x 30, --cost-memory 512 MB)"), stored.out());
        Cli.Result onTheFly = ok("ot", "sinkhorn", x.toString(), y.toString(), "--cost-memory", "0");
        assertTrue(onTheFly.out().contains("cost matrix computed on the fly"), onTheFly.out());
        double a = Double.parseDouble(stored.out().lines().findFirst().orElseThrow().substring(5));
        double b = Double.parseDouble(onTheFly.out().lines().findFirst().orElseThrow().substring(5));
        assertEquals(a, b, 1e-6 * Math.abs(a), "both solve the same problem to the tolerance");
    }

    @Test
    void scalingFallsBackToTheLogDomainWhenKernelEntriesUnderflow() throws IOException {
        Path x = dir.resolve("x.npy");
        Path y = dir.resolve("y.npy");
        Npy.write(x, Tensor.of(3, 1, 0, 1, 2));
        Npy.write(y, Tensor.of(3, 1, 0.5, 1.5, 40));
        // max C / eps = 40^2 / 0.5 = 3200: exp(-3200) is 0 in double precision
        Cli.Result scaling = ok("ot", "sinkhorn", x.toString(), y.toString(), "--method", "scaling", "--eps", "0.5");
        assertEquals(List.of("--method: kernel entries exp(-C/eps) underflow (max C/eps = 3200 > 708.0); solving in the"
                + " log domain instead"), scaling.errLines());
        Cli.Result log = ok("ot", "sinkhorn", x.toString(), y.toString(), "--eps", "0.5");
        assertEquals(figures(log), figures(scaling));
        Cli.Result mild = ok("ot", "sinkhorn", x.toString(), y.toString(), "--method", "scaling", "--eps", "10");
        assertEquals("", mild.err(), "no fallback while exp(-C/eps) stays normal");
    }
}
