package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;

/**
 * The entropic plan in its Gibbs form, P_ij = a_i b_j exp((f_i + g_j - C_ij) / eps) (MATH.md
 * section 1, entropic OT), computed on demand from the potentials instead of stored: the balanced
 * ({@link SinkhornResult}), the unbalanced ({@link UnbalancedSinkhorn}) and the entropic partial
 * ({@link EntropicPartialTransport}) solvers end in this form and read their plans through it.
 */
final class GibbsPlan {

    private GibbsPlan() {
    }

    /** log w_i for the weights of the reference measure a b^T (-infinity for a zero weight). */
    static double[] logs(double[] w) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = Math.log(w[i]);
        }
        return out;
    }

    /** One entry P_ij. */
    static double entry(Cost cost, double[] a, double[] b, double[] f, double[] g, double epsilon, int i, int j) {
        return a[i] * b[j] * Math.exp((f[i] + g[j] - cost.get(i, j)) / epsilon);
    }

    /** Row i of the plan into {@code out} (m entries). */
    static void row(Cost cost, double[] a, double[] b, double[] f, double[] g, double epsilon, int i, double[] out) {
        cost.row(i, out);
        for (int j = 0; j < out.length; j++) {
            out[j] = a[i] * b[j] * Math.exp((f[i] + g[j] - out[j]) / epsilon);
        }
    }

    /** The dense plan (n x m). */
    static double[][] dense(Cost cost, double[] a, double[] b, double[] f, double[] g, double epsilon) {
        double[][] p = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            row(cost, a, b, f, g, epsilon, i, p[i]);
        }
        return p;
    }

    /** The plan's row sums P 1, column sums P^T 1 and transport cost &lt;C,P&gt;. */
    record Marginals(double[] rows, double[] cols, double transportCost) {
    }

    /** {@link Marginals} in one pass over the rows in index order (rows of zero weight skipped). */
    static Marginals marginals(Cost cost, double[] a, double[] b, double[] f, double[] g, double eps) {
        int n = a.length;
        int m = b.length;
        double[] rows = new double[n];
        double[] cols = new double[m];
        double[] c = new double[m];
        double transport = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] == 0) {
                continue;
            }
            cost.row(i, c);
            double rs = 0;
            double rc = 0;
            for (int j = 0; j < m; j++) {
                double p = a[i] * b[j] * Math.exp((f[i] + g[j] - c[j]) / eps);
                rs += p;
                rc += p * c[j];
                cols[j] += p;
            }
            rows[i] = rs;
            transport += rc;
        }
        return new Marginals(rows, cols, transport);
    }
}
