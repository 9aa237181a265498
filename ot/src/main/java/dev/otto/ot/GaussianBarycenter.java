package dev.otto.ot;

import dev.otto.ot.internal.Checks;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Wasserstein-2 barycenter of Gaussians N(m_k, S_k) with weights lambda_k (Agueh and Carlier 2011,
 * section 6.3; Alvarez-Esteban, del Barrio, Cuesta-Albertos and Matran 2016, Theorem 4.2): the
 * Gaussian N(m, S) with m = sum_k lambda_k m_k and S the positive definite solution of
 * S = sum_k lambda_k (S^1/2 S_k S^1/2)^1/2, found by the fixed-point iteration
 * <pre>
 *   S &lt;- S^-1/2 (sum_k lambda_k (S^1/2 S_k S^1/2)^1/2)^2 S^-1/2,
 * </pre>
 * started from sum_k lambda_k S_k, which converges for positive definite S_k (their Theorem 4.2).
 * It stops when the Frobenius change is at most tolerance x |S|_F (1e-12), after at most 1,000
 * iterations (an {@link ArithmeticException} otherwise). The matrix roots are those of
 * {@link GaussianW2} (MATH.md section 1, "Gaussians"). When the S_k commute the solution is
 * (sum_k lambda_k S_k^1/2)^2 (in 1-D: sigma = sum lambda_k sigma_k).
 */
public final class GaussianBarycenter {

    /** Relative Frobenius change at which the fixed-point iteration stops. */
    public static final double TOLERANCE = 1e-12;
    /** Iteration limit of the fixed point. */
    public static final int MAX_ITERATIONS = 1000;

    private GaussianBarycenter() {
    }

    /** The barycenter's mean sum_k lambda_k m_k (lambda null = uniform; normalised). */
    public static double[] mean(double[][] means, double[] lambda) {
        Checks.notEmpty("means", means);
        double[] lam = weights(lambda, means.length);
        double[] m = new double[means[0].length];
        for (int k = 0; k < means.length; k++) {
            if (means[k] == null || means[k].length != m.length) {
                throw new IllegalArgumentException("means[" + k + "]: expected dimension " + m.length + ", got "
                        + (means[k] == null ? "null" : means[k].length));
            }
            Checks.finite("means[" + k + "]", means[k]);
            for (int q = 0; q < m.length; q++) {
                m[q] += lam[k] * means[k][q];
            }
        }
        return m;
    }

    /** The barycenter's covariance S (positive definite covariances, lambda null = uniform). */
    public static double[][] covariance(double[][][] covariances, double[] lambda) {
        if (covariances == null || covariances.length == 0) {
            throw new IllegalArgumentException("covariances: expected at least one covariance, got "
                    + (covariances == null ? "null" : "none"));
        }
        int k = covariances.length;
        double[] lam = weights(lambda, k);
        int d = covariances[0] == null ? 0 : covariances[0].length;
        DMatrixRMaj[] s = new DMatrixRMaj[k];
        DMatrixRMaj cur = new DMatrixRMaj(d, d);
        for (int c = 0; c < k; c++) {
            if (GaussianW2.check(new double[d], covariances[c], "") != d) {
                throw new IllegalArgumentException("covariances[" + c + "]: expected a " + d + " x " + d + " matrix");
            }
            s[c] = new DMatrixRMaj(covariances[c]);
            CommonOps_DDRM.addEquals(cur, lam[c], s[c]);
        }
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            DMatrixRMaj r = GaussianW2.sqrtm(cur, 0.5);
            DMatrixRMaj ri = GaussianW2.sqrtm(cur, -0.5);
            DMatrixRMaj sum = new DMatrixRMaj(d, d);
            for (int c = 0; c < k; c++) {
                CommonOps_DDRM.addEquals(sum, lam[c], GaussianW2.sqrtm(GaussianW2.sandwich(r, s[c]), 0.5));
            }
            DMatrixRMaj sq = new DMatrixRMaj(d, d);
            CommonOps_DDRM.mult(sum, sum, sq);
            DMatrixRMaj next = GaussianW2.sandwich(ri, sq);
            DMatrixRMaj diff = new DMatrixRMaj(d, d);
            CommonOps_DDRM.subtract(next, cur, diff);
            double change = NormOps_DDRM.normF(diff);
            cur = next;
            if (change <= TOLERANCE * NormOps_DDRM.normF(cur)) {
                return toArray(cur);
            }
        }
        throw new ArithmeticException("Gaussian barycenter: the Bures fixed point did not settle in "
                + MAX_ITERATIONS + " iterations (d = " + d + ")");
    }

    private static double[] weights(double[] lambda, int k) {
        double[] lam = lambda == null ? Checks.uniform(k) : lambda;
        if (lam.length != k) {
            throw new IllegalArgumentException("lambda: expected " + k + " weights (one per Gaussian), got " + lam.length);
        }
        double s = Checks.weights("lambda", lam);
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            out[c] = lam[c] / s;
        }
        return out;
    }

    private static double[][] toArray(DMatrixRMaj m) {
        double[][] out = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                out[i][j] = m.get(i, j);
            }
        }
        return out;
    }
}
