package dev.otto.ot.sinkhorn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The kernel times a thin block of vectors against one plain dot product per entry: equal up to
 * rounding (the same products summed in another order, so at most a few ulps of sum |k_j w_j| times
 * the row length), for every block width H = 1..6 (tiles of four, two and one) and row lengths
 * covering the vector tails.
 */
class KernelBlockProductTest {

    @Test
    void everyEntryIsTheRowDotProductOfItsVector() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int m : new int[] {1, 3, 7, 8, 9, 16, 17, 31, 64, 101}) {
            for (int h = 1; h <= 6; h++) {
                int n = 1 + rng.nextInt(20);
                double[][] k = new double[n][m];
                double[][] w = new double[h][m];
                for (double[] row : k) {
                    for (int j = 0; j < m; j++) {
                        row[j] = Math.exp(-20 * rng.nextDouble());
                    }
                }
                for (double[] row : w) {
                    for (int j = 0; j < m; j++) {
                        row[j] = rng.nextDouble() - 0.25;
                    }
                }
                double[][] out = new double[h][n];
                KernelBlockProduct.apply(k, w, out);
                for (int q = 0; q < h; q++) {
                    for (int i = 0; i < n; i++) {
                        double abs = 0;
                        for (int j = 0; j < m; j++) {
                            abs += Math.abs(k[i][j] * w[q][j]);
                        }
                        assertEquals(KernelPasses.dot(k[i], w[q]), out[q][i], 1e-15 * (m + 1) * abs,
                                "m " + m + ", H " + h + ", vector " + q + ", row " + i);
                    }
                }
            }
        }
    }
}
