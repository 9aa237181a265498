package dev.otto.theory.ot;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.sinkhorn.EntropicBarycenter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fixed-support entropic barycenter ({@link EntropicBarycenter}; Benamou et al. 2015, section 3.2),
 * the minimiser over a on X of sum_k lambda_k KL(P_k | K_k) with P_k 1 = a, P_k^T 1 = b_k:
 * <ul>
 *   <li>Dirac inputs b_k = delta_{y_k}: P_k(i, y_k) = a_i, so the objective is
 *       sum_i a_i (log a_i + sum_k lambda_k C(x_i, y_k)/eps) + const and a is the Gibbs histogram
 *       a_i proportional to exp(-sum_k lambda_k |x_i - y_k|^2 / eps);</li>
 *   <li>K copies of one histogram b on one cost: u = 1 is a fixed point, so a = K (b / (K^T 1));</li>
 *   <li>a is a probability vector, and reordering the inputs with their lambdas changes nothing.</li>
 * </ul>
 * Each property holds both forms of the fixed point: the log domain ({@link EntropicBarycenter#solve})
 * and the kernel form ({@link EntropicBarycenter#solveScaling}, with one kernel per distinct cost and
 * a symmetric cost's kernel stored as one triangle; where a kernel product underflows it hands the
 * problem to the log domain). Tolerances: the sweeps stop at an L1 marginal error of 1e-12; the closed forms are evaluated in
 * double precision with max-shifted exponentials, so 1e-9 on probability vectors is ample while a
 * misweighted geometric mean misses by orders of magnitude more.
 */
@Tag("ot.entropic-barycenter")
class EntropicBarycenterProperties {

    private static double[][] cloud(SplittableRandom rng, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] p : x) {
            for (int q = 0; q < d; q++) {
                p[q] = rng.nextGaussian();
            }
        }
        return x;
    }

    private static double[] lambdas(SplittableRandom rng, int k) {
        double[] lam = new double[k];
        double s = 0;
        for (int c = 0; c < k; c++) {
            lam[c] = 0.1 + rng.nextDouble();
            s += lam[c];
        }
        for (int c = 0; c < k; c++) {
            lam[c] /= s;
        }
        return lam;
    }

    @Property(tries = 60)
    void diracInputsGiveTheGibbsHistogram(@ForAll @IntRange(min = 1, max = 12) int n, @ForAll @IntRange(min = 1, max = 3) int d,
                                          @ForAll @IntRange(min = 1, max = 4) int k, @ForAll @DoubleRange(min = 0.05, max = 5) double eps,
                                          @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = cloud(rng, n, d);
        double[] lam = lambdas(rng, k);
        Cost[] costs = new Cost[k];
        double[][] b = new double[k][];
        double[] energy = new double[n];
        for (int c = 0; c < k; c++) {
            double[][] y = cloud(rng, 1, d);
            costs[c] = CostMatrix.of(PointCloudCost.squaredEuclidean(x, y));
            b[c] = new double[] {1};
            for (int i = 0; i < n; i++) {
                energy[i] += lam[c] * costs[c].get(i, 0) / eps;
            }
        }
        double[] expected = softmin(energy);
        for (EntropicBarycenter.Result r : bothForms(costs, b, lam, eps, 10_000)) {
            assertTrue(r.converged(), "error " + r.marginalError() + " after " + r.iterations());
            assertArrayEquals(expected, r.weights(), 1e-9, "Gibbs histogram");
        }
    }

    @Property(tries = 60)
    void copiesOfOneHistogramGiveItsBlur(@ForAll @IntRange(min = 1, max = 10) int n, @ForAll @IntRange(min = 1, max = 10) int m,
                                         @ForAll @DoubleRange(min = 0.2, max = 5) double eps, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = cloud(rng, n, 2);
        double[][] y = cloud(rng, m, 2);
        CostMatrix c = CostMatrix.of(PointCloudCost.squaredEuclidean(x, y));
        double[] b = lambdas(rng, m);
        // a = K (b / K^T 1), K = exp(-C/eps)
        double[] colSum = new double[m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                colSum[j] += Math.exp(-c.get(i, j) / eps);
            }
        }
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                expected[i] += Math.exp(-c.get(i, j) / eps) * b[j] / colSum[j];
            }
        }
        for (EntropicBarycenter.Result r : bothForms(new Cost[] {c, c, c}, new double[][] {b, b, b}, lambdas(rng, 3), eps,
                10_000)) {
            assertTrue(r.converged(), "error " + r.marginalError() + " after " + r.iterations());
            assertArrayEquals(expected, r.weights(), 1e-9, "K (b / K^T 1)");
        }
    }

    @Property(tries = 40)
    void aProbabilityVectorIndependentOfTheOrderOfInputs(@ForAll @IntRange(min = 1, max = 10) int n,
                                                         @ForAll @DoubleRange(min = 0.1, max = 5) double eps, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = cloud(rng, n, 2);
        Cost[] costs = new Cost[3];
        double[][] b = new double[3][];
        for (int c = 0; c < 3; c++) {
            int m = 1 + rng.nextInt(8);
            costs[c] = CostMatrix.of(PointCloudCost.squaredEuclidean(x, cloud(rng, m, 2)));
            b[c] = lambdas(rng, m);
        }
        double[] lam = lambdas(rng, 3);
        EntropicBarycenter.Result[] forms = bothForms(costs, b, lam, eps, 20_000);
        EntropicBarycenter.Result[] swapped = bothForms(new Cost[] {costs[2], costs[0], costs[1]},
                new double[][] {b[2], b[0], b[1]}, new double[] {lam[2], lam[0], lam[1]}, eps, 20_000);
        for (int form = 0; form < 2; form++) {
            EntropicBarycenter.Result r = forms[form];
            assertTrue(r.converged(), "error " + r.marginalError() + " after " + r.iterations());
            double s = 0;
            for (double v : r.weights()) {
                s += v;
            }
            assertEquals(1, s, 1e-10, "total mass");
            assertArrayEquals(r.weights(), swapped[form].weights(), 1e-9, "reordered inputs");
        }
    }

    /** The log-domain and the kernel-form barycenters of one problem, stopped at an L1 marginal error of 1e-12. */
    private static EntropicBarycenter.Result[] bothForms(Cost[] costs, double[][] b, double[] lam, double eps, int maxIterations) {
        return new EntropicBarycenter.Result[] {
            EntropicBarycenter.solve(costs, b, lam, eps, 1e-12, maxIterations),
            EntropicBarycenter.solveScaling(costs, b, lam, eps, 1e-12, maxIterations)
        };
    }

    /** exp(-e_i) / sum_j exp(-e_j), max-shifted. */
    private static double[] softmin(double[] e) {
        double mn = Double.POSITIVE_INFINITY;
        for (double v : e) {
            mn = Math.min(mn, v);
        }
        double[] out = new double[e.length];
        double s = 0;
        for (int i = 0; i < e.length; i++) {
            out[i] = Math.exp(mn - e[i]);
            s += out[i];
        }
        for (int i = 0; i < e.length; i++) {
            out[i] /= s;
        }
        return out;
    }
}
