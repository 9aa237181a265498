package dev.otto.ot.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.PointCloudCost;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The log domain on an on-the-fly cost stores the absorbed kernel when its 8 n m bytes fit the
 * kernel memory (MATH.md section 1, "Entropic OT"; Schmitzer's absorption): it is then the same
 * iteration, bit for bit, as on the stored cost matrix, and it solves the same problem as the
 * streamed iteration to within the stopping tolerance.
 */
class KernelMemoryTest {

    private static final int N = 120;
    private static final int M = 90;

    private final double[][] x = cloud(N, 0, 1);
    private final double[][] y = cloud(M, 1, 2);
    private final PointCloudCost lazy = PointCloudCost.squaredEuclidean(x, y);
    private final double[] a = uniform(N);
    private final double[] b = uniform(M);

    @Test
    void withinTheKernelMemoryAPointCloudRunsTheStoredCostIterationBitForBit() {
        // an absolute eps: the default eps comes from the mean cost, which a point cloud computes
        // from moments and a matrix by summing, so the two differ in the last bits
        Sinkhorn s = Sinkhorn.logDomain().withEpsilon(0.06).withEpsilonScaling(false);
        SinkhornResult onTheFly = s.withKernelMemory(8L * N * M).solve(a, b, lazy);
        SinkhornResult stored = s.solve(a, b, CostMatrix.of(lazy));
        assertEquals(stored.iterations(), onTheFly.iterations());
        assertArrayEquals(stored.f(), onTheFly.f());
        assertArrayEquals(stored.g(), onTheFly.g());
        assertEquals(stored.transportCost(), onTheFly.transportCost(), 0.0);
    }

    @Test
    void oneByteShortOfTheKernelTheCostIsStreamed() {
        Sinkhorn s = Sinkhorn.logDomain().withRelativeEpsilon(0.01).withEpsilonScaling(false);
        SinkhornResult shortOfIt = s.withKernelMemory(8L * N * M - 1).solve(a, b, lazy);
        SinkhornResult streamed = s.withKernelMemory(0).solve(a, b, lazy);
        SinkhornResult absorbed = s.solve(a, b, lazy);
        assertEquals(streamed.iterations(), shortOfIt.iterations());
        assertArrayEquals(streamed.f(), shortOfIt.f());
        // the absorbed iteration is another iteration (its first step streamed, the rest relaxed on
        // the stored kernel), which its iteration count shows
        assertNotEquals(streamed.iterations(), absorbed.iterations());
    }

    /**
     * Both iterations stop at a row-marginal error below tol = 1e-9 of the mass; two plans whose
     * marginals are that close to (a, b) differ in transport cost by at most about tol max|C| each
     * (MATH.md section 1), so 10 tol max|C| bounds the gap with room for the round-off of the sums.
     */
    @Test
    void absorbedAndStreamedSolveTheSameProblem() {
        Sinkhorn s = Sinkhorn.logDomain().withRelativeEpsilon(0.01);
        SinkhornResult absorbed = s.solve(a, b, lazy);
        SinkhornResult streamed = s.withKernelMemory(0).solve(a, b, lazy);
        assertTrue(absorbed.converged() && streamed.converged());
        double bound = 10 * Sinkhorn.DEFAULT_TOLERANCE * lazy.maxAbs();
        assertEquals(streamed.transportCost(), absorbed.transportCost(), bound);
        assertTrue(absorbed.rowMarginalError() <= Sinkhorn.DEFAULT_TOLERANCE);
    }

    @Test
    void aNegativeKernelMemoryIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sinkhorn.logDomain().withKernelMemory(-1));
        assertTrue(e.getMessage().startsWith("kernelMemory:"), e.getMessage());
    }

    private static double[][] cloud(int n, double shift, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] p = new double[n][2];
        for (double[] row : p) {
            row[0] = shift + gaussian(rng);
            row[1] = shift + gaussian(rng);
        }
        return p;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static double[] uniform(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        return w;
    }
}
