package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.internal.Parallel;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel (scaling) form of the entropic barycenter computes the fixed point of the log-domain
 * form ({@code ot.entropic-barycenter}, whose properties hold the log domain): on the same problems
 * the two histograms agree to the stopping tolerance, each sweep being the same map in other
 * coordinates; where the kernel underflows the scaling form hands the problem to the log domain.
 */
class EntropicBarycenterScalingTest {

    private static double[][] cloud(int n, double shift, SplittableRandom rng) {
        double[][] x = new double[n][2];
        for (double[] p : x) {
            p[0] = rng.nextGaussian() + shift;
            p[1] = rng.nextGaussian();
        }
        return x;
    }

    private static double[] weights(int n, SplittableRandom rng) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.2 + rng.nextDouble();
        }
        return w;
    }

    @Test
    void kernelFormReachesTheLogDomainFixedPoint() {
        SplittableRandom rng = new SplittableRandom(21);
        for (int trial = 0; trial < 5; trial++) {
            int n = 20 + rng.nextInt(30);
            double[][] support = cloud(n, 0, rng);
            Cost[] costs = new Cost[3];
            double[][] b = new double[3][];
            for (int c = 0; c < 3; c++) {
                // the first cost is square but not symmetric (another cloud of n points): its own transpose is built
                double[][] y = cloud(c == 0 ? n : 10 + rng.nextInt(20), c - 1.0, rng);
                costs[c] = CostMatrix.of(PointCloudCost.squaredEuclidean(support, y));
                b[c] = weights(y.length, rng);
            }
            double[] lambda = weights(3, rng);
            double eps = 0.5 + rng.nextDouble();
            EntropicBarycenter.Result log = EntropicBarycenter.solve(costs, b, lambda, eps, 1e-12, 20_000);
            EntropicBarycenter.Result kernel = ScalingBarycenter.solve(costs, b, lambda, eps, 1e-12, 20_000);
            assertTrue(kernel != null, "the kernel form ran to the end (no fallback to the log domain)");
            assertTrue(log.converged() && kernel.converged(), log + " / " + kernel);
            // both stop within 1e-12 (L1) of sharing the marginal a, so the histograms agree to a few times that
            assertArrayEquals(log.weights(), kernel.weights(), 1e-10);
            assertEquals(log.iterations(), kernel.iterations(), 2, "the same map, so about the same sweeps");
        }
    }

    @Test
    void histogramsSharingOneSymmetricKernelReachTheLogDomainFixedPoint() {
        // one cost object for every histogram, from a support to itself: one kernel, its own transpose;
        // H = 1, 2, 3, 5 take every tile of the block product (one; two; two and one; four and one)
        SplittableRandom rng = new SplittableRandom(5);
        double[][] support = cloud(40, 0, rng);
        Cost c = CostMatrix.of(PointCloudCost.squaredEuclidean(support, support));
        for (int h : new int[] {1, 2, 3, 5}) {
            Cost[] costs = new Cost[h];
            double[][] b = new double[h][];
            for (int q = 0; q < h; q++) {
                costs[q] = c;
                b[q] = weights(support.length, rng);
            }
            double[] lambda = weights(h, rng);
            EntropicBarycenter.Result log = EntropicBarycenter.solve(costs, b, lambda, 0.7, 1e-12, 20_000);
            EntropicBarycenter.Result kernel = ScalingBarycenter.solve(costs, b, lambda, 0.7, 1e-12, 20_000);
            assertTrue(kernel != null, "the kernel form ran to the end (no fallback to the log domain)");
            assertTrue(log.converged() && kernel.converged(), log + " / " + kernel);
            assertArrayEquals(log.weights(), kernel.weights(), 1e-10, h + " histograms");
            assertEquals(log.iterations(), kernel.iterations(), 2, h + " histograms");
        }
    }

    @Test
    void theKernelFormIsBitwiseTheSameForOneThreadAndThePool() {
        // large enough (n m H = 300 * 300 * 5) that the block product runs on the pool when enabled;
        // two histograms share a non-symmetric kernel (support to another cloud), three a symmetric one
        SplittableRandom rng = new SplittableRandom(8);
        double[][] support = cloud(300, 0, rng);
        Cost self = CostMatrix.of(PointCloudCost.squaredEuclidean(support, support));
        Cost other = CostMatrix.of(PointCloudCost.squaredEuclidean(support, cloud(301, 1, rng)));
        Cost[] costs = {self, other, self, other, self};
        double[][] b = new double[costs.length][];
        for (int q = 0; q < costs.length; q++) {
            b[q] = weights(costs[q].cols(), rng);
        }
        EntropicBarycenter.Result pooled = ScalingBarycenter.solve(costs, b, null, 0.5, 1e-10, 5_000);
        Parallel.setEnabled(false);
        EntropicBarycenter.Result single;
        try {
            single = ScalingBarycenter.solve(costs, b, null, 0.5, 1e-10, 5_000);
        } finally {
            Parallel.setEnabled(true);
        }
        assertTrue(pooled != null && pooled.converged(), String.valueOf(pooled));
        assertEquals(single.iterations(), pooled.iterations());
        for (int i = 0; i < support.length; i++) {
            assertEquals(Double.doubleToRawLongBits(single.weights()[i]), Double.doubleToRawLongBits(pooled.weights()[i]),
                    "entry " + i);
        }
    }

    @Test
    void anUnderflowingKernelFallsBackToTheLogDomain() {
        double[][] x = {{0, 0}, {10, 0}, {0, 10}};
        double[][] y = {{0, 0}, {10, 10}};
        Cost[] costs = {CostMatrix.of(PointCloudCost.squaredEuclidean(x, y)), CostMatrix.of(PointCloudCost.squaredEuclidean(x, x))};
        double[][] b = {{0.5, 0.5}, {0.2, 0.3, 0.5}};
        double eps = 0.05; // exp(-200 / 0.05) = 0: whole kernel rows vanish
        EntropicBarycenter.Result log = EntropicBarycenter.solve(costs, b, null, eps, 1e-9, 10_000);
        assertEquals(null, ScalingBarycenter.solve(costs, b, null, eps, 1e-9, 10_000), "the kernel form gives up");
        EntropicBarycenter.Result kernel = EntropicBarycenter.solveScaling(costs, b, null, eps, 1e-9, 10_000);
        assertArrayEquals(log.weights(), kernel.weights(), 0.0);
        assertEquals(log.iterations(), kernel.iterations());
    }

    @Test
    void badInputIsRefusedAsByTheLogDomain() {
        Cost c = CostMatrix.of(new double[][] {{0, 1}, {1, 0}});
        assertThrows(IllegalArgumentException.class,
                () -> EntropicBarycenter.solveScaling(new Cost[] {c}, new double[][] {{1, 1}}, null, -1, 1e-9, 10));
        assertThrows(IllegalArgumentException.class,
                () -> EntropicBarycenter.solveScaling(new Cost[] {c}, new double[][] {{1}}, null, 1, 1e-9, 10));
    }
}
