package dev.otto.flows.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The jackknife's leave-one-out estimates from row sums equal the estimates recomputed without each sample. */
class MmdJackknifeTest {

    /**
     * Var_J = (m-1)/m sum_i (theta_(-x_i) - mean)^2 + (n-1)/n sum_j (theta_(-y_j) - mean)^2, with
     * every theta recomputed from scratch by the estimator itself; 1e-10 relative covers the
     * different summation order.
     */
    @Test
    void standardErrorIsTheTwoSampleJackknife() {
        SplittableRandom rng = new SplittableRandom(11);
        Tensor x = Tensor.randn(7, 3, rng);
        Tensor y = Tensor.randn(9, 3, rng).scale(1.7);
        double s = 1.3;
        double[] fast = MmdJackknife.of(x.toRows(), y.toRows(), s);
        assertEquals(Kernels.unbiasedMmd2(x, y, new double[] {s})[0], fast[0], 1e-12);
        double variance = 0;
        for (boolean dropX : new boolean[] {true, false}) {
            Tensor from = dropX ? x : y;
            int k = from.rows();
            double[] theta = new double[k];
            for (int i = 0; i < k; i++) {
                Tensor without = Tensor.wrap(k - 1, 3, without(from.toRows(), i));
                theta[i] = Kernels.unbiasedMmd2(dropX ? without : x, dropX ? y : without, new double[] {s})[0];
            }
            double mean = java.util.Arrays.stream(theta).average().orElseThrow();
            for (double t : theta) {
                variance += (k - 1.0) / k * (t - mean) * (t - mean);
            }
        }
        assertEquals(Math.sqrt(variance), fast[1], 1e-10 * Math.sqrt(variance));
        assertTrue(fast[1] > 0);
    }

    /** Two samples a side leave one after dropping one: no jackknife, NaN. */
    @Test
    void fewerThanThreeSamplesHaveNoStandardError() {
        SplittableRandom rng = new SplittableRandom(12);
        assertTrue(Double.isNaN(MmdJackknife.of(Tensor.randn(2, 2, rng).toRows(), Tensor.randn(5, 2, rng).toRows(), 1)[1]));
    }

    private static double[] without(double[][] rows, int skip) {
        double[] out = new double[(rows.length - 1) * rows[0].length];
        int p = 0;
        for (int i = 0; i < rows.length; i++) {
            if (i != skip) {
                for (double v : rows[i]) {
                    out[p++] = v;
                }
            }
        }
        return out;
    }
}
