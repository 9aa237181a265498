package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.internal.Parallel;

import java.util.Arrays;

/**
 * The damped updates of {@link UnbalancedSinkhorn} on a stored kernel, in the two forms of the
 * balanced solver (MATH.md section 1, "Entropic OT"; statement ot.unbalanced):
 * <ul>
 *   <li>scaling (Chizat et al. 2018, Algorithm 1): Kt = exp(-C/eps), i.e. fa = ga = 0 below;</li>
 *   <li>absorbed (Schmitzer 2019, "Stabilized sparse scaling algorithms for entropy regularized
 *       transport problems", absorption into the kernel): Kt_ij = exp((fa_i + ga_j - C_ij)/eps)
 *       for potentials (fa, ga) absorbed from the iterates, and absorbed again whenever the
 *       potentials drift more than {@link AbsorbedKernelIteration#ABSORB} eps from them, so the
 *       scalings below stay within e^{+-ABSORB} and nothing that matters under- or overflows.</li>
 * </ul>
 * Since sum_j b_j e^{(g_j - C_ij)/eps} = e^{-fa_i/eps} sum_j Kt_ij v_j with v_j = b_j e^{(g_j - ga_j)/eps},
 * the log-domain update f_i = -(tau/(tau+eps)) eps LSE_j(log b_j + (g_j - C_ij)/eps) is
 * <pre>
 *   f_i = (tau/(tau+eps)) (fa_i - eps log (Kt v)_i),   g_j = (tau/(tau+eps)) (ga_j - eps log (Kt^T u)_j),
 * </pre>
 * with u_i = a_i e^{(f_i - fa_i)/eps}: the same iterates as the log-sum-exp form with one
 * multiply-add per kernel entry instead of an exponential. The iteration acts on the full
 * potentials f and g, so the caller's translation step and slow-mode extrapolation, which move
 * them, need no change: the next step reads them relative to (fa, ga).
 *
 * <p>Both products run in one {@link KernelPasses#fusedPass}: the damped update is its
 * over-relaxed one, (1 - omega) f + omega f_Sinkhorn, from f = 0 with omega = tau/(tau+eps).
 * The pass cuts rows into fixed blocks, so results do not depend on the thread count. When a
 * kernel sum is 0 or not finite the step is abandoned (potentials untouched); the caller then
 * sweeps in the log domain and absorbs again.
 */
final class UnbalancedKernelIteration {

    private final Cost cost;
    private final double[] a;
    private final double[] b;
    private final double[][] kernel;
    private final double[] fa;
    private final double[] ga;
    /** The potential f = 0 the damped update starts from, as {@link KernelPasses#fusedPass} reads it. */
    private final double[] zero;
    private final double[] v;
    private final double[] rowSums;
    private final double[] colSums;
    private final double[][] acc;
    private final int bs;
    private double eps;
    private boolean absorbing;
    /** Whether the last step ran on this kernel (not abandoned, no kernel built since). */
    private boolean stepped;

    private UnbalancedKernelIteration(Cost cost, double[] a, double[] b) {
        int n = a.length;
        int m = b.length;
        if ((long) n * m > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cost: a stored kernel of " + n + " x " + m
                    + " entries is too large; use the log domain with an on-the-fly cost");
        }
        this.cost = cost;
        this.a = a;
        this.b = b;
        this.kernel = new double[n][m];
        this.fa = new double[n];
        this.ga = new double[m];
        this.zero = new double[n];
        this.v = new double[m];
        this.rowSums = new double[n];
        this.colSums = new double[m];
        this.acc = KernelPasses.accumulators(n, m);
        this.bs = KernelPasses.blockSize(n);
    }

    /** Kernel storage for the cost's n x m problem (8 n m bytes), filled by {@link #scaling} or {@link #absorb}. */
    static UnbalancedKernelIteration storage(Cost cost, double[] a, double[] b) {
        return new UnbalancedKernelIteration(cost, a, b);
    }

    /** The scaling form at eps: Kt = exp(-C/eps), built in fixed row blocks, never absorbed again. */
    void scaling(double eps) {
        this.eps = eps;
        this.absorbing = false;
        this.stepped = false;
        Arrays.fill(fa, 0);
        Arrays.fill(ga, 0);
        KernelPasses.gibbsKernel(cost, eps, kernel);
    }

    /** The absorbed form at eps: (fa, ga) = (f, g) and Kt_ij = exp((fa_i + ga_j - C_ij)/eps). */
    void absorb(double[] f, double[] g, double eps) {
        this.eps = eps;
        this.absorbing = true;
        this.stepped = false;
        System.arraycopy(f, 0, fa, 0, f.length);
        System.arraycopy(g, 0, ga, 0, g.length);
        KernelPasses.absorbedKernel(cost, fa, ga, 1 / eps, kernel);
    }

    /**
     * One f-update then one g-update in place, damped by {@code damping} = tau/(tau+eps); returns
     * the larger sup-norm change of the two, or NaN (f and g untouched) when a kernel sum is not
     * positive and finite. The absorbed form first absorbs (f, g) again if they drifted too far.
     */
    double step(double[] f, double[] g, double damping) {
        int n = a.length;
        int m = b.length;
        double inv = 1 / eps;
        if (absorbing && drift(f, g) * inv > AbsorbedKernelIteration.ABSORB) {
            absorb(f, g, eps);
        }
        for (int j = 0; j < m; j++) {
            v[j] = b[j] * Math.exp((g[j] - ga[j]) * inv);
        }
        stepped = false;
        KernelPasses.fusedPass(kernel, v, a, rowSums, acc, bs, damping, zero, fa, eps);
        if (!KernelPasses.positiveFinite(rowSums)) {
            return Double.NaN;
        }
        KernelPasses.reduce(acc, colSums);
        if (!KernelPasses.positiveFinite(colSums)) {
            return Double.NaN;
        }
        stepped = true;
        double change = 0;
        for (int i = 0; i < n; i++) {
            double fi = damping * (fa[i] - eps * Math.log(rowSums[i]));
            change = Math.max(change, Math.abs(fi - f[i]));
            f[i] = fi;
        }
        for (int j = 0; j < m; j++) {
            double gj = damping * (ga[j] - eps * Math.log(colSums[j]));
            change = Math.max(change, Math.abs(gj - g[j]));
            g[j] = gj;
        }
        return change;
    }

    /**
     * The plan's row sums, column sums and transport cost &lt;C,P&gt; read from the stored kernel, or
     * null when it cannot stand for the plan of (f, g) at {@code epsilon}: the last step did not
     * run on it at that eps, or (f, g) drifted more than {@link AbsorbedKernelIteration#ABSORB} eps
     * from the absorbed potentials (for the scaling form, from 0). Within that drift
     * P_ij = a_i b_j e^{(f_i + g_j - C_ij)/eps} = u_i Kt_ij v_j with u_i = a_i e^{(f_i - fa_i)/eps},
     * v_j = b_j e^{(g_j - ga_j)/eps} and u_i v_j &lt;= a_i b_j e^{2 ABSORB}, so the kernel entries
     * the builders flushed to 0 (below e^-500) stand for plan entries below a_i b_j e^-300. The
     * n m exponentials of {@link GibbsPlan#marginals} become three multiply-adds per entry, rows in
     * the fixed blocks of the iteration's pass (the same numbers for any thread count).
     */
    GibbsPlan.Marginals marginals(double[] f, double[] g, double epsilon) {
        if (!stepped || epsilon != eps || drift(f, g) / eps > AbsorbedKernelIteration.ABSORB) {
            return null;
        }
        int n = a.length;
        int m = b.length;
        double inv = 1 / eps;
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = a[i] * Math.exp((f[i] - fa[i]) * inv);
        }
        for (int j = 0; j < m; j++) {
            v[j] = b[j] * Math.exp((g[j] - ga[j]) * inv);
        }
        double[] rowCost = new double[n];
        double[] rows = new double[n];
        Parallel.forEachBlock(n, bs, (long) n * m * 3, (lo, hi) -> {
            double[] ac = acc[lo / bs];
            Arrays.fill(ac, 0);
            double[] weighted = new double[m];
            for (int i = lo; i < hi; i++) {
                double[] ki = kernel[i];
                cost.row(i, weighted);
                for (int j = 0; j < m; j++) {
                    weighted[j] *= v[j];
                }
                rows[i] = u[i] * KernelPasses.dot(ki, v);
                rowCost[i] = u[i] * KernelPasses.dot(ki, weighted);
                double ui = u[i];
                for (int j = 0; j < m; j++) {
                    ac[j] += ui * ki[j];
                }
            }
        });
        double[] cols = new double[m];
        KernelPasses.reduce(acc, cols);
        for (int j = 0; j < m; j++) {
            cols[j] *= v[j];
        }
        return new GibbsPlan.Marginals(rows, cols, KernelPasses.sum(rowCost));
    }

    /** max(|f - fa|_inf, |g - ga|_inf). */
    private double drift(double[] f, double[] g) {
        double d = 0;
        for (int i = 0; i < f.length; i++) {
            d = Math.max(d, Math.abs(f[i] - fa[i]));
        }
        for (int j = 0; j < g.length; j++) {
            d = Math.max(d, Math.abs(g[j] - ga[j]));
        }
        return d;
    }
}
