package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;

/**
 * The entropic plan in its Gibbs form, P_ij = a_i b_j exp((f_i + g_j - C_ij) / eps) (MATH.md
 * section 1, entropic OT), computed on demand from the potentials instead of stored: the balanced
 * ({@link SinkhornResult}) and the unbalanced ({@link UnbalancedSinkhorn}) solvers both end in this
 * form and read their plans through it.
 */
final class GibbsPlan {

    private GibbsPlan() {
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
}
