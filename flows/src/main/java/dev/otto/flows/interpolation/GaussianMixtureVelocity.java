package dev.otto.flows.interpolation;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.data.GaussianMixture;
import dev.otto.ode.VectorField;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The closed-form velocity of the Gaussian interpolation flow to a Gaussian mixture
 * nu = sum_k pi_k N(mu_k, S_k), MATH.md section 5 (seed paper 3: the velocity field
 * V(t, x) = E[a' Z + b' X_1 | X_t = x] and its Gaussian-mixture examples), with its Jacobian, the
 * marginal log-density log p_t and the score at every t in [0, 1].
 *
 * <p>With C_k = a^2 I + b^2 S_k, X_t is the mixture of N(b mu_k, C_k) and the posterior weights
 * are w_k(x) proportional to pi_k N(x; b mu_k, C_k). Given the component, (Z, X_1, X_t) is jointly
 * Gaussian with Cov(Z, X_t) = a I and Cov(X_1, X_t) = b S_k, so the component velocity is
 * <pre>
 *   v_k(t, x) = b' mu_k + (a a' I + b b' S_k) C_k^-1 (x - b mu_k),        v = sum_k w_k v_k,
 *   m(t, x)   = sum_k w_k [ mu_k + b S_k C_k^-1 (x - b mu_k) ],            (MATH.md's m)
 *   s_k       = -C_k^-1 (x - b mu_k),   score = grad log p_t = sum_k w_k s_k,
 *   grad v    = sum_k w_k (a a' I + b b' S_k) C_k^-1 + sum_k w_k (v_k - v)(s_k - score)^T,
 * </pre>
 * the last from grad w_k = w_k (s_k - score). This equals MATH.md's (a'/a) x + (b' - a'b/a) m and
 * its Tweedie Jacobian for t &lt; 1 (expand a'/a x + (b' - a' b/a) m_k and collect C_k), but it never
 * divides by a: it needs only a^2, b^2, b', b b' and a a' = (a^2)'/2 ({@link Schedule#aTimesAPrime}).
 * So at t = 1 (a = 0) it is the exact limit, finite when every S_k is positive definite (C_k = S_k),
 * including for the Follmer schedule whose a'(1) is infinite.
 *
 * <p>Every S_k is diagonalised once (EJML symmetric eigen-decomposition, S_k = U_k diag(l) U_k^T), so
 * C_k^-1 = U_k diag(1 / (a^2 + b^2 l)) U_k^T and one evaluation costs O(K d^2) per sample. Covariances
 * may be positive semidefinite (for instance 0: point masses, a target supported in a ball); then the
 * closed forms hold for t &lt; 1 and t = 1 fails with an exception naming the component. Log-sum-exp is
 * shifted by its largest term, so far tails stay finite. {@link #velocityRecorded} is the same velocity
 * written with autodiff operations (a separate code path, differentiable in x).
 */
public final class GaussianMixtureVelocity {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final Schedule schedule;
    private final int d;
    private final int k;
    private final double[] logWeights;
    private final double[][] means;
    /** U_k row-major: u[k][i * d + j] = (U_k)_{ij}, column j is the j-th eigenvector. */
    private final double[][] u;
    private final double[][] lambda;

    private GaussianMixtureVelocity(Schedule schedule, double[] weights, double[][] means, double[][][] covariances) {
        this.schedule = schedule;
        this.k = weights.length;
        this.d = means[0].length;
        this.logWeights = new double[k];
        this.means = new double[k][];
        this.u = new double[k][];
        this.lambda = new double[k][];
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        for (int c = 0; c < k; c++) {
            logWeights[c] = Math.log(weights[c] / sum);
            this.means[c] = means[c].clone();
            DMatrixRMaj s = new DMatrixRMaj(covariances[c]);
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
            if (!eig.decompose(s)) {
                throw new IllegalArgumentException("covariances[" + c + "]: eigen-decomposition failed");
            }
            u[c] = new double[d * d];
            lambda[c] = new double[d];
            for (int j = 0; j < d; j++) {
                double l = eig.getEigenvalue(j).getReal();
                if (!(l >= -1e-12 * (1 + Math.abs(l))) || !Double.isFinite(l)) {
                    throw new IllegalArgumentException("covariances[" + c + "]: expected positive semidefinite, got "
                            + "eigenvalue " + l);
                }
                lambda[c][j] = Math.max(l, 0.0);
                DMatrixRMaj vec = eig.getEigenVector(j);
                for (int i = 0; i < d; i++) {
                    u[c][i * d + j] = vec.get(i, 0);
                }
            }
        }
    }

    /** The closed forms for the components of {@code mixture} under {@code schedule}. */
    public static GaussianMixtureVelocity of(GaussianMixture mixture, Schedule schedule) {
        if (mixture == null) {
            throw new IllegalArgumentException("mixture: expected a GaussianMixture, got null");
        }
        double[][] mu = new double[mixture.components()][];
        double[][][] cov = new double[mixture.components()][][];
        for (int c = 0; c < mu.length; c++) {
            mu[c] = mixture.mean(c);
            cov[c] = mixture.covariance(c);
        }
        return of(mixture.weights(), mu, cov, schedule);
    }

    /**
     * The closed forms for sum_k weights[k] N(means[k], covariances[k]) with symmetric positive
     * semidefinite covariances (0 allowed: a point mass).
     *
     * @throws IllegalArgumentException naming the argument, the expected and the actual value
     */
    public static GaussianMixtureVelocity of(double[] weights, double[][] means, double[][][] covariances,
                                             Schedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule: expected a Schedule, got null");
        }
        if (weights == null || means == null || covariances == null || weights.length == 0) {
            throw new IllegalArgumentException("weights, means, covariances: expected non-empty arrays, got null or empty");
        }
        if (means.length != weights.length || covariances.length != weights.length) {
            throw new IllegalArgumentException("means, covariances: expected " + weights.length + " each, got "
                    + means.length + " and " + covariances.length);
        }
        int d = means[0].length;
        if (d == 0) {
            throw new IllegalArgumentException("means: expected dimension >= 1, got 0");
        }
        double sum = 0;
        for (int c = 0; c < weights.length; c++) {
            if (!(weights[c] >= 0) || !Double.isFinite(weights[c])) {
                throw new IllegalArgumentException("weights[" + c + "]: expected finite >= 0, got " + weights[c]);
            }
            sum += weights[c];
            if (means[c].length != d) {
                throw new IllegalArgumentException("means[" + c + "]: expected length " + d + ", got " + means[c].length);
            }
            for (double m : means[c]) {
                if (!Double.isFinite(m)) {
                    throw new IllegalArgumentException("means[" + c + "]: expected finite entries, got " + m);
                }
            }
            if (covariances[c].length != d) {
                throw new IllegalArgumentException("covariances[" + c + "]: expected " + d + "x" + d + ", got "
                        + covariances[c].length + " rows");
            }
            for (int i = 0; i < d; i++) {
                if (covariances[c][i].length != d) {
                    throw new IllegalArgumentException("covariances[" + c + "]: expected " + d + "x" + d + ", got a row of "
                            + covariances[c][i].length);
                }
                for (int j = 0; j < d; j++) {
                    double x = covariances[c][i][j];
                    double y = covariances[c][j][i];
                    if (!Double.isFinite(x) || Math.abs(x - y) > 1e-10 * (Math.abs(x) + Math.abs(y) + 1e-300)) {
                        throw new IllegalArgumentException("covariances[" + c + "]: expected a finite symmetric matrix, got "
                                + "entries (" + i + "," + j + ") = " + x + " and (" + j + "," + i + ") = " + y);
                    }
                }
            }
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("weights: expected a positive sum, got " + sum);
        }
        return new GaussianMixtureVelocity(schedule, weights, means, covariances);
    }

    public Schedule schedule() {
        return schedule;
    }

    public int dimension() {
        return d;
    }

    public int components() {
        return k;
    }

    /** The smallest eigenvalue over all covariances S_k. */
    public double minCovarianceEigenvalue() {
        double m = Double.POSITIVE_INFINITY;
        for (double[] l : lambda) {
            for (double v : l) {
                m = Math.min(m, v);
            }
        }
        return m;
    }

    /** The largest eigenvalue over all covariances S_k. */
    public double maxCovarianceEigenvalue() {
        double m = 0;
        for (double[] l : lambda) {
            for (double v : l) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    /** The velocity as a vector field of {@code dev.otto.ode} (plain arrays, nothing recorded). */
    public VectorField field() {
        return this::velocity;
    }

    /** v(t, x) for each row of x (n x d). */
    public Tensor velocity(double t, Tensor x) {
        return evaluateAll(t, x, Output.VELOCITY);
    }

    /** m(t, x) = E[X_1 | X_t = x] for each row of x. */
    public Tensor posteriorMean(double t, Tensor x) {
        return evaluateAll(t, x, Output.MEAN);
    }

    /** grad log p_t(x) for each row of x. */
    public Tensor score(double t, Tensor x) {
        return evaluateAll(t, x, Output.SCORE);
    }

    /** log p_t(x) for each row of x (n x 1). */
    public Tensor logDensity(double t, Tensor x) {
        return evaluateAll(t, x, Output.LOG_DENSITY);
    }

    /** tr grad_x v(t, x) = div v for each row of x (n x 1). */
    public Tensor divergence(double t, Tensor x) {
        return evaluateAll(t, x, Output.DIVERGENCE);
    }

    /**
     * The Jacobians grad_x v(t, x_i): element i is the d x d matrix with entry (r, c) = d v_r / d x_c.
     */
    public List<double[][]> jacobian(double t, Tensor x) {
        checkBatch(x);
        Schedule.Values s = schedule.at(t);
        Work w = new Work();
        List<double[][]> out = new ArrayList<>(x.rows());
        for (int i = 0; i < x.rows(); i++) {
            evaluate(s, x.row(i), w, true);
            double[][] j = new double[d][d];
            for (int r = 0; r < d; r++) {
                System.arraycopy(w.jac, r * d, j[r], 0, d);
            }
            out.add(j);
        }
        return out;
    }

    private enum Output { VELOCITY, MEAN, SCORE, LOG_DENSITY, DIVERGENCE }

    private Tensor evaluateAll(double t, Tensor x, Output what) {
        checkBatch(x);
        Schedule.Values s = schedule.at(t);
        int n = x.rows();
        int cols = what == Output.LOG_DENSITY || what == Output.DIVERGENCE ? 1 : d;
        double[] out = new double[n * cols];
        Work w = new Work();
        for (int i = 0; i < n; i++) {
            double logp = evaluate(s, x.row(i), w, what == Output.DIVERGENCE);
            switch (what) {
                case VELOCITY -> System.arraycopy(w.v, 0, out, i * d, d);
                case MEAN -> System.arraycopy(w.m, 0, out, i * d, d);
                case SCORE -> System.arraycopy(w.score, 0, out, i * d, d);
                case LOG_DENSITY -> out[i] = logp;
                case DIVERGENCE -> {
                    double tr = 0;
                    for (int r = 0; r < d; r++) {
                        tr += w.jac[r * d + r];
                    }
                    out[i] = tr;
                }
                default -> throw new IllegalStateException(what.toString());
            }
        }
        return Tensor.wrap(n, cols, out);
    }

    private void checkBatch(Tensor x) {
        if (x == null || x.cols() != d) {
            throw new IllegalArgumentException("x: expected n x " + d + ", got " + (x == null ? "null" : x.shape()));
        }
    }

    /** Scratch space for one sample. */
    private final class Work {
        final double[] y = new double[d];
        final double[] z = new double[d];
        final double[] logits = new double[k];
        final double[][] vk = new double[k][d];
        final double[][] sk = new double[k][d];
        final double[][] rk = new double[k][d];
        final double[] v = new double[d];
        final double[] m = new double[d];
        final double[] score = new double[d];
        final double[] jac = new double[d * d];
        final double[][] mk = new double[k][d];
    }

    /** Fills w.v, w.m, w.score (and w.jac if asked) for one sample; returns log p_t(x). */
    private double evaluate(Schedule.Values s, double[] x, Work w, boolean withJacobian) {
        double a2 = s.a() * s.a();
        double b = s.b();
        double b2 = b * b;
        double aa = s.aTimesAPrime();
        double bb = s.bTimesBPrime();
        double bp = s.bPrime();
        java.util.Arrays.fill(w.m, 0);
        double max = Double.NEGATIVE_INFINITY;
        double[][] mk = w.mk;
        for (int c = 0; c < k; c++) {
            if (logWeights[c] == Double.NEGATIVE_INFINITY) {
                w.logits[c] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double[] mu = means[c];
            double[] uc = u[c];
            double[] lc = lambda[c];
            for (int i = 0; i < d; i++) {
                w.y[i] = x[i] - b * mu[i];
            }
            double logDet = 0;
            double quad = 0;
            for (int j = 0; j < d; j++) {
                double zj = 0;
                for (int i = 0; i < d; i++) {
                    zj += uc[i * d + j] * w.y[i];
                }
                double cj = a2 + b2 * lc[j];
                if (!(cj > 0)) {
                    throw new IllegalArgumentException("t: the closed form at t = " + s.t() + " needs a^2 I + b^2 S_" + c
                            + " positive definite, got eigenvalue " + cj + " (covariance " + c
                            + " is singular; use t < 1)");
                }
                logDet += Math.log(cj);
                quad += zj * zj / cj;
                w.z[j] = zj / cj;
                w.rk[c][j] = (aa + bb * lc[j]) / cj;
            }
            w.logits[c] = logWeights[c] - 0.5 * d * LOG_2PI - 0.5 * logDet - 0.5 * quad;
            max = Math.max(max, w.logits[c]);
            double[] vk = w.vk[c];
            double[] sk = w.sk[c];
            double[] m = mk[c];
            for (int i = 0; i < d; i++) {
                double sv = 0;
                double ss = 0;
                double sm = 0;
                for (int j = 0; j < d; j++) {
                    double uij = uc[i * d + j];
                    double zj = w.z[j];
                    sv += uij * (aa + bb * lc[j]) * zj;
                    ss += uij * zj;
                    sm += uij * b * lc[j] * zj;
                }
                vk[i] = bp * mu[i] + sv;
                sk[i] = -ss;
                m[i] = mu[i] + sm;
            }
        }
        double total = 0;
        for (int c = 0; c < k; c++) {
            total += Math.exp(w.logits[c] - max);
        }
        double logp = max + Math.log(total);
        java.util.Arrays.fill(w.v, 0);
        java.util.Arrays.fill(w.score, 0);
        for (int c = 0; c < k; c++) {
            double wc = Math.exp(w.logits[c] - logp);
            w.logits[c] = wc;
            if (wc == 0) {
                continue;
            }
            for (int i = 0; i < d; i++) {
                w.v[i] += wc * w.vk[c][i];
                w.score[i] += wc * w.sk[c][i];
                w.m[i] += wc * mk[c][i];
            }
        }
        if (withJacobian) {
            java.util.Arrays.fill(w.jac, 0);
            for (int c = 0; c < k; c++) {
                double wc = w.logits[c];
                if (wc == 0) {
                    continue;
                }
                double[] uc = u[c];
                double[] rc = w.rk[c];
                for (int r = 0; r < d; r++) {
                    double dv = w.vk[c][r] - w.v[r];
                    for (int q = 0; q < d; q++) {
                        double a = 0;
                        for (int j = 0; j < d; j++) {
                            a += uc[r * d + j] * rc[j] * uc[q * d + j];
                        }
                        w.jac[r * d + q] += wc * (a + dv * (w.sk[c][q] - w.score[q]));
                    }
                }
            }
        }
        return logp;
    }

    /**
     * The same velocity computed with autodiff operations (recorded inside {@code Tape.record()},
     * so its Jacobian in x can be taken by reverse mode): per component z = (x - b mu_k) U_k,
     * logits log pi_k - 1/2 sum log c - 1/2 |z / sqrt(c)|^2, softmax by log-sum-exp, and
     * v = sum_k w_k [b' mu_k + ((a a' + b b' l) / c) z U_k^T].
     */
    public Tensor velocityRecorded(double t, Tensor x) {
        checkBatch(x);
        Schedule.Values s = schedule.at(t);
        double a2 = s.a() * s.a();
        double b = s.b();
        List<Tensor> logits = new ArrayList<>();
        List<Tensor> velocities = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (logWeights[c] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            double[] shift = new double[d];
            double[] invC = new double[d];
            double[] gain = new double[d];
            double[] drift = new double[d];
            double logDet = 0;
            for (int j = 0; j < d; j++) {
                shift[j] = b * means[c][j];
                double cj = a2 + b * b * lambda[c][j];
                if (!(cj > 0)) {
                    throw new IllegalArgumentException("t: the closed form at t = " + t + " needs a^2 I + b^2 S_" + c
                            + " positive definite, got eigenvalue " + cj);
                }
                invC[j] = 1 / cj;
                gain[j] = (s.aTimesAPrime() + s.bTimesBPrime() * lambda[c][j]) / cj;
                drift[j] = s.bPrime() * means[c][j];
                logDet += Math.log(cj);
            }
            Tensor uc = Tensor.wrap(d, d, u[c].clone());
            Tensor z = x.sub(Tensor.wrap(1, d, shift)).matmul(uc);
            Tensor logit = z.square().mul(Tensor.wrap(1, d, invC)).rowSums().scale(-0.5)
                    .addScalar(logWeights[c] - 0.5 * d * LOG_2PI - 0.5 * logDet);
            logits.add(logit);
            velocities.add(z.mul(Tensor.wrap(1, d, gain)).matmulTranspose(uc).add(Tensor.wrap(1, d, drift)));
        }
        Tensor all = Tensor.concatCols(logits);
        Tensor weights = all.sub(all.logSumExpRows()).exp();
        Tensor v = null;
        for (int c = 0; c < velocities.size(); c++) {
            Tensor term = velocities.get(c).mul(weights.sliceCols(c, c + 1));
            v = v == null ? term : v.add(term);
        }
        return v;
    }
}
