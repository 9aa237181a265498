package dev.otto.theory.jko;

import dev.otto.flows.jko.GaussianJko.Gaussian;
import dev.otto.ot.GaussianW2;
import dev.otto.theory.RandomMatrices;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Gaussians for the closed-form JKO statements of MATH.md section 4 (seed paper 1, Theorem 4.3 and
 * its Gaussian example): generated starting points, W2^2 and KL to q = N(0, I), the JKO objective
 * and perturbations of a step that stay symmetric positive definite.
 */
public final class GaussianJkoCases {

    private GaussianJkoCases() {
    }

    /** A Gaussian with a random mean and a covariance whose eigenvalues span [10^-logSpread, 10^logSpread]. */
    public static Gaussian generate(int d, double meanScale, double logSpread, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] lambda = new double[d];
        for (int i = 0; i < d; i++) {
            lambda[i] = Math.pow(10, logSpread == 0 ? 0 : d == 1 ? rng.nextDouble(-logSpread, logSpread)
                    : -logSpread + 2 * logSpread * i / (d - 1.0));
        }
        DMatrixRMaj s = RandomMatrices.spdMatrix(lambda, rng);
        double[] m = new double[d];
        for (int i = 0; i < d; i++) {
            m[i] = meanScale * rng.nextGaussian();
        }
        return new Gaussian(m, s);
    }

    /** W2^2(p, N(0, I)) by the Bures formula (MATH.md section 1). */
    public static double w2SquaredToStandard(Gaussian p) {
        Gaussian q = Gaussian.standard(p.dimension());
        return GaussianW2.w2Squared(p.mean(), rows(p.covariance()), q.mean(), rows(q.covariance()));
    }

    /** KL(N(m, S) | N(0, I)) = (tr S + |m|^2 - d - log det S) / 2. */
    public static double klToStandard(Gaussian p) {
        DMatrixRMaj s = p.covariance();
        double m2 = 0;
        for (double v : p.mean()) {
            m2 += v * v;
        }
        return 0.5 * (CommonOps_DDRM.trace(s) + m2 - p.dimension() - Math.log(CommonOps_DDRM.det(s)));
    }

    /** The JKO objective KL(rho | q) + W2^2(rho, p) / (2h), in closed form. */
    public static double objective(Gaussian rho, Gaussian p, double h) {
        double w2 = GaussianW2.w2Squared(rho.mean(), rows(rho.covariance()), p.mean(), rows(p.covariance()));
        return klToStandard(rho) + w2 / (2 * h);
    }

    /**
     * A perturbation of size 10^[-4, -1] of mean and covariance (S + E S + S E^T, symmetrised), or
     * null when it left the positive definite cone.
     */
    public static Gaussian perturb(Gaussian best, SplittableRandom rng) {
        int d = best.dimension();
        double size = Math.pow(10, rng.nextDouble(-4, -1));
        double[] m = best.mean();
        for (int i = 0; i < d; i++) {
            m[i] += size * rng.nextGaussian();
        }
        DMatrixRMaj e = new DMatrixRMaj(d, d);
        for (int i = 0; i < d * d; i++) {
            e.data[i] = size * rng.nextGaussian();
        }
        DMatrixRMaj s = best.covariance();
        DMatrixRMaj es = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(e, best.covariance(), es);
        CommonOps_DDRM.addEquals(s, es);
        CommonOps_DDRM.addEquals(s, CommonOps_DDRM.transpose(es, null));
        symmetrise(s);
        return CommonOps_DDRM.det(s) <= 0 ? null : new Gaussian(m, s);
    }

    static void symmetrise(DMatrixRMaj s) {
        for (int i = 0; i < s.numRows; i++) {
            for (int j = 0; j < i; j++) {
                double v = 0.5 * (s.get(i, j) + s.get(j, i));
                s.set(i, j, v);
                s.set(j, i, v);
            }
        }
    }

    /** A matrix as rows. */
    public static double[][] rows(DMatrixRMaj m) {
        double[][] r = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                r[i][j] = m.get(i, j);
            }
        }
        return r;
    }
}
