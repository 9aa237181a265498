package dev.otto.flows.proximal;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;

/**
 * The inverse of one forward-Euler step of the proximal generator (MATH.md section 6, "Algorithm";
 * seed paper 2, Algorithm 1): given x_{k+1}, the x with F(x) = x - dt grad phi(x, t_k) - x_{k+1} = 0,
 * per row, by Newton's method with a backtracking line search.
 *
 * <p>Why Newton. The step is the gradient of psi(x) = |x|^2 / 2 - dt phi(x, t_k), with Jacobian
 * J = I - dt H (H the Hessian of phi). Where J is positive definite on all of R^d (dt lambda_max(H) &lt; 1)
 * psi is strictly convex and its gradient is injective, so the step is a bijection onto its image,
 * however negative H's other eigenvalues are. The fixed-point iteration y -&gt; x_{k+1} + dt grad phi(y)
 * contracts only when dt Lip(grad phi) &lt; 1, which a strongly concave direction (dt h &lt; -1, where
 * the step expands) breaks; Newton's iteration y -&gt; y - J(y)^{-1} F(y) does not care, and converges
 * quadratically near the solution. The Newton direction p = -J^{-1} F is a descent direction of
 * |F|^2 / 2 whatever the sign of J's eigenvalues (its slope is F^T J p = -|F|^2), so halving the step
 * until |F| falls by the Armijo fraction cannot make the iteration diverge: it either reaches the
 * tolerance or stops, and then the row is reported.
 *
 * <p>H is assembled per row from d vector-Jacobian products e_c^T (d grad phi / dx), as
 * {@code dev.otto.autodiff.Divergence#exact} does for its trace (d is small here).
 *
 * <p>A row is accepted when |F|_inf &lt;= {@link #TOLERANCE} (1 + |x|_inf + |x_{k+1}|_inf): F is a
 * difference of terms bounded by |x| and |x_{k+1}| (dt grad phi = x - x_{k+1}), so its rounding is a
 * few ulps of that scale, far below the tolerance. An accepted x lies within |J^{-1}| |F| of the
 * exact preimage. At the accepted x, J must be positive definite (Cholesky): otherwise the step
 * folds there (an eigenvalue of I - dt H has crossed zero, so it is not injective near x and the
 * density of a single preimage is not the push-forward's), and the row is refused.
 */
final class EulerStepInverse {

    /** Newton iterations allowed per step. */
    static final int MAX_ITERATIONS = 100;
    /** Halvings of the Newton step allowed in one line search. */
    static final int MAX_HALVINGS = 40;
    /** Accept a row when |F|_inf is at most this times (1 + |x|_inf + |x_{k+1}|_inf). */
    static final double TOLERANCE = 1e-12;
    /** Armijo fraction: a trial step of length a must give |F_trial| &lt;= (1 - ARMIJO a) |F|. */
    private static final double ARMIJO = 1e-4;

    private final PotentialGenerator generator;
    private final double t;
    private final double dt;
    private final int step;

    /** The step x -&gt; x - dt grad phi(x, t) of the generator, the {@code step}-th of its grid (for messages). */
    EulerStepInverse(PotentialGenerator generator, double t, double dt, int step) {
        this.generator = generator;
        this.t = t;
        this.dt = dt;
        this.step = step;
    }

    /**
     * The preimages x of the rows of {@code next}, started from x = next.
     *
     * @throws IllegalStateException naming the step, the row and the reason when a row's preimage is
     *         not found or the step folds at it
     */
    Tensor preimage(Tensor next) {
        int n = next.rows();
        int d = next.cols();
        double[] target = next.toArray();
        double[] x = target.clone();
        boolean[] open = new boolean[n];
        Arrays.fill(open, true);
        for (int iteration = 0; ; iteration++) {
            int[] rows = openRows(open);
            if (rows.length == 0) {
                return Tensor.wrap(n, d, x);
            }
            double[] y = gather(x, rows, d);
            double[][] hessian = new double[rows.length][];
            double[] residual = residual(y, gradientAndHessian(y, rows.length, d, hessian), rows, target, d);
            double[] direction = new double[rows.length * d];
            double[] norm = new double[rows.length];
            for (int j = 0; j < rows.length; j++) {
                DMatrixRMaj jacobian = stepJacobian(hessian[j], d);
                double[] f = Arrays.copyOfRange(residual, j * d, (j + 1) * d);
                if (!finite(f) || !finite(hessian[j])) {
                    throw failure(rows[j], n, "grad phi or Hess phi is not finite at an iterate");
                }
                if (converged(f, y, target, rows[j], j, d)) {
                    if (!DecompositionFactory_DDRM.chol(d, true).decompose(jacobian.copy())) {
                        throw failure(rows[j], n, "the step folds there: I - dt Hess phi is not positive definite"
                                + " at the preimage (det " + CommonOps_DDRM.det(jacobian) + "), so x - dt grad phi is"
                                + " not injective near it");
                    }
                    open[rows[j]] = false;
                    continue;
                }
                if (iteration == MAX_ITERATIONS) {
                    throw failure(rows[j], n, "Newton's method did not bring |x - dt grad phi(x) - x_{k+1}| to "
                            + TOLERANCE + " relative within " + MAX_ITERATIONS + " iterations (|F| = " + norm2(f) + ")");
                }
                DMatrixRMaj p = new DMatrixRMaj(d, 1);
                if (!CommonOps_DDRM.solve(jacobian, new DMatrixRMaj(d, 1, true, negate(f)), p) || !finite(p.data)) {
                    throw failure(rows[j], n, "I - dt Hess phi is singular on the way (det " + CommonOps_DDRM.det(jacobian)
                            + "), so the Newton step is not defined");
                }
                System.arraycopy(p.data, 0, direction, j * d, d);
                norm[j] = norm2(f);
            }
            lineSearch(x, rows, direction, norm, target, d, open);
        }
    }

    /**
     * Moves each open row of x along its Newton direction by the first of 1, 1/2, 1/4, ... that
     * lowers |F| by the Armijo fraction; a row that finds none is refused.
     */
    private void lineSearch(double[] x, int[] rows, double[] direction, double[] norm, double[] target, int d,
                            boolean[] open) {
        double length = 1;
        boolean[] searching = new boolean[rows.length];
        for (int j = 0; j < rows.length; j++) {
            searching[j] = open[rows[j]];
        }
        for (int halving = 0; halving <= MAX_HALVINGS; halving++, length /= 2) {
            int[] js = openRows(searching);
            if (js.length == 0) {
                return;
            }
            int[] trialRows = new int[js.length];
            double[] trial = new double[js.length * d];
            for (int i = 0; i < js.length; i++) {
                trialRows[i] = rows[js[i]];
                for (int c = 0; c < d; c++) {
                    trial[i * d + c] = x[trialRows[i] * d + c] + length * direction[js[i] * d + c];
                }
            }
            double[] g = generator.gradient(Tensor.wrap(js.length, d, trial), t, false).toArray();
            double[] residual = residual(trial, g, trialRows, target, d);
            for (int i = 0; i < js.length; i++) {
                double r = norm2(Arrays.copyOfRange(residual, i * d, (i + 1) * d));
                if (r <= (1 - ARMIJO * length) * norm[js[i]]) {
                    System.arraycopy(trial, i * d, x, trialRows[i] * d, d);
                    searching[js[i]] = false;
                }
            }
        }
        int[] stuck = openRows(searching);
        if (stuck.length > 0) {
            int j = stuck[0];
            throw failure(rows[j], target.length / d, "the line search found no step along Newton's direction that"
                    + " lowers |x - dt grad phi(x) - x_{k+1}| = " + norm[j] + " (" + MAX_HALVINGS + " halvings)");
        }
    }

    /** grad phi(y, t) (m x d, returned) and, in {@code hessian}, each row's d x d Hessian (row-major). */
    private double[] gradientAndHessian(double[] y, int m, int d, double[][] hessian) {
        try (Tape.Scope none = Tape.noGrad(); Tape.Scope scope = Tape.record()) {
            Tensor xi = Tensor.wrap(m, d, y.clone());
            Tensor g = generator.gradient(xi, t, true);
            for (int j = 0; j < m; j++) {
                hessian[j] = new double[d * d];
            }
            for (int c = 0; c < d; c++) {
                double[] e = new double[m * d];
                for (int j = 0; j < m; j++) {
                    e[j * d + c] = 1.0;
                }
                double[] row = Gradients.grad(List.of(g), List.of(xi), List.of(Tensor.wrap(m, d, e)), false)
                        .get(0).toArray();
                for (int j = 0; j < m; j++) {
                    System.arraycopy(row, j * d, hessian[j], c * d, d);
                }
            }
            return g.detach().toArray();
        }
    }

    /** J = I - dt H for one row's Hessian. */
    private DMatrixRMaj stepJacobian(double[] hessian, int d) {
        DMatrixRMaj jacobian = new DMatrixRMaj(d, d);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                jacobian.set(a, b, (a == b ? 1 : 0) - dt * hessian[a * d + b]);
            }
        }
        return jacobian;
    }

    /** F = y - dt g - target, for the rows {@code rows} of target (y and g hold those rows in order). */
    private double[] residual(double[] y, double[] g, int[] rows, double[] target, int d) {
        double[] f = new double[y.length];
        for (int j = 0; j < rows.length; j++) {
            for (int c = 0; c < d; c++) {
                f[j * d + c] = y[j * d + c] - dt * g[j * d + c] - target[rows[j] * d + c];
            }
        }
        return f;
    }

    private static boolean converged(double[] f, double[] y, double[] target, int row, int j, int d) {
        double yMax = 0;
        double targetMax = 0;
        double fMax = 0;
        for (int c = 0; c < d; c++) {
            yMax = Math.max(yMax, Math.abs(y[j * d + c]));
            targetMax = Math.max(targetMax, Math.abs(target[row * d + c]));
            fMax = Math.max(fMax, Math.abs(f[c]));
        }
        return fMax <= TOLERANCE * (1 + yMax + targetMax);
    }

    private IllegalStateException failure(int row, int n, String reason) {
        return new IllegalStateException("proximal log-density: Euler step " + step + " (t = " + t + ", dt = " + dt
                + ") could not be inverted at row " + row + " of " + n + ": " + reason);
    }

    private static int[] openRows(boolean[] open) {
        int count = 0;
        for (boolean o : open) {
            count += o ? 1 : 0;
        }
        int[] rows = new int[count];
        for (int i = 0, j = 0; i < open.length; i++) {
            if (open[i]) {
                rows[j++] = i;
            }
        }
        return rows;
    }

    private static double[] gather(double[] x, int[] rows, int d) {
        double[] out = new double[rows.length * d];
        for (int j = 0; j < rows.length; j++) {
            System.arraycopy(x, rows[j] * d, out, j * d, d);
        }
        return out;
    }

    private static double[] negate(double[] f) {
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = -f[i];
        }
        return out;
    }

    private static double norm2(double[] f) {
        double s = 0;
        for (double v : f) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
