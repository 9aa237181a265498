package dev.otto.flows.jko;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The exact JKO step for Gaussians (MATH.md section 4, the oracle of seed paper 1's Theorem 4.3):
 * with target q = N(0, I) and p_k = N(m, S), the minimiser of KL(rho | q) + W2^2(rho, p_k) / (2h) is
 * p_{k+1} = N(m', S') with
 * <pre>
 *   m' = m / (1 + h),
 *   S' = U diag(sigma'_i^2) U^T,   sigma'_i = (sigma_i + sqrt(sigma_i^2 + 4 h (1 + h))) / (2 (1 + h)),
 * </pre>
 * where S = U diag(sigma_i^2) U^T. (Per eigen-direction the step solves
 * (1 + h) s'^2 - s s' - h = 0, the stationarity of s'^2/2 - log s' + (s' - s)^2 / (2h).)
 * The fixed point is q itself, and W2^2(p_{k+1}, q) &lt;= W2^2(p_k, q) / (1 + h).
 */
public final class GaussianJko {

    private GaussianJko() {
    }

    /** A Gaussian N(mean, covariance) in R^d. */
    public record Gaussian(double[] mean, DMatrixRMaj covariance) {
        public Gaussian {
            if (covariance.numRows != mean.length || covariance.numCols != mean.length) {
                throw new IllegalArgumentException("covariance: expected " + mean.length + "x" + mean.length + ", got "
                        + covariance.numRows + "x" + covariance.numCols);
            }
            mean = mean.clone();
            covariance = covariance.copy();
        }

        public int dimension() {
            return mean.length;
        }

        /** The standard normal N(0, I_d), the JKO flow's target q. */
        public static Gaussian standard(int d) {
            return new Gaussian(new double[d], CommonOps_DDRM.identity(d));
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public DMatrixRMaj covariance() {
            return covariance.copy();
        }
    }

    /** One exact JKO step of size h from p_k. */
    public static Gaussian step(Gaussian p, double h) {
        if (!(h > 0) || !Double.isFinite(h)) {
            throw new IllegalArgumentException("h: the JKO step size must be positive and finite, got " + h);
        }
        int d = p.dimension();
        double[] m = p.mean();
        for (int i = 0; i < d; i++) {
            m[i] /= 1 + h;
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(p.covariance())) {
            throw new IllegalArgumentException("p: the covariance's eigen-decomposition failed");
        }
        DMatrixRMaj next = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double lambda = eig.getEigenvalue(k).getReal();
            if (!(lambda > 0)) {
                throw new IllegalArgumentException("p: the covariance must be positive definite, eigenvalue " + lambda);
            }
            double s = Math.sqrt(lambda);
            double sNext = (s + Math.sqrt(s * s + 4 * h * (1 + h))) / (2 * (1 + h));
            // the symmetric solver returns orthogonal eigenvectors; normalise them to be sure
            DMatrixRMaj u = eig.getEigenVector(k).copy();
            CommonOps_DDRM.divide(u, Math.sqrt(CommonOps_DDRM.dot(u, u)));
            // S' += sigma'^2 u u^T, filled symmetrically so that S' is exactly symmetric
            double s2 = sNext * sNext;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = s2 * u.get(i) * u.get(j);
                    next.add(i, j, v);
                    if (j != i) {
                        next.add(j, i, v);
                    }
                }
            }
        }
        return new Gaussian(m, next);
    }

    /** N steps with the given step sizes, returning p_0, p_1, ..., p_N. */
    public static Gaussian[] trajectory(Gaussian p0, double[] steps) {
        Gaussian[] path = new Gaussian[steps.length + 1];
        path[0] = p0;
        for (int k = 0; k < steps.length; k++) {
            path[k + 1] = step(path[k], steps[k]);
        }
        return path;
    }
}
