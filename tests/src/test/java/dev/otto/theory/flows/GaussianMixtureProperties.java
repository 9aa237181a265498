package dev.otto.theory.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.data.GaussianMixture;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;

/**
 * The Gaussian-mixture oracle of MATH.md section 5 ("every marginal p_t, its score and its
 * log-density are exact"): the density is normalised and equals the closed form, the score is the
 * gradient of the log-density, and samples have the mixture's moments.
 */
class GaussianMixtureProperties {

    /**
     * In 2-D, the midpoint rule of exp(log p) over a box reaching 9 standard deviations beyond every
     * mean gives 1. Tolerance 1e-8: the midpoint rule on a Gaussian with grid step h <= 0.45 sigma
     * has error about 2 exp(-2 pi^2 sigma^2 / h^2) < 1e-40 per dimension, the mass outside 9 sigma
     * is below 1e-17, and summing 640 000 terms adds rounding of order 1e-12. A density that is off
     * by any constant factor (a wrong normaliser or log det) misses 1 by far more.
     */
    @Property(tries = 12)
    @Tag("interpolation.mixture-oracle")
    void logDensityIntegratesToOneIn2d(@ForAll @IntRange(min = 1, max = 3) int k, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        GaussianMixture p = MixtureGen.mixture(2, k, 2.0, Math.log10(0.04), 0.0, 3, rng);
        int n = 800;
        double half = 2.0 + 9.0;
        double h = 2 * half / n;
        double[] pts = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                pts[2 * (i * n + j)] = -half + (i + 0.5) * h;
                pts[2 * (i * n + j) + 1] = -half + (j + 0.5) * h;
            }
        }
        double[] logp = p.logDensity(Tensor.wrap(n * n, 2, pts)).toArray();
        double sum = 0;
        for (double l : logp) {
            sum += Math.exp(l);
        }
        assertEquals(1.0, sum * h * h, 1e-8);
    }

    /**
     * One component: log p equals -d/2 log 2 pi - 1/2 log det S - 1/2 (x-mu)^T S^-1 (x-mu), with
     * the determinant and S^-1 (x - mu) computed independently by Gaussian elimination in 34-digit
     * decimal arithmetic (so the reference is exact for the stored S and x to ~1e-30), for
     * covariance eigenvalues over six orders of magnitude (condition numbers up to 1e6) and points
     * 3 marginal standard deviations out (q up to ~1e6). The Cholesky solve is backward stable:
     * its relative error in q is about d kappa(L) eps = 5 x 1e3 x 1.1e-16 < 1e-12, so the tolerance
     * 1e-10 (1 + |q|) holds with a hundredfold margin, while a wrong normaliser (log det or 2 pi
     * factor) misses by at least 1e-3. (A double-precision LU inverse is NOT accurate enough as a
     * reference here: it is off by 3e-6 relative at kappa = 8e4.)
     */
    @Property(tries = 60)
    @Tag("interpolation.mixture-oracle")
    void singleComponentMatchesTheGaussianClosedForm(@ForAll @IntRange(min = 1, max = 5) int d, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] mu = new double[d];
        for (int i = 0; i < d; i++) {
            mu[i] = 5 * rng.nextGaussian();
        }
        double[][] s = MixtureGen.spd(MixtureGen.spectrum(d, -3, 3, rng), rng);
        GaussianMixture p = GaussianMixture.single(mu, s);
        for (int t = 0; t < 5; t++) {
            double[] x = new double[d];
            for (int i = 0; i < d; i++) {
                x[i] = mu[i] + 3 * Math.sqrt(s[i][i]) * rng.nextGaussian();
            }
            double[] qAndDet = exactQuadraticFormAndDeterminant(s, x, mu);
            double q = qAndDet[0];
            double expected = -0.5 * d * Math.log(2 * Math.PI) - 0.5 * Math.log(qAndDet[1]) - 0.5 * q;
            assertEquals(expected, p.logDensity(Tensor.of(1, d, x)).item(), 1e-10 * (1 + Math.abs(q)));
        }
    }

    /** (x-mu)^T S^-1 (x-mu) and det S by Gauss-Jordan elimination with partial pivoting in DECIMAL128. */
    static double[] exactQuadraticFormAndDeterminant(double[][] s, double[] x, double[] mu) {
        java.math.MathContext mc = java.math.MathContext.DECIMAL128;
        int d = x.length;
        java.math.BigDecimal[][] a = new java.math.BigDecimal[d][d + 1];
        java.math.BigDecimal[] r = new java.math.BigDecimal[d];
        for (int i = 0; i < d; i++) {
            r[i] = new java.math.BigDecimal(x[i]).subtract(new java.math.BigDecimal(mu[i]), mc);
            for (int j = 0; j < d; j++) {
                a[i][j] = new java.math.BigDecimal(s[i][j]);
            }
            a[i][d] = r[i];
        }
        java.math.BigDecimal det = java.math.BigDecimal.ONE;
        for (int c = 0; c < d; c++) {
            int piv = c;
            for (int i = c + 1; i < d; i++) {
                if (a[i][c].abs().compareTo(a[piv][c].abs()) > 0) {
                    piv = i;
                }
            }
            if (piv != c) {
                java.math.BigDecimal[] tmp = a[c];
                a[c] = a[piv];
                a[piv] = tmp;
                det = det.negate();
            }
            det = det.multiply(a[c][c], mc);
            for (int i = 0; i < d; i++) {
                if (i != c) {
                    java.math.BigDecimal f = a[i][c].divide(a[c][c], mc);
                    for (int j = c; j <= d; j++) {
                        a[i][j] = a[i][j].subtract(f.multiply(a[c][j], mc), mc);
                    }
                }
            }
        }
        java.math.BigDecimal q = java.math.BigDecimal.ZERO;
        for (int i = 0; i < d; i++) {
            q = q.add(r[i].multiply(a[i][d].divide(a[i][i], mc), mc), mc);
        }
        return new double[] {q.doubleValue(), det.doubleValue()};
    }

    /**
     * The score equals the central finite-difference gradient of the log-density, for means spread
     * over [-3, 3]^d, covariance eigenvalues from 1e-2 to 1e2 and weights down to 1e-12 (near-
     * degenerate). Step h = 1e-6 sigma_min: the truncation error h^2 |f'''| / 6 is below 1e-7 even
     * where responsibilities switch between components (|f'''| up to (|mu|/sigma_min^2)^3 = 2e8);
     * the rounding error eps |log p| / h stays below 1e-6 |log p| / sigma_min. Tolerance
     * 1e-4 (1 + |score|_inf) covers both with a wide margin; a wrong sign, a missing responsibility
     * or S in place of S^-1 misses by order 1.
     */
    @Property(tries = 80)
    @Tag("interpolation.mixture-oracle")
    void scoreIsTheGradientOfTheLogDensity(@ForAll @IntRange(min = 1, max = 4) int d,
                                           @ForAll @IntRange(min = 1, max = 3) int k, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        GaussianMixture p = MixtureGen.mixture(d, k, 3.0, -2, 2, 12, rng);
        double sigmaMin = Double.POSITIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            double[] ev = eigenvalues(p.covariance(j));
            for (double e : ev) {
                sigmaMin = Math.min(sigmaMin, Math.sqrt(e));
            }
        }
        double h = 1e-6 * sigmaMin;
        Tensor x = p.sample(4, rng);
        Tensor score = p.score(x);
        for (int r = 0; r < x.rows(); r++) {
            double[] xr = x.row(r);
            double scale = 0;
            for (int i = 0; i < d; i++) {
                scale = Math.max(scale, Math.abs(score.get(r, i)));
            }
            for (int i = 0; i < d; i++) {
                double[] plus = xr.clone();
                double[] minus = xr.clone();
                plus[i] += h;
                minus[i] -= h;
                double fd = (p.logDensity(Tensor.of(1, d, plus)).item() - p.logDensity(Tensor.of(1, d, minus)).item())
                        / (plus[i] - minus[i]);
                assertEquals(fd, score.get(r, i), 1e-4 * (1 + scale), "row " + r + " coordinate " + i);
            }
        }
    }

    private static double[] eigenvalues(double[][] s) {
        var eig = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(s.length, false, true);
        eig.decompose(new DMatrixRMaj(s));
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = eig.getEigenvalue(i).getReal();
        }
        return out;
    }

    /**
     * With n = 20 000 samples: the sample mean of each coordinate is within 5 standard errors
     * sqrt(C_ii / n) of the mixture mean, each sample covariance entry within 6 standard errors of
     * the law-of-total-covariance value (standard error from the sample's own fourth moments, plus
     * the O(1/n) bias of the 1/n estimator). Weights span one decade, so component selection matters
     * for every moment. By the CLT a 5-sigma miss has probability about 6e-7 per check and a 6-sigma
     * one 2e-9, so the ~250 checks of a run fail spuriously with probability below 1e-4; a sampler
     * that ignores the Cholesky factor's off-diagonal or the weights shifts a moment by many
     * standard errors.
     */
    @Property(tries = 15)
    @Tag("interpolation.mixture-oracle")
    void samplesHaveTheMixtureMoments(@ForAll @IntRange(min = 1, max = 3) int d,
                                      @ForAll @IntRange(min = 1, max = 3) int k, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        GaussianMixture p = MixtureGen.mixture(d, k, 3.0, -1, 1, 1, rng);
        int n = 20_000;
        double[] x = p.sample(n, rng).toArray();
        double[] m = p.mean();
        double[][] c = p.covariance();
        double[] mh = new double[d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                mh[i] += x[r * d + i] / n;
            }
        }
        for (int i = 0; i < d; i++) {
            assertEquals(m[i], mh[i], 5 * Math.sqrt(c[i][i] / n), "mean " + i);
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                double s2 = 0;
                for (int r = 0; r < n; r++) {
                    double v = (x[r * d + i] - mh[i]) * (x[r * d + j] - mh[j]);
                    s += v;
                    s2 += v * v;
                }
                double cov = s / n;
                double var = s2 / n - cov * cov;
                assertEquals(c[i][j], cov, 6 * Math.sqrt(var / n) + 2 * Math.sqrt(c[i][i] * c[j][j]) / n,
                        "covariance " + i + "," + j);
            }
        }
    }

    /**
     * A symmetric matrix with a nonpositive eigenvalue (a generated SPD matrix minus
     * (lambda_min + delta) I) is rejected with an IllegalArgumentException naming the component and
     * the problem, never accepted and never turned into NaN densities.
     */
    @Property(tries = 40)
    @Tag("contracts.bad-input")
    void nonPositiveDefiniteCovarianceIsRejected(@ForAll @IntRange(min = 1, max = 4) int d, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] ev = MixtureGen.spectrum(d, -1, 1, rng);
        double min = Double.POSITIVE_INFINITY;
        for (double e : ev) {
            min = Math.min(min, e);
        }
        double[][] s = MixtureGen.spd(ev, rng);
        double shift = min * (1 + rng.nextDouble());
        for (int i = 0; i < d; i++) {
            s[i][i] -= shift;
        }
        double[][] id = new double[d][d];
        for (int i = 0; i < d; i++) {
            id[i][i] = 1;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaussianMixture.of(new double[] {0.5, 0.5}, new double[][] {new double[d], new double[d]},
                        new double[][][] {id, s}));
        assertTrue(e.getMessage().startsWith("covariances[1]: expected a positive-definite matrix"), e.getMessage());
    }
}
