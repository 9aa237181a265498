package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.internal.Parallel;

/**
 * The damped updates of {@link UnbalancedSinkhorn} on a stored kernel K = exp(-C/eps) (Chizat et
 * al. 2018, Algorithm 1, scaling form): with v_j = b_j e^{g_j/eps} and u_i = a_i e^{f_i/eps},
 * <pre>
 *   f_i = -(tau/(tau+eps)) eps log (K v)_i,   g_j = -(tau/(tau+eps)) eps log (K^T u)_j,
 * </pre>
 * the same iterates as the log-sum-exp form with one multiply-add per kernel entry instead of an
 * exponential. K v and K^T u use the balanced solver's fixed blocks ({@link KernelPasses}), so results
 * do not depend on the thread count. When a kernel sum underflows to 0 or overflows (small eps),
 * the half-step is abandoned and the caller continues in the log domain from the last potentials.
 */
final class UnbalancedKernelIteration {

    private final double[][] kernel;
    private final double[] a;
    private final double[] b;
    private final double eps;
    private final int bs;
    private final double[][] acc;

    private UnbalancedKernelIteration(double[][] kernel, double[] a, double[] b, double eps) {
        this.kernel = kernel;
        this.a = a;
        this.b = b;
        this.eps = eps;
        this.bs = KernelPasses.blockSize(a.length);
        this.acc = KernelPasses.accumulators(a.length, b.length);
    }

    /** K = exp(-C/eps), built in fixed row blocks. */
    static UnbalancedKernelIteration of(Cost cost, double[] a, double[] b, double eps) {
        int n = cost.rows();
        int m = cost.cols();
        double[][] k = new double[n][m];
        Parallel.forEachBlock(n, KernelPasses.ROW_BLOCK, (long) n * m * 8, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                cost.row(i, k[i]);
                for (int j = 0; j < m; j++) {
                    k[i][j] = Math.exp(-k[i][j] / eps);
                }
            }
        });
        return new UnbalancedKernelIteration(k, a, b, eps);
    }

    /**
     * One f-update then one g-update in place; returns the larger sup-norm change of the two, or
     * NaN (f and g untouched) when a kernel sum is not positive and finite.
     */
    double step(double[] f, double[] g, double damping) {
        int n = a.length;
        int m = b.length;
        double inv = 1 / eps;
        double[] v = new double[m];
        for (int j = 0; j < m; j++) {
            v[j] = b[j] * Math.exp(g[j] * inv);
        }
        double[] s = new double[n];
        Parallel.forEachBlock(n, bs, (long) n * m * 2, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                s[i] = VectorSupport.ENABLED ? VectorDot.dot(kernel[i], v) : KernelPasses.dot(kernel[i], v);
            }
        });
        if (!KernelPasses.positiveFinite(s)) {
            return Double.NaN;
        }
        double[] fNew = new double[n];
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            fNew[i] = -damping * eps * Math.log(s[i]);
            u[i] = a[i] * Math.exp(fNew[i] * inv);
        }
        double[] t = new double[m];
        KernelPasses.columnPass(kernel, u, acc, bs, m);
        KernelPasses.reduce(acc, t);
        if (!KernelPasses.positiveFinite(t)) {
            return Double.NaN;
        }
        double change = 0;
        for (int i = 0; i < n; i++) {
            change = Math.max(change, Math.abs(fNew[i] - f[i]));
            f[i] = fNew[i];
        }
        for (int j = 0; j < m; j++) {
            double gj = -damping * eps * Math.log(t[j]);
            change = Math.max(change, Math.abs(gj - g[j]));
            g[j] = gj;
        }
        return change;
    }
}
