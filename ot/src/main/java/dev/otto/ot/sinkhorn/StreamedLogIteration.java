package dev.otto.ot.sinkhorn;

/**
 * Log-domain Sinkhorn on a streamed cost (MATH.md section 1, "Entropic OT"; Peyre and Cuturi,
 * Computational Optimal Transport, section 4.4):
 * <pre>
 *   f_i = -eps LSE_j(log b_j + (g_j - C_ij)/eps),   g_j = -eps LSE_i(log a_i + (f_i - C_ij)/eps).
 * </pre>
 * Never overflows, and reads the cost one row at a time (rows of C, then of C^T), so an on-the-fly
 * cost needs O(n + m) memory. The row error of the previous iterate falls out of the next f-update:
 * |P 1 - a|_i = a_i |exp((f_i - fNew_i)/eps) - 1|; under the POT rule the column error of
 * (new f, old g) is measured before the g-update instead.
 */
final class StreamedLogIteration {

    private StreamedLogIteration() {
    }

    /** Iterations at fixed eps until the error is below tolAbs or the budget is spent. */
    static void run(SinkhornState st, double eps, double tolAbs, int budget) {
        double[] a = st.a;
        double[] b = st.b;
        int n = a.length;
        int m = b.length;
        double inv = 1 / eps;
        double[] h = new double[Math.max(n, m)];
        double[] fNew = new double[n];
        double[] gNew = new double[m];
        // the potentials move away from any stored kernel
        st.forgetKernelPlan();
        boolean colRule = st.columnRule();
        for (int it = 0; it <= budget; it++) {
            if (colRule && it == budget) {
                break;
            }
            for (int j = 0; j < m; j++) {
                h[j] = st.logB[j] + st.g[j] * inv;
            }
            KernelPasses.lsePass(st.cost, h, inv, eps, fNew);
            if (it > 0 && !colRule) {
                double l1 = 0;
                double l2 = 0;
                for (int i = 0; i < n; i++) {
                    double e = a[i] == 0 ? 0 : a[i] * Math.abs(Math.exp((st.f[i] - fNew[i]) * inv) - 1);
                    l1 += e;
                    l2 += e * e;
                }
                if (st.recordAndTest(l1, l2, tolAbs) || it == budget) {
                    break;
                }
            }
            double[] t = st.f;
            st.f = fNew;
            fNew = t;
            for (int i = 0; i < n; i++) {
                h[i] = st.logA[i] + st.f[i] * inv;
            }
            KernelPasses.lsePass(st.costTransposed(), h, inv, eps, gNew);
            if (colRule) {
                // POT's rule: column error of (new f, old g), measured before the g-update
                double l1 = 0;
                double l2 = 0;
                for (int j = 0; j < m; j++) {
                    double e = b[j] == 0 ? 0 : b[j] * Math.abs(Math.exp((st.g[j] - gNew[j]) * inv) - 1);
                    l1 += e;
                    l2 += e * e;
                }
                if (st.recordAndTest(l1, l2, tolAbs)) {
                    st.checkFinite(eps);
                    return;
                }
            }
            t = st.g;
            st.g = gNew;
            gNew = t;
            st.checkFinite(eps);
        }
    }
}
