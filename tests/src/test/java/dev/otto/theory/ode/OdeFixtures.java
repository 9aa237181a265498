package dev.otto.theory.ode;

import dev.otto.autodiff.Tensor;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.VectorField;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Generated problems with exact answers for the section-3 properties: random orthogonal and
 * symmetric matrices (with a prescribed spectrum, so conditioning and near-singularity are
 * controlled), their exponentials through EJML's symmetric eigen-decomposition, and the field
 * x -> c tanh(x W + b + t u) with Lipschitz constant c |W|_2 uniformly in t.
 */
final class OdeFixtures {

    private OdeFixtures() {
    }

    /** The fixed-step methods with their orders. */
    static final ButcherTableau[] FIXED = {ButcherTableau.EULER, ButcherTableau.MIDPOINT, ButcherTableau.HEUN,
        ButcherTableau.RK4};

    /** A Haar-ish random orthogonal d x d matrix (QR of a Gaussian matrix). */
    static DMatrixRMaj orthogonal(int d, SplittableRandom rng) {
        return dev.otto.theory.RandomMatrices.orthogonal(d, rng);
    }

    /** Q diag(lambda) Q^T. */
    static DMatrixRMaj symmetric(double[] lambda, DMatrixRMaj q) {
        int d = lambda.length;
        DMatrixRMaj ql = q.copy();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                ql.set(i, j, q.get(i, j) * lambda[j]);
            }
        }
        DMatrixRMaj a = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(ql, q, a);
        // exact symmetry, so the eigen-decomposition takes the symmetric path
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (a.get(i, j) + a.get(j, i));
                a.set(i, j, m);
                a.set(j, i, m);
            }
        }
        return a;
    }

    /** Q1 diag(sigma) Q2^T: a general matrix with singular values sigma. */
    static DMatrixRMaj withSingularValues(double[] sigma, SplittableRandom rng) {
        int d = sigma.length;
        DMatrixRMaj q1 = orthogonal(d, rng);
        DMatrixRMaj q2 = orthogonal(d, rng);
        DMatrixRMaj ql = q1.copy();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                ql.set(i, j, q1.get(i, j) * sigma[j]);
            }
        }
        DMatrixRMaj a = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(ql, q2, a);
        return a;
    }

    /**
     * exp(t A) for symmetric A, from EJML's symmetric eigen-decomposition: V diag(e^{t lambda}) V^T.
     */
    static DMatrixRMaj expSymmetric(DMatrixRMaj a, double t) {
        int d = a.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(a.copy())) {
            throw new IllegalStateException("eigen-decomposition failed");
        }
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double lambda = eig.getEigenvalue(k).getReal();
            DMatrixRMaj v = eig.getEigenVector(k);
            double norm2 = NormOps_DDRM.normF(v);
            double w = Math.exp(t * lambda) / (norm2 * norm2);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    out.add(i, j, w * v.get(i, 0) * v.get(j, 0));
                }
            }
        }
        return out;
    }

    /** Eigenvalues (ascending order not guaranteed) and unit eigenvectors (columns) of symmetric A. */
    static double[][] eigenSymmetric(DMatrixRMaj a, DMatrixRMaj vectorsOut) {
        int d = a.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(a.copy())) {
            throw new IllegalStateException("eigen-decomposition failed");
        }
        double[] lambda = new double[d];
        for (int k = 0; k < d; k++) {
            lambda[k] = eig.getEigenvalue(k).getReal();
            DMatrixRMaj v = eig.getEigenVector(k);
            double n = NormOps_DDRM.normF(v);
            for (int i = 0; i < d; i++) {
                vectorsOut.set(i, k, v.get(i, 0) / n);
            }
        }
        return new double[][] {lambda};
    }

    static double spectralNorm(DMatrixRMaj w) {
        double max = 0;
        for (double s : SingularOps_DDRM.singularValues(w.copy())) {
            max = Math.max(max, s);
        }
        return max;
    }

    static Tensor tensor(DMatrixRMaj m) {
        return Tensor.of(m.numRows, m.numCols, m.data);
    }

    /** Rows x -> x A^T, i.e. the field v(x) = A x on a batch of row vectors. */
    static VectorField linear(DMatrixRMaj a) {
        Tensor at = tensor(a).transpose();
        return (t, x) -> x.matmul(at);
    }

    /** The exact flow of v(x) = A x on rows: X exp(tA)^T. */
    static Tensor applyRows(Tensor x, DMatrixRMaj m) {
        return x.matmul(tensor(m).transpose());
    }

    /** v(x, t) = c tanh(x W + b + t u): Lipschitz in x with constant c |W|_2 for every t. */
    static VectorField tanhField(double c, DMatrixRMaj w, double[] b, double[] u) {
        Tensor wt = tensor(w);
        int d = w.numCols;
        Tensor bt = Tensor.of(1, d, b);
        Tensor ut = Tensor.of(1, d, u);
        return (t, x) -> x.matmul(wt).add(bt.addScaled(ut, t)).tanh().scale(c);
    }

    /** Per-row Euclidean norms of a - b. */
    static double[] rowDistances(Tensor a, Tensor b) {
        double[] d = new double[a.rows()];
        for (int i = 0; i < a.rows(); i++) {
            double s = 0;
            for (int j = 0; j < a.cols(); j++) {
                double e = a.get(i, j) - b.get(i, j);
                s += e * e;
            }
            d[i] = Math.sqrt(s);
        }
        return d;
    }

    /** Frobenius norm of a - b. */
    static double distance(Tensor a, Tensor b) {
        double s = 0;
        double[] x = a.toArray();
        double[] y = b.toArray();
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - y[i]) * (x[i] - y[i]);
        }
        return Math.sqrt(s);
    }

    static double norm(Tensor a) {
        double s = 0;
        for (double v : a.toArray()) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** 10^u for u uniform in [lo, hi]. */
    static double logUniform(SplittableRandom rng, double lo, double hi) {
        return Math.pow(10, lo + (hi - lo) * rng.nextDouble());
    }
}
