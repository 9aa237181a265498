package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;

/**
 * The entropic c-transform of a potential (MATH.md section 1, "Entropic OT", the log-domain
 * updates), the one pass the averaged and symmetric Sinkhorn iterations are made of:
 * <pre>
 *   T_w(h)_i = -eps LSE_j( log w_j + (h_j - C_ij)/eps ),
 * </pre>
 * run by {@link KernelPasses#lsePass} (rows in fixed blocks, so results do not depend on the thread
 * count), and the L1 marginal error that comparing a potential with its transform reveals: the plan
 * P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps) has row sums a_i exp((f_i - T_b(g)_i)/eps), so
 * |P 1 - a|_1 = sum_i a_i |exp((f_i - T_b(g)_i)/eps) - 1|.
 */
final class SoftminPass {

    private SoftminPass() {
    }

    /**
     * T_w(h) on the rows of c into {@code out}; {@code logW} holds log w (-infinity for a zero
     * weight, whose column then carries no mass).
     */
    static void transform(Cost c, double[] logW, double[] h, double eps, double[] out) {
        double inv = 1 / eps;
        double[] shifted = new double[h.length];
        for (int j = 0; j < h.length; j++) {
            shifted[j] = logW[j] + h[j] * inv;
        }
        KernelPasses.lsePass(c, shifted, inv, eps, out);
    }

    /** sum_i w_i |exp((p_i - t_i)/eps) - 1|: the L1 error of the marginal w exp((p - t)/eps). */
    static double marginalError(double[] w, double[] p, double[] t, double eps) {
        double e = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                e += w[i] * Math.abs(Math.expm1((p[i] - t[i]) / eps));
            }
        }
        return e;
    }

    /** The mass of the plan with row sums w exp((p - t)/eps): sum_i w_i exp((p_i - t_i)/eps). */
    static double planMass(double[] w, double[] p, double[] t, double eps) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                s += w[i] * Math.exp((p[i] - t[i]) / eps);
            }
        }
        return s;
    }

    /** The midpoint (p + t)/2 into p: the averaged update. */
    static void average(double[] p, double[] t) {
        for (int i = 0; i < p.length; i++) {
            p[i] = 0.5 * (p[i] + t[i]);
        }
    }

    /** &lt;w, p&gt;. */
    static double dot(double[] w, double[] p) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i] * p[i];
        }
        return s;
    }
}
