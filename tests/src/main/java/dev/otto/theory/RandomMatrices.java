package dev.otto.theory;

import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * Random matrices shared by the property generators: orthogonal matrices (the Q of a Gaussian
 * matrix's QR decomposition) and symmetric positive definite matrices with a prescribed spectrum,
 * which is how the properties reach near-singular and ill-conditioned covariances on purpose.
 */
public final class RandomMatrices {

    private RandomMatrices() {
    }

    /** A random d x d orthogonal matrix. */
    public static DMatrixRMaj orthogonal(int d, RandomGenerator rng) {
        DMatrixRMaj g = new DMatrixRMaj(d, d);
        for (int i = 0; i < d * d; i++) {
            g.data[i] = rng.nextGaussian();
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(d, d);
        qr.decompose(g);
        return qr.getQ(null, false);
    }

    /** U diag(eigenvalues) U^T with a random orthogonal U, symmetrised exactly. */
    public static DMatrixRMaj spdMatrix(double[] eigenvalues, RandomGenerator rng) {
        int d = eigenvalues.length;
        DMatrixRMaj u = orthogonal(d, rng);
        DMatrixRMaj ul = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(u, CommonOps_DDRM.diag(eigenvalues), ul);
        DMatrixRMaj s = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(ul, u, s);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double v = 0.5 * (s.get(i, j) + s.get(j, i));
                s.set(i, j, v);
                s.set(j, i, v);
            }
        }
        return s;
    }

    /** {@link #spdMatrix} as rows. */
    public static double[][] spd(double[] eigenvalues, RandomGenerator rng) {
        return rows(spdMatrix(eigenvalues, rng));
    }

    /** {@link #orthogonal} as rows. */
    public static double[][] orthogonalRows(int d, RandomGenerator rng) {
        return rows(orthogonal(d, rng));
    }

    /**
     * A d x d covariance whose largest eigenvalue is scale^2 and whose condition number is cond (for
     * d >= 2), the eigenvalues between log-uniform: ill-conditioned on purpose.
     */
    public static double[][] covariance(int d, double scale, double cond, RandomGenerator rng) {
        double[] lam = new double[d];
        for (int k = 0; k < d; k++) {
            lam[k] = scale * scale * (k == 0 ? 1 : k == d - 1 ? 1 / cond : Math.pow(cond, -rng.nextDouble()));
        }
        return spd(lam, rng);
    }

    private static double[][] rows(DMatrixRMaj m) {
        double[][] out = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                out[i][j] = m.get(i, j);
            }
        }
        return out;
    }
}
