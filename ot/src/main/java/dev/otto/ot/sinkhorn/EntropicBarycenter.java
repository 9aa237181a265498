package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.internal.Checks;

/**
 * Fixed-support entropic Wasserstein barycenter by iterative Bregman projections (Benamou, Carlier,
 * Cuturi, Nenna and Peyre 2015, "Iterative Bregman projections for regularized transportation
 * problems", section 3.2, Proposition 1): given histograms b_k on supports Y_k, costs C_k from a
 * fixed support X (n points) to Y_k, weights lambda_k and eps, the histogram a on X minimising
 * sum_k lambda_k KL-regularised OT (plans P_k = diag(u_k) K_k diag(v_k), K_k = exp(-C_k/eps),
 * MATH.md section 1 "Entropic OT", scaling form) is the fixed point of
 * <pre>
 *   v_k = b_k / (K_k^T u_k),   a = prod_k (K_k v_k)^{lambda_k},   u_k = a / (K_k v_k),
 * </pre>
 * which we run in the log domain (f_k = eps log u_k, g_k = eps log v_k), with the log-sum-exp
 * passes of {@link Sinkhorn}: g_k = eps log b_k - eps LSE_i((f_k - C_k)/eps),
 * s_k = eps LSE_j((g_k - C_k)/eps), log a = sum_k lambda_k s_k / eps, f_k = eps log a - s_k. After
 * each sweep every P_k has column marginal b_k exactly and all P_k share the row marginal a up to
 * the tolerance; it stops when max_k |P_k 1 - a|_1 &lt;= tolerance (default 1e-9, at most 10,000
 * sweeps). The histograms b_k are normalised to probabilities.
 */
public final class EntropicBarycenter {

    private EntropicBarycenter() {
    }

    /**
     * The barycenter histogram a (n entries), the sweeps used and whether the marginal error fell
     * below the tolerance.
     */
    public record Result(double[] weights, int iterations, boolean converged, double marginalError) {
    }

    /**
     * Solves for costs {@code costs[k]} (n x m_k, same n) and histograms {@code b[k]}, weights
     * lambda (null = uniform), regularisation eps &gt; 0.
     */
    public static Result solve(Cost[] costs, double[][] b, double[] lambda, double eps, double tolerance, int maxIterations) {
        double[] lam = checkedWeights(costs, b, lambda, eps, tolerance, maxIterations);
        int k = costs.length;
        int n = costs[0].rows();
        double[][] logB = new double[k][];
        for (int c = 0; c < k; c++) {
            double[] hist = normalised(b[c]);
            logB[c] = new double[hist.length];
            for (int j = 0; j < hist.length; j++) {
                logB[c][j] = Math.log(hist[j]);
            }
        }
        double inv = 1 / eps;
        double[][] f = new double[k][n];
        double[][] g = new double[k][];
        double[][] s = new double[k][n];
        Cost[] transposed = new Cost[k];
        for (int c = 0; c < k; c++) {
            g[c] = new double[costs[c].cols()];
            transposed[c] = costs[c].transpose();
        }
        double[] logA = new double[n];
        double[] h = new double[n];
        double error = Double.POSITIVE_INFINITY;
        int it = 0;
        while (it < maxIterations && !(error <= tolerance)) {
            for (int c = 0; c < k; c++) {
                // g_k = eps log b_k - eps LSE_i((f_k - C)/eps)
                for (int i = 0; i < n; i++) {
                    h[i] = f[c][i] * inv;
                }
                KernelPasses.lsePass(transposed[c], h, inv, eps, g[c]);
                for (int j = 0; j < g[c].length; j++) {
                    g[c][j] += eps * logB[c][j];
                }
                // s_k = eps LSE_j((g_k - C)/eps) = eps log(K_k v_k)
                double[] hg = new double[g[c].length];
                for (int j = 0; j < hg.length; j++) {
                    hg[j] = g[c][j] * inv;
                }
                KernelPasses.lsePass(costs[c], hg, inv, eps, s[c]);
                for (int i = 0; i < n; i++) {
                    s[c][i] = -s[c][i];
                }
            }
            java.util.Arrays.fill(logA, 0);
            for (int c = 0; c < k; c++) {
                for (int i = 0; i < n; i++) {
                    logA[i] += lam[c] * s[c][i] * inv;
                }
            }
            // row marginal of P_k before the u-update: exp(f_k/eps) K_k v_k = exp((f_k + s_k)/eps)
            error = 0;
            for (int c = 0; c < k; c++) {
                double e = 0;
                for (int i = 0; i < n; i++) {
                    e += Math.abs(Math.exp((f[c][i] + s[c][i]) * inv) - Math.exp(logA[i]));
                    f[c][i] = eps * logA[i] - s[c][i];
                }
                error = Math.max(error, e);
            }
            it++;
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.exp(logA[i]);
        }
        return new Result(a, it, error <= tolerance, error);
    }

    /**
     * The same barycenter by the kernel (scaling) form of the fixed point above
     * ({@code ScalingBarycenter}), K_k = exp(-C_k/eps) stored: per sweep the products K_k^T u_k and
     * K_k v_k and no exponential, where the log domain takes n m_k exponentials per pass. Each
     * distinct kernel is built once per solve (histograms given the same {@link Cost} object share
     * it; a symmetric cost, such as a support against itself, gives a kernel stored as one triangle)
     * and multiplied by the scalings of all the histograms sharing it in one pass per half-sweep;
     * the result is bitwise the same for any number of threads. The same stopping rule. A kernel
     * product that underflows (eps small against the costs) cannot be represented in this form: the
     * solve then restarts in the log domain ({@link #solve}), as {@link Sinkhorn}'s scaling method
     * falls back.
     */
    public static Result solveScaling(Cost[] costs, double[][] b, double[] lambda, double eps, double tolerance,
                                      int maxIterations) {
        Result kernelForm = ScalingBarycenter.solve(costs, b, lambda, eps, tolerance, maxIterations);
        return kernelForm != null ? kernelForm : solve(costs, b, lambda, eps, tolerance, maxIterations);
    }

    /**
     * Checks the problem (one line naming what is wrong) and returns the weights lambda normalised
     * to sum 1.
     */
    static double[] checkedWeights(Cost[] costs, double[][] b, double[] lambda, double eps, double tolerance,
                                           int maxIterations) {
        if (costs == null || costs.length == 0) {
            throw new IllegalArgumentException("costs: expected at least one cost, got " + (costs == null ? "null" : "none"));
        }
        int k = costs.length;
        if (b == null || b.length != k) {
            throw new IllegalArgumentException("b: expected " + k + " histograms (one per cost), got "
                    + (b == null ? "null" : b.length));
        }
        Checks.epsilon(eps);
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance: expected a finite value > 0, got " + tolerance);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations: expected >= 1, got " + maxIterations);
        }
        Checks.present("costs[0]", "a cost", costs[0]);
        int n = costs[0].rows();
        double[] lam = lambda == null ? Checks.uniform(k) : lambda;
        if (lam.length != k) {
            throw new IllegalArgumentException("lambda: expected " + k + " weights, got " + lam.length);
        }
        double ls = Checks.weights("lambda", lam);
        for (int c = 0; c < k; c++) {
            Checks.present("costs[" + c + "]", "a cost", costs[c]);
            if (costs[c].rows() != n) {
                throw new IllegalArgumentException("costs[" + c + "]: expected " + n + " rows (as costs[0]), got " + costs[c].rows());
            }
            if (b[c] == null || b[c].length != costs[c].cols()) {
                throw new IllegalArgumentException("b[" + c + "]: expected " + costs[c].cols() + " weights (cost columns), got "
                        + (b[c] == null ? "null" : b[c].length));
            }
            Checks.weights("b[" + c + "]", b[c]);
        }
        double[] normalisedLambda = new double[k];
        for (int c = 0; c < k; c++) {
            normalisedLambda[c] = lam[c] / ls;
        }
        return normalisedLambda;
    }

    static double[] normalised(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        double[] out = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            out[j] = w[j] / s;
        }
        return out;
    }
}
