package dev.otto.theory.ode;

import dev.otto.autodiff.Tensor;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.FixedGrid;
import dev.otto.ode.Odeint;
import dev.otto.ode.SaveAt;
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
public final class OdeFixtures {

    private OdeFixtures() {
    }

    /** The fixed-step methods with their orders. */
    public static final ButcherTableau[] FIXED = {ButcherTableau.EULER, ButcherTableau.MIDPOINT, ButcherTableau.HEUN,
        ButcherTableau.RK4};

    /** A Haar-ish random orthogonal d x d matrix (QR of a Gaussian matrix). */
    public static DMatrixRMaj orthogonal(int d, SplittableRandom rng) {
        return dev.otto.theory.RandomMatrices.orthogonal(d, rng);
    }

    /** Q diag(lambda) Q^T. */
    public static DMatrixRMaj symmetric(double[] lambda, DMatrixRMaj q) {
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
    public static DMatrixRMaj withSingularValues(double[] sigma, SplittableRandom rng) {
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
    public static DMatrixRMaj expSymmetric(DMatrixRMaj a, double t) {
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
    public static double[][] eigenSymmetric(DMatrixRMaj a, DMatrixRMaj vectorsOut) {
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

    public static double spectralNorm(DMatrixRMaj w) {
        double max = 0;
        for (double s : SingularOps_DDRM.singularValues(w.copy())) {
            max = Math.max(max, s);
        }
        return max;
    }

    public static Tensor tensor(DMatrixRMaj m) {
        return Tensor.of(m.numRows, m.numCols, m.data);
    }

    /** Rows x -> x A^T, i.e. the field v(x) = A x on a batch of row vectors. */
    public static VectorField linear(DMatrixRMaj a) {
        Tensor at = tensor(a).transpose();
        return (t, x) -> x.matmul(at);
    }

    /** The exact flow of v(x) = A x on rows: X exp(tA)^T. */
    public static Tensor applyRows(Tensor x, DMatrixRMaj m) {
        return x.matmul(tensor(m).transpose());
    }

    /** v(x, t) = c tanh(x W + b + t u): Lipschitz in x with constant c |W|_2 for every t. */
    public static VectorField tanhField(double c, DMatrixRMaj w, double[] b, double[] u) {
        Tensor wt = tensor(w);
        int d = w.numCols;
        Tensor bt = Tensor.of(1, d, b);
        Tensor ut = Tensor.of(1, d, u);
        return (t, x) -> x.matmul(wt).add(bt.addScaled(ut, t)).tanh().scale(c);
    }

    /** Per-row Euclidean norms of a - b. */
    public static double[] rowDistances(Tensor a, Tensor b) {
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
    public static double distance(Tensor a, Tensor b) {
        double s = 0;
        double[] x = a.toArray();
        double[] y = b.toArray();
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - y[i]) * (x[i] - y[i]);
        }
        return Math.sqrt(s);
    }

    public static double norm(Tensor a) {
        double s = 0;
        for (double v : a.toArray()) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    public static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** 10^u for u uniform in [lo, hi]. */
    public static double logUniform(SplittableRandom rng, double lo, double hi) {
        return Math.pow(10, lo + (hi - lo) * rng.nextDouble());
    }

    /**
     * Step counts n of the order measurements log2(e(n) / e(2n)) on the linear systems (MATH.md
     * section 3): |lambda| h &lt;= 0.05 (RK4, order 2) and 0.012 (Euler), asymptotic yet far above
     * rounding (see ConvergenceOrderProperties).
     */
    public static int orderSteps(ButcherTableau m) {
        return m.order() == 1 ? 256 : 64;
    }

    /**
     * The measured order on dx/dt = x^2 cos t, x(t) = 1 / (1/x0 - (sin t - sin t0)), |x0| &lt;= 0.25
     * (the denominator stays above 2, so |x| &lt;= 1/2 and the local Lipschitz constant 2|x| &lt;= 1).
     * The explicit time dependence checks the nodes c_i, which linear autonomous problems cannot see.
     * The global error of a scalar problem is h^p times the integral of the principal error function
     * along the path, which can change sign and nearly cancel on one interval; so the error combines
     * six independent intervals [t0, t1] (root of the sum of squared relative errors), on which
     * near-cancellations do not coincide. RK4 uses 32 and 64 steps: its errors are then 1e-9 .. 1e-13,
     * asymptotic yet above rounding (1e-14); the other methods {@link #orderSteps} and twice that.
     *
     * @param backward integrate from t0 down to t1 &lt; t0
     */
    public static double nonlinearOrder(ButcherTableau method, boolean backward, SplittableRandom rng) {
        VectorField v = (t, x) -> x.square().scale(Math.cos(t));
        int n = method.order() == 4 ? 32 : orderSteps(method);
        double sq1 = 0;
        double sq2 = 0;
        for (int interval = 0; interval < 6; interval++) {
            double t0 = (rng.nextDouble() - 0.5) * 6;
            double t1 = t0 + (backward ? -1 : 1) * (0.5 + 1.5 * rng.nextDouble());
            double[] x0 = new double[4];
            double[] exact = new double[4];
            for (int i = 0; i < 4; i++) {
                x0[i] = (rng.nextBoolean() ? 1 : -1) * (0.05 + 0.2 * rng.nextDouble());
                exact[i] = 1.0 / (1.0 / x0[i] - (Math.sin(t1) - Math.sin(t0)));
            }
            Tensor ex = Tensor.of(4, 1, exact);
            double scale = norm(ex);
            double e1 = distance(Odeint.fixed(v, Tensor.of(4, 1, x0), t0, t1, n, method).state(), ex) / scale;
            double e2 = distance(Odeint.fixed(v, Tensor.of(4, 1, x0), t0, t1, 2 * n, method).state(), ex) / scale;
            sq1 += e1 * e1;
            sq2 += e2 * e2;
        }
        return 0.5 * log2(sq1 / sq2);
    }

    /**
     * The measured order log2(e(n) / e(2n)) of a fixed-step solve against the exact end state, e the
     * global error relative to |exact|.
     */
    public static double measuredOrder(VectorField v, Tensor x0, double t0, double t1, ButcherTableau m,
                                       Tensor exact, int n) {
        double scale = norm(exact);
        double e1 = distance(Odeint.fixed(v, x0, t0, t1, n, m).state(), exact) / scale;
        double e2 = distance(Odeint.fixed(v, x0, t0, t1, 2 * n, m).state(), exact) / scale;
        return log2(e1 / e2);
    }

    /**
     * Step counts n of the cycle-error order measurements (forward then backward on one grid):
     * 64 (Euler) and 16 (order 2 and RK4), L h &lt;= 0.125 while the errors stay above 1e-11
     * (see CycleConsistencyProperties).
     */
    public static int cycleSteps(ButcherTableau m) {
        return m.order() == 1 ? 64 : 16;
    }

    /**
     * |S(T(x0)) - x0| / |x0|: T integrates forward on the grid and S backward on the same grid
     * reversed (MATH.md section 3, inversion error).
     */
    public static double cycleError(VectorField v, Tensor x0, FixedGrid grid, ButcherTableau m) {
        Tensor there = Odeint.fixed(v, x0, grid, m, SaveAt.end()).state();
        Tensor back = Odeint.fixed(v, there, grid.reversed(), m, SaveAt.end()).state();
        return distance(back, x0) / norm(x0);
    }

    /**
     * The sharp order of the cycle error: p for odd p, p + 1 for even p (the local errors of the
     * step and the step back cancel to O(h^{p+2}) when p + 1 is odd; see CycleConsistencyProperties).
     */
    public static int sharpCycleOrder(ButcherTableau m) {
        return m.order() % 2 == 0 ? m.order() + 1 : m.order();
    }

    /**
     * MATH.md section 3: the Lipschitz constant of one step map of an L-Lipschitz field, z = L |dt|:
     * 1 + z (Euler), 1 + z + z^2/2 + z^3/6 + z^4/24 (RK4); both at most e^z.
     */
    public static double stepLipschitzBound(ButcherTableau m, double z) {
        return m.order() == 1 ? 1 + z : 1 + z + z * z / 2 + z * z * z / 6 + z * z * z * z / 24;
    }
}
