package dev.otto.ot.sinkhorn;

import dev.otto.ot.internal.Parallel;

/**
 * The last pass of a solve: one sweep over the plan P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps)
 * (MATH.md section 1, "Entropic OT") for the transport cost &lt;C,P&gt;, the regularised objective
 * &lt;f, P 1&gt; + &lt;g, P^T 1&gt; - eps sum P + eps sum a sum b (= &lt;C,P&gt; + eps KL(P | a b^T) at a
 * Sinkhorn iterate) and the L1 and L2 marginal errors that decide convergence. When the stored
 * kernel represents the final plan (P_ij = x_i K_ij y_j, see {@link SinkhornState#planScale}) the
 * pass multiplies instead of taking n m exponentials.
 */
final class PlanPass {

    private PlanPass() {
    }

    static SinkhornResult finish(SinkhornState st, double eps, double tolAbs, Sinkhorn.Method used) {
        double[] a = st.a;
        double[] b = st.b;
        double[] f = st.f;
        double[] g = st.g;
        int n = a.length;
        int m = b.length;
        double inv = 1 / eps;
        double[] rowSum = new double[n];
        double[] rowCost = new double[n];
        int bs = KernelPasses.blockSize(n);
        int blocks = Parallel.blockCount(n, bs);
        double[][] colAcc = new double[blocks][m];
        if (st.hasKernelPlan(eps)) {
            final double[][] k = st.kernel();
            final double[] x = st.planX();
            final double[] y = st.planY();
            Parallel.forEachBlock(n, bs, (long) n * m * 4, (lo, hi) -> {
                double[] ac = colAcc[lo / bs];
                double[] buf = new double[m];
                double[] ky = new double[m];
                for (int i = lo; i < hi; i++) {
                    if (a[i] == 0) {
                        continue;
                    }
                    double[] ki = k[i];
                    st.cost.row(i, buf);
                    for (int j = 0; j < m; j++) {
                        ky[j] = ki[j] * y[j];
                    }
                    double xi = x[i];
                    rowSum[i] = xi * KernelPasses.sum(ky);
                    rowCost[i] = xi * KernelPasses.dot(ky, buf);
                    for (int j = 0; j < m; j++) {
                        ac[j] += xi * ky[j];
                    }
                }
            });
        } else {
            Parallel.forEachBlock(n, bs, (long) n * m * 8, (lo, hi) -> {
                double[] ac = colAcc[lo / bs];
                double[] buf = new double[m];
                for (int i = lo; i < hi; i++) {
                    if (a[i] == 0) {
                        continue;
                    }
                    st.cost.row(i, buf);
                    double rs = 0;
                    double rc = 0;
                    for (int j = 0; j < m; j++) {
                        double p = b[j] == 0 ? 0 : a[i] * b[j] * FastExp.exp((f[i] + g[j] - buf[j]) * inv);
                        rs += p;
                        rc += p * buf[j];
                        ac[j] += p;
                    }
                    rowSum[i] = rs;
                    rowCost[i] = rc;
                }
            });
        }
        double[] colSum = new double[m];
        for (double[] ac : colAcc) {
            for (int j = 0; j < m; j++) {
                colSum[j] += ac[j];
            }
        }
        double transport = 0;
        double mass = 0;
        double rowErr = 0;
        double lin = 0;
        double sa = 0;
        double sb = 0;
        for (int i = 0; i < n; i++) {
            transport += rowCost[i];
            mass += rowSum[i];
            rowErr += Math.abs(rowSum[i] - a[i]);
            lin += f[i] * rowSum[i];
            sa += a[i];
        }
        double rowErr2 = 0;
        for (int i = 0; i < n; i++) {
            rowErr2 += (rowSum[i] - a[i]) * (rowSum[i] - a[i]);
        }
        double colErr = 0;
        double colErr2 = 0;
        for (int j = 0; j < m; j++) {
            colErr += Math.abs(colSum[j] - b[j]);
            colErr2 += (colSum[j] - b[j]) * (colSum[j] - b[j]);
            lin += g[j] * colSum[j];
            sb += b[j];
        }
        double objective = lin - eps * mass + eps * sa * sb;
        if (!Double.isFinite(transport) || !Double.isFinite(objective) || !Double.isFinite(rowErr)) {
            throw new ArithmeticException("sinkhorn: non-finite plan statistics after iteration " + st.iterations
                    + " (eps = " + eps + ")");
        }
        double floor = Math.max(tolAbs, 1e-13 * sa);
        boolean converged = st.rule == Sinkhorn.StoppingRule.L1_EVERY_ITERATION
                ? rowErr <= floor && colErr <= floor
                : Math.sqrt(rowErr2) <= floor && Math.sqrt(colErr2) <= floor;
        return new SinkhornResult(st.cost, a, b, f.clone(), g.clone(), eps, st.iterations, converged,
                st.errors(), transport, objective, rowErr, colErr, used);
    }
}
