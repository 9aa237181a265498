package dev.otto.ot.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.internal.Parallel;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The unbalanced log domain on a stored absorbed kernel (Schmitzer's absorption applied to the
 * damped updates of Chizat et al. 2018; MATH.md section 1, statement ot.unbalanced) against the
 * streamed log-sum-exp iteration it replaces while the kernel fits the kernel memory.
 *
 * <p>Tolerance: both stop when the potentials move by at most tol eps in one iteration (here
 * tol = 1e-12); the sweep contracts (Chizat et al. 2018, Theorem 4.1, with the translation step
 * and at the eps used here, measured rates below 0.99), so each stops within 100 tol eps of the
 * common fixed point. Two such solves may thus differ by 200 tol eps in a potential; 1e-9 eps
 * (5x that) leaves room for the round-off of the two summation orders and nothing for a wrong
 * update (a damping factor off by one ulp of 1e-3 moves the potentials by 1e-3 |f|).
 */
class UnbalancedAbsorbedKernelTest {

    private static final double TOL = 1e-12;
    private static final double AGREE = 1e-9;

    @Test
    void absorbedAndStreamedReachTheSameFixedPoint() {
        for (double[] relEpsTau : new double[][] {{0.05, 1}, {0.05, 100}, {0.002, 0.5}, {0.02, 10}}) {
            Problem p = new Problem(70, 60, 3);
            double tau = relEpsTau[1] * p.meanCost();
            UnbalancedSinkhorn s = UnbalancedSinkhorn.withPenalty(tau).withRelativeEpsilon(relEpsTau[0])
                    .withTolerance(TOL).withMaxIterations(200_000).withEpsilonScaling(relEpsTau[0] < 0.01);
            UnbalancedResult absorbed = s.solve(p.a, p.b, p.cost);
            UnbalancedResult streamed = s.withKernelMemory(0).solve(p.a, p.b, p.cost);
            String at = "relEps " + relEpsTau[0] + ", tau " + relEpsTau[1] + " mean(C)";
            assertTrue(absorbed.converged() && streamed.converged(), at);
            double eps = absorbed.epsilon();
            assertClose(streamed.f(), absorbed.f(), AGREE * eps, at + ", f");
            assertClose(streamed.g(), absorbed.g(), AGREE * eps, at + ", g");
            assertEquals(streamed.objective(), absorbed.objective(), AGREE * eps * (1 + Math.abs(streamed.objective())), at);
        }
    }

    /**
     * The kernel form underflows there (exp(-C/eps) below 1e-308 for C above 709 eps), which the
     * absorbed kernel never sees: its entries are relative to the current potentials.
     */
    @Test
    void theAbsorbedKernelSolvesWhereThePlainKernelUnderflows() {
        Problem p = new Problem(40, 30, 5);
        double eps = p.cost.maxAbs() / 2000;
        UnbalancedSinkhorn s = UnbalancedSinkhorn.withPenalty(p.meanCost()).withEpsilon(eps).withTolerance(TOL)
                .withEpsilonScaling(true).withMaxIterations(200_000);
        UnbalancedResult absorbed = s.solve(p.a, p.b, p.cost);
        UnbalancedResult streamed = s.withKernelMemory(0).solve(p.a, p.b, p.cost);
        assertTrue(absorbed.converged() && streamed.converged());
        assertClose(streamed.f(), absorbed.f(), AGREE * eps, "f");
        assertClose(streamed.g(), absorbed.g(), AGREE * eps, "g");
    }

    @Test
    void theKernelMemoryDecidesAsTheBalancedSolversDoes() {
        Problem p = new Problem(50, 40, 7);
        long bytes = 8L * 50 * 40;
        UnbalancedSinkhorn s = UnbalancedSinkhorn.withPenalty(p.meanCost()).withEpsilon(0.1 * p.meanCost());
        UnbalancedResult fits = s.withKernelMemory(bytes).solve(p.a, p.b, p.cost);
        UnbalancedResult stored = s.solve(p.a, p.b, CostMatrix.of(p.cost));
        UnbalancedResult shortOfIt = s.withKernelMemory(bytes - 1).solve(p.a, p.b, p.cost);
        UnbalancedResult streamed = s.withKernelMemory(0).solve(p.a, p.b, p.cost);
        // a cost matrix is always absorbed: the same iteration as a point cloud whose kernel fits
        assertArrayEquals(stored.f(), fits.f());
        assertArrayEquals(stored.g(), fits.g());
        assertArrayEquals(streamed.f(), shortOfIt.f());
        assertArrayEquals(streamed.g(), shortOfIt.g());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.withKernelMemory(-1));
        assertTrue(e.getMessage().startsWith("kernelMemory:"), e.getMessage());
    }

    /** Large enough (n m = 96,000 multiply-adds per pass) that the fused pass runs on the pool. */
    @Test
    void resultsAreBitwiseTheSameForOneAndSeveralThreads() {
        Problem p = new Problem(320, 300, 11);
        UnbalancedSinkhorn s = UnbalancedSinkhorn.withPenalty(p.meanCost()).withRelativeEpsilon(0.05);
        UnbalancedResult parallel = s.solve(p.a, p.b, p.cost);
        UnbalancedResult serial;
        Parallel.setEnabled(false);
        try {
            serial = s.solve(p.a, p.b, p.cost);
        } finally {
            Parallel.setEnabled(true);
        }
        assertTrue(parallel.converged());
        assertEquals(serial.iterations(), parallel.iterations());
        assertArrayEquals(serial.f(), parallel.f());
        assertArrayEquals(serial.g(), parallel.g());
        assertEquals(serial.objective(), parallel.objective(), 0.0);
    }

    /**
     * The stored kernel's marginals and transport cost (UnbalancedKernelIteration#marginals, three
     * multiply-adds per entry) against the plan evaluated entry by entry from the potentials
     * (GibbsPlan#marginals, one exponential each), for both kernel forms and a zero weight. They
     * differ by the rounding of the kernel entries (a few ulps each) and of the two summation
     * orders: 1e-12 relative, 1e3 times above that and far below any change an error in a scaling
     * makes (one ulp of e^{f/eps} missing is already 1e-16 relative per entry, a wrong exponent
     * base is O(1)).
     */
    @Test
    void theKernelsMarginalsAreThoseOfTheGibbsPlan() {
        Problem p = new Problem(90, 80, 13);
        p.a[3] = 0;
        for (Sinkhorn.Method method : Sinkhorn.Method.values()) {
            UnbalancedResult r = UnbalancedSinkhorn.withPenalty(p.meanCost()).withRelativeEpsilon(0.05)
                    .withMethod(method).solve(p.a, p.b, p.cost);
            GibbsPlan.Marginals plan = GibbsPlan.marginals(p.cost, p.a, p.b, r.f(), r.g(), r.epsilon());
            assertRelativelyClose(plan.rows(), r.rowMarginal(), 1e-12, method + ", rows");
            assertRelativelyClose(plan.cols(), r.columnMarginal(), 1e-12, method + ", columns");
            assertEquals(plan.transportCost(), r.transportCost(), 1e-12 * plan.transportCost(), method + ", <C,P>");
            assertEquals(0.0, r.rowMarginal()[3], method + ", the row of a zero weight");
        }
    }

    private static void assertRelativelyClose(double[] expected, double[] actual, double rel, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], rel * Math.abs(expected[i]), what + " [" + i + "]");
        }
    }

    private static void assertClose(double[] expected, double[] actual, double bound, String what) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= bound, what + ": potentials differ by " + worst + " > " + bound);
    }

    /** Two Gaussian clouds in the plane (the second shifted by 1), random positive weights of unequal mass. */
    private static final class Problem {
        final PointCloudCost cost;
        final double[] a;
        final double[] b;

        Problem(int n, int m, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            cost = PointCloudCost.squaredEuclidean(cloud(n, 0, rng), cloud(m, 1, rng));
            a = weights(n, 1, rng);
            b = weights(m, 1.5, rng);
        }

        double meanCost() {
            return Sinkhorn.costScale(a, b, cost);
        }

        private static double[][] cloud(int n, double shift, SplittableRandom rng) {
            double[][] p = new double[n][2];
            for (double[] row : p) {
                for (int k = 0; k < 2; k++) {
                    row[k] = shift + Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
                }
            }
            return p;
        }

        private static double[] weights(int n, double mass, SplittableRandom rng) {
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = 0.5 + rng.nextDouble();
            }
            double s = Arrays.stream(w).sum();
            for (int i = 0; i < n; i++) {
                w[i] *= mass / s;
            }
            return w;
        }
    }
}
