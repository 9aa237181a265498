package dev.otto.theory.ot;

import dev.otto.ot.FreeSupportBarycenter;
import dev.otto.ot.GaussianBarycenter;
import dev.otto.ot.GaussianW2;
import dev.otto.ot.internal.Parallel;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.theory.RandomMatrices;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.Provide;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wasserstein-2 barycenters ({@link FreeSupportBarycenter}, {@link GaussianBarycenter}) against their
 * closed forms:
 * <ul>
 *   <li>1-D, n uniform points per cloud: the barycenter is the quantile average sum_k lambda_k y^k_(i)
 *       (MATH.md section 1, "1-D": W_2 on the line is the L^2 distance of quantile functions, and
 *       the barycenter of quantile functions in L^2 is their average);</li>
 *   <li>clouds A_k z + m_k with commuting symmetric positive definite A_k (simultaneously diagonal):
 *       x -&gt; A_k A^-1 x is the gradient of a convex function, so matching z-indices is optimal and
 *       the barycenter is (sum lambda_k A_k) z + sum lambda_k m_k;</li>
 *   <li>the barycenter of K copies of one cloud is that cloud; reordering the clouds (with their
 *       lambdas) changes nothing;</li>
 *   <li>Gaussian: for commuting covariances S = (sum lambda_k S_k^1/2)^2, and in general S solves
 *       S = sum_k lambda_k (S^1/2 S_k S^1/2)^1/2 (Alvarez-Esteban et al. 2016, Theorem 4.2), and its
 *       weighted Bures cost is no larger than that of any S_k.</li>
 * </ul>
 * Tolerances: the fixed point is exact after one iteration in the first two cases (the optimal
 * plans are permutations), so coordinates agree to round-off: 1e-9 of the coordinate scale. Reordered
 * clouds sum the maps in another order: 1e-12 relative. Gaussian fixed points stop at a relative
 * Frobenius change of 1e-12; eigen-decompositions are backward stable, so 1e-8 relative on matrices
 * with condition number at most 1e2 is safe.
 */
@Tag("ot.barycenter")
class BarycenterProperties {

    /** K clouds of n points in dimension d, lambdas, seed. */
    record Clouds(double[][][] clouds, double[] lambda, long seed) {
        @Override
        public String toString() {
            return "K=" + clouds.length + " n=" + clouds[0].length + " d=" + clouds[0][0].length + " seed=" + seed;
        }
    }

    @Provide
    Arbitrary<Clouds> lines() {
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 12),
                Arbitraries.longs()).as((k, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    double[][][] c = new double[k][n][1];
                    for (int q = 0; q < k; q++) {
                        double shift = 3 * rng.nextGaussian();
                        double spread = Math.exp(rng.nextGaussian());
                        for (int i = 0; i < n; i++) {
                            c[q][i][0] = shift + spread * rng.nextGaussian();
                        }
                    }
                    return new Clouds(c, lambdas(rng, k), seed);
                });
    }

    private static double[] lambdas(SplittableRandom rng, int k) {
        double[] lam = new double[k];
        double s = 0;
        for (int q = 0; q < k; q++) {
            lam[q] = 0.1 + rng.nextDouble();
            s += lam[q];
        }
        for (int q = 0; q < k; q++) {
            lam[q] /= s;
        }
        return lam;
    }

    private static double[][] start(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[][] x = new double[n][d];
        for (double[] p : x) {
            for (int q = 0; q < d; q++) {
                p[q] = rng.nextGaussian();
            }
        }
        return x;
    }

    @Property(tries = 100)
    void oneDimensionalBarycenterIsTheQuantileAverage(@ForAll("lines") Clouds c) {
        int n = c.clouds[0].length;
        FreeSupportBarycenter.Result r = FreeSupportBarycenter.create()
                .solve(c.clouds, null, c.lambda, start(n, 1, c.seed), null);
        assertTrue(r.converged(), "not converged after " + r.iterations());
        double[] expected = new double[n];
        double scale = 0;
        for (int q = 0; q < c.clouds.length; q++) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = c.clouds[q][i][0];
                scale = Math.max(scale, Math.abs(y[i]));
            }
            Arrays.sort(y);
            for (int i = 0; i < n; i++) {
                expected[i] += c.lambda[q] * y[i];
            }
        }
        double[] got = new double[n];
        for (int i = 0; i < n; i++) {
            got[i] = r.support()[i][0];
        }
        Arrays.sort(got);
        assertArrayEquals(expected, got, 1e-9 * scale, "quantile average");
    }

    @Property(tries = 40)
    void imagesOfOneCloudUnderCommutingMapsAverageTheirMaps(@ForAll("dims") int d, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int k = 1 + rng.nextInt(4);
        int n = 1 + rng.nextInt(10);
        double[][] basis = RandomMatrices.orthogonalRows(d, rng);
        double[][] z = start(n, d, seed);
        double[][][] clouds = new double[k][n][d];
        double[] lam = lambdas(rng, k);
        double[][] avg = new double[d][d];
        double[] avgShift = new double[d];
        for (int q = 0; q < k; q++) {
            double[] eig = new double[d];
            for (int e = 0; e < d; e++) {
                eig[e] = Math.exp(rng.nextGaussian());
            }
            double[][] a = compose(basis, eig);
            double[] shift = new double[d];
            for (int e = 0; e < d; e++) {
                shift[e] = rng.nextGaussian();
                avgShift[e] += lam[q] * shift[e];
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    avg[i][j] += lam[q] * a[i][j];
                }
            }
            clouds[q] = affine(a, shift, z);
        }
        double[][] expected = affine(avg, avgShift, z);
        FreeSupportBarycenter.Result r = FreeSupportBarycenter.create().solve(clouds, null, lam, z, null);
        assertTrue(r.converged(), "not converged after " + r.iterations());
        double scale = 0;
        for (double[][] cl : clouds) {
            for (double[] p : cl) {
                for (double v : p) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            assertArrayEquals(expected[i], r.support()[i], 1e-9 * scale, "point " + i);
        }
    }

    @Provide
    Arbitrary<Integer> dims() {
        return Arbitraries.integers().between(1, 4);
    }

    @Property(tries = 40)
    void copiesOfOneCloudAndReorderingChangeNothing(@ForAll("problems") OtProblem p, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][][] copies = {p.x, p.x, p.x};
        FreeSupportBarycenter.Result same = FreeSupportBarycenter.create()
                .solve(copies, new double[][] {p.a, p.a, p.a}, lambdas(rng, 3), p.x, p.a);
        double scale = p.scale;
        for (int i = 0; i < p.n(); i++) {
            assertArrayEquals(p.x[i], same.support()[i], 1e-9 * scale, "barycenter of copies moved point " + i);
        }
        double[][][] three = {p.x, p.y, start(5, p.dimension(), seed)};
        double[][] w = {p.a, p.b, null};
        double[] lam = lambdas(rng, 3);
        double[][] init = start(6, p.dimension(), seed + 1);
        FreeSupportBarycenter.Result r = FreeSupportBarycenter.create().withMaxIterations(5).solve(three, w, lam, init, null);
        FreeSupportBarycenter.Result swapped = FreeSupportBarycenter.create().withMaxIterations(5).solve(
                new double[][][] {three[2], three[0], three[1]}, new double[][] {w[2], w[0], w[1]},
                new double[] {lam[2], lam[0], lam[1]}, init, null);
        for (int i = 0; i < init.length; i++) {
            assertArrayEquals(r.support()[i], swapped.support()[i], 1e-9 * (scale + 1), "reordered clouds, point " + i);
        }
        Parallel.setEnabled(false);
        try {
            FreeSupportBarycenter.Result single = FreeSupportBarycenter.create().withMaxIterations(5).solve(three, w, lam, init, null);
            for (int i = 0; i < init.length; i++) {
                assertArrayEquals(r.support()[i], single.support()[i], 0.0, "thread count changed point " + i);
            }
        } finally {
            Parallel.setEnabled(true);
        }
    }

    /**
     * Barycentric maps preserve means: sum_i w_i T_k(x_i) = sum_ij P_ij y_j = sum_j b_j y_j when the
     * plan's marginals are w and b, so after any number of iterations the support's weighted mean is
     * sum_k lambda_k mean(nu_k), with exact or entropic couplings. The map divides row i by the
     * plan's row mass r_i, so with marginal errors the mean moves by at most
     * (|P 1 - w|_1 + |P^T 1 - b|_1) max|y|, which the result reports as its marginal error: the
     * tolerance is 1e-9 of the coordinate scale (sums of products of weights and coordinates) plus
     * that error times the largest coordinate. Exact couplings have marginal error 0; entropic ones
     * that met Sinkhorn's tolerance 1e-13 add 2e-13 of the scale, and the few whose Sinkhorn solve
     * stopped unconverged add what they report (9 of 2000 random cases reached the limit of
     * 100,000 iterations with row errors up to 3.6e-6, which made a fixed 1e-6 fail now and then:
     * plain Sinkhorn contracts slowly on some of the supports the iteration produces). A map with the wrong weights misses by O(scale).
     */
    @Property(tries = 40)
    void theSupportKeepsTheAverageMeanWithExactOrEntropicCouplings(@ForAll("problems") OtProblem raw, @ForAll boolean entropic,
                                                                   @ForAll long seed) {
        OtProblem p = raw.probability();
        SplittableRandom rng = new SplittableRandom(seed);
        int d = p.dimension();
        double[][][] clouds = {p.x, p.y};
        double[] lam = lambdas(rng, 2);
        double[][] init = start(5, d, seed);
        FreeSupportBarycenter solver = FreeSupportBarycenter.create().withMaxIterations(3);
        if (entropic) {
            solver = solver.withEntropicCouplings(Sinkhorn.logDomain().withRelativeEpsilon(0.1).withTolerance(1e-13)
                    .withMaxIterations(100_000));
        }
        FreeSupportBarycenter.Result r = solver.solve(clouds, new double[][] {p.a, p.b}, lam, init, null);
        double[] expected = new double[d];
        double[][] weights = {p.a, p.b};
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < clouds[c].length; i++) {
                for (int q = 0; q < d; q++) {
                    expected[q] += lam[c] * weights[c][i] * clouds[c][i][q];
                }
            }
        }
        double[] mean = new double[d];
        for (int i = 0; i < init.length; i++) {
            for (int q = 0; q < d; q++) {
                mean[q] += r.weights()[i] * r.support()[i][q];
            }
        }
        double largest = 0;
        for (double[][] cloud : clouds) {
            for (double[] y : cloud) {
                for (double v : y) {
                    largest = Math.max(largest, Math.abs(v));
                }
            }
        }
        if (!entropic) {
            assertEquals(0.0, r.marginalError(), "exact couplings have exact marginals");
        }
        assertArrayEquals(expected, mean, (1e-9 + r.marginalError()) * largest,
                "weighted mean of the support, entropic = " + entropic + ", marginal error " + r.marginalError());
    }

    @Provide
    Arbitrary<OtProblem> problems() {
        return OtProblems.problems(7, false);
    }

    @Property(tries = 60)
    void gaussianBarycenterSolvesTheBuresFixedPoint(@ForAll("dims") int d, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int k = 1 + rng.nextInt(4);
        double[][][] s = new double[k][][];
        double[][] sqrtAvg = new double[d][d];
        double[][] basis = RandomMatrices.orthogonalRows(d, rng);
        double[] lam = lambdas(rng, k);
        double[][][] commuting = new double[k][][];
        for (int q = 0; q < k; q++) {
            s[q] = RandomMatrices.covariance(d, 1, 100, rng);
            double[] eig = new double[d];
            double[] root = new double[d];
            for (int e = 0; e < d; e++) {
                eig[e] = Math.exp(2 * rng.nextGaussian());
                root[e] = Math.sqrt(eig[e]);
            }
            commuting[q] = compose(basis, eig);
            double[][] r = compose(basis, root);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    sqrtAvg[i][j] += lam[q] * r[i][j];
                }
            }
        }
        double[][] closed = multiply(sqrtAvg, sqrtAvg);
        assertMatrix(closed, GaussianBarycenter.covariance(commuting, lam), 1e-8, "commuting closed form");

        double[][] bary = GaussianBarycenter.covariance(s, lam);
        // fixed point: S = sum_k lambda_k (S^1/2 S_k S^1/2)^1/2, i.e. sum_k lambda_k A_k = I for the OT maps A_k from S
        double[][] sumMaps = new double[d][d];
        for (int q = 0; q < k; q++) {
            double[][] a = GaussianW2.mapMatrix(bary, s[q]);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    sumMaps[i][j] += lam[q] * a[i][j];
                }
            }
        }
        assertMatrix(identity(d), sumMaps, 1e-8, "sum_k lambda_k T_k = identity");
        double[] zero = new double[d];
        double best = Double.POSITIVE_INFINITY;
        for (double[][] cand : s) {
            best = Math.min(best, weightedBures(zero, cand, s, lam));
        }
        double at = weightedBures(zero, bary, s, lam);
        assertTrue(at <= best * (1 + 1e-9) + 1e-12, "barycenter cost " + at + " above an input's " + best);
    }

    private static double weightedBures(double[] zero, double[][] cand, double[][][] s, double[] lam) {
        double v = 0;
        for (int q = 0; q < s.length; q++) {
            v += lam[q] * GaussianW2.w2Squared(zero, cand, zero, s[q]);
        }
        return v;
    }

    private static double[][] identity(int d) {
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            out[i][i] = 1;
        }
        return out;
    }

    /** Q diag(eig) Q^T. */
    private static double[][] compose(double[][] q, double[] eig) {
        int d = eig.length;
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int e = 0; e < d; e++) {
                    v += q[i][e] * eig[e] * q[j][e];
                }
                out[i][j] = v;
            }
        }
        return out;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int d = a.length;
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int e = 0; e < d; e++) {
                    out[i][j] += a[i][e] * b[e][j];
                }
            }
        }
        return out;
    }

    /** Rows a z_i + shift. */
    private static double[][] affine(double[][] a, double[] shift, double[][] z) {
        int d = shift.length;
        double[][] out = new double[z.length][d];
        for (int i = 0; i < z.length; i++) {
            for (int r = 0; r < d; r++) {
                double v = shift[r];
                for (int c = 0; c < d; c++) {
                    v += a[r][c] * z[i][c];
                }
                out[i][r] = v;
            }
        }
        return out;
    }

    private static void assertMatrix(double[][] expected, double[][] got, double rel, String what) {
        double norm = 0;
        for (double[] row : expected) {
            for (double v : row) {
                norm = Math.max(norm, Math.abs(v));
            }
        }
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], got[i], rel * norm, what + ", row " + i);
        }
    }
}
