package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.internal.Parallel;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The triangle-stored symmetric kernel multiplies like the dense kernel it stands for: K w from the
 * upper triangle (row reductions plus the scatter of each entry to its mirror) equals the dense
 * product up to rounding (the same products summed in another order: a few ulps of
 * sum_j |K_ij w_j| times n), for block widths 1..5 and sizes across the block and vector tails,
 * bitwise the same with and without the pool; costs that are not symmetric are recognised.
 */
class SymmetricKernelTest {

    @Test
    void theTriangleMultipliesAsTheDenseKernel() {
        SplittableRandom rng = new SplittableRandom(13);
        for (int n : new int[] {1, 2, 7, 17, 40, 333}) {
            double[][] x = new double[n][2];
            for (double[] p : x) {
                p[0] = rng.nextGaussian();
                p[1] = rng.nextGaussian();
            }
            Cost c = CostMatrix.of(PointCloudCost.squaredEuclidean(x, x));
            assertTrue(SymmetricKernel.isSymmetric(c), "n " + n);
            double eps = 0.3;
            SymmetricKernel sym = SymmetricKernel.of(c, eps);
            double[][] dense = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    dense[i][j] = Math.exp(-c.get(i, j) / eps);
                }
            }
            for (int h = 1; h <= 5; h++) {
                double[][] w = new double[h][n];
                for (double[] row : w) {
                    for (int j = 0; j < n; j++) {
                        row[j] = rng.nextDouble() - 0.25;
                    }
                }
                double[][] out = new double[h][n];
                sym.times(w, out);
                double[][] again = new double[h][n];
                Parallel.setEnabled(false);
                try {
                    sym.transposeTimes(w, again);
                } finally {
                    Parallel.setEnabled(true);
                }
                for (int q = 0; q < h; q++) {
                    for (int i = 0; i < n; i++) {
                        double expected = 0;
                        double abs = 0;
                        for (int j = 0; j < n; j++) {
                            expected += dense[i][j] * w[q][j];
                            abs += Math.abs(dense[i][j] * w[q][j]);
                        }
                        String at = "n " + n + ", H " + h + ", vector " + q + ", row " + i;
                        assertEquals(expected, out[q][i], 1e-15 * (n + 1) * abs, at);
                        assertEquals(Double.doubleToRawLongBits(out[q][i]), Double.doubleToRawLongBits(again[q][i]), at);
                    }
                }
            }
        }
    }

    @Test
    void costsThatAreNotSymmetricAreRecognised() {
        double[][] x = {{0, 0}, {1, 0}, {0, 2}};
        double[][] y = {{0, 0}, {1, 0}, {0, 2.5}};
        assertFalse(SymmetricKernel.isSymmetric(CostMatrix.of(PointCloudCost.squaredEuclidean(x, y))), "square, not symmetric");
        assertFalse(SymmetricKernel.isSymmetric(CostMatrix.of(PointCloudCost.squaredEuclidean(x, new double[][] {{0, 0}}))),
                "not square");
        assertTrue(SymmetricKernel.isSymmetric(PointCloudCost.squaredEuclidean(x, x)), "on the fly, one support");
    }
}
