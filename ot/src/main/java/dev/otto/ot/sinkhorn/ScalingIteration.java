package dev.otto.ot.sinkhorn;


/**
 * Sinkhorn's matrix scaling (MATH.md section 1, "Entropic OT"; Cuturi 2013, Algorithm 1):
 * u = a / (K v), v = b / (K^T u) with the stored kernel K = exp(-C/eps), one fused pass over the
 * rows of K per iteration ({@link KernelPasses#fusedPass}). The potentials are formed only when the
 * stage ends (f = -eps log K v, g = -eps log K^T u of the last complete iteration), so an
 * iteration costs 2 n m flops and no logarithm. When K v or K^T u under- or overflows the stage
 * gives up at the last finite potentials and the solve continues in the log domain.
 */
final class ScalingIteration {

    private final SinkhornState st;
    private final double eps;
    private final int start;

    private ScalingIteration(SinkhornState st, double eps) {
        this.st = st;
        this.eps = eps;
        this.start = st.iterations;
    }

    /**
     * Iterations at fixed eps until the error is below tolAbs or the budget is spent; returns false
     * (state left at the last finite potentials, the iterations spent counted in the state) when the
     * kernel under- or overflows.
     */
    static boolean run(SinkhornState st, double eps, double tolAbs, int budget) {
        return new ScalingIteration(st, eps).iterate(tolAbs, budget);
    }

    private boolean iterate(double tolAbs, int budget) {
        double[] a = st.a;
        double[] b = st.b;
        int n = a.length;
        int m = b.length;
        double inv = 1 / eps;
        double[][] k = kernelRows();
        double[] v = new double[m];
        for (int j = 0; j < m; j++) {
            v[j] = b[j] * Math.exp(st.g[j] * inv);
            if (!Double.isFinite(v[j])) {
                return false;
            }
        }
        double[] s = new double[n];
        double[] sPrev = new double[n];
        double[] col = new double[m];
        double[] colPrev = new double[m];
        double[][] acc = KernelPasses.accumulators(n, m);
        int bs = KernelPasses.blockSize(n);
        boolean colRule = st.columnRule();
        boolean hasPrev = false;
        if (colRule) {
            // POT's order: the first half-step is the g-update v = b / K^T u, u = a exp(f/eps)
            double[] u0 = new double[n];
            for (int i = 0; i < n; i++) {
                u0[i] = a[i] * Math.exp(st.f[i] * inv);
            }
            KernelPasses.columnPass(k, u0, acc, bs, m);
            KernelPasses.reduce(acc, colPrev);
            if (KernelPasses.positiveFinite(colPrev)) {
                for (int j = 0; j < m; j++) {
                    v[j] = b[j] / colPrev[j];
                }
                hasPrev = true;
            }
        }
        for (int it = 0; it <= budget; it++) {
            KernelPasses.fusedPass(k, v, a, s, acc, bs, 1, null, null, eps);
            if (!KernelPasses.positiveFinite(s)) {
                return end(it > 0, sPrev, colPrev, false);
            }
            if (it > 0 && !colRule) {
                boolean met = measure(s, sPrev, tolAbs);
                if (met || it == budget) {
                    return end(true, sPrev, colPrev, true);
                }
            }
            KernelPasses.reduce(acc, col);
            if (!KernelPasses.positiveFinite(col)) {
                return end(it > 0, sPrev, colPrev, false);
            }
            if (colRule) {
                // POT's rule: column error of (u = a / s, v), |v_j (K^T u)_j - b_j|, before the v-update
                double l1 = 0;
                double l2 = 0;
                for (int j = 0; j < m; j++) {
                    double e = Math.abs(v[j] * col[j] - b[j]);
                    l1 += e;
                    l2 += e * e;
                }
                if (st.recordAndTest(l1, l2, tolAbs) || st.iterations - start >= budget) {
                    double[] x = new double[n];
                    for (int i = 0; i < n; i++) {
                        st.f[i] = -eps * Math.log(s[i]);
                        x[i] = a[i] / s[i];
                    }
                    if (it > 0 || hasPrev) {
                        for (int j = 0; j < m; j++) {
                            st.g[j] = -eps * Math.log(colPrev[j]);
                        }
                    }
                    st.planScale(x, v.clone(), eps);
                    return true;
                }
            }
            for (int j = 0; j < m; j++) {
                v[j] = b[j] / col[j];
            }
            double[] t = sPrev;
            sPrev = s;
            s = t;
            t = colPrev;
            colPrev = col;
            col = t;
        }
        // budget 0: one pass made the potentials consistent with this eps
        return end(true, sPrev, colPrev, true);
    }

    /** Ends the stage at the iterate (u = a / s, v = b / col); returns ok. */
    private boolean end(boolean complete, double[] s, double[] col, boolean ok) {
        if (complete) {
            int n = st.a.length;
            int m = st.b.length;
            double[] x = new double[n];
            double[] y = new double[m];
            for (int i = 0; i < n; i++) {
                st.f[i] = -eps * Math.log(s[i]);
                x[i] = st.a[i] / s[i];
            }
            for (int j = 0; j < m; j++) {
                st.g[j] = -eps * Math.log(col[j]);
                y[j] = st.b[j] / col[j];
            }
            st.planScale(x, y, eps);
        }
        return ok;
    }

    /**
     * Records the row-marginal error of the plan before this pass, sum_i |a_i s_i / sPrev_i - a_i|
     * (L1) or its L2 norm, counts the iteration and says whether the stopping rule is met.
     */
    private boolean measure(double[] s, double[] sPrev, double tolAbs) {
        double[] a = st.a;
        double l1 = 0;
        double l2 = 0;
        for (int i = 0; i < a.length; i++) {
            double e = Math.abs(a[i] * (s[i] / sPrev[i]) - a[i]);
            l1 += e;
            l2 += e * e;
        }
        return st.recordAndTest(l1, l2, tolAbs);
    }

    /** The kernel rows exp(-C_ij / eps) (storage shared with the absorbed kernel). */
    private double[][] kernelRows() {
        return KernelPasses.gibbsKernel(st.cost, eps, st.kernelStorage());
    }
}
