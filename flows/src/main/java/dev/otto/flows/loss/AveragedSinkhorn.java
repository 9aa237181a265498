package dev.otto.flows.loss;

import dev.otto.ot.cost.Cost;
import java.util.Arrays;

/**
 * Entropic transport OT_eps(a, b) = min_P &lt;C, P&gt; + eps KL(P | a b^T) by the averaged Sinkhorn
 * iteration of Feydy et al. 2019 (the update GeomLoss runs):
 * <pre>
 *   f &lt;- (f + T_b(g)) / 2,   g &lt;- (g + T_a(f)) / 2   (simultaneously),
 *   T_b(g)_i = -eps LSE_j( log b_j + (g_j - C_ij)/eps ),   T_a(f)_j = -eps LSE_i( log a_i + (f_i - C_ij)/eps ),
 * </pre>
 * whose fixed point f = T_b(g), g = T_a(f) is that of the log-domain updates of MATH.md section 1.
 * It is the remedy for the cross problem of two clouds that nearly coincide or are translates (the
 * end of a fit): there the alternating updates oscillate between f and g and stall, while, linearised
 * at coinciding clouds, the average contracts every mode by (1 - lambda)/2, lambda an eigenvalue of
 * the plan's Markov operator, in [0, 1] for the positive definite kernel exp(-|x - y|^2/eps) (measured
 * on generated translates and copies: the errors the alternating iteration leaves after its limit,
 * up to 1.4e-6, fall to round-off in all but a few cases in a thousand). Far apart clouds are better served by the alternating iteration with
 * epsilon scaling, so the loss runs this one only from that iteration's potentials when it stopped
 * short.
 *
 * <p>The plan is P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps), with row sums a_i exp((f_i - T_b(g)_i)/eps)
 * and column sums b_j exp((g_j - T_a(f)_j)/eps); the iteration stops when the larger of their L1
 * errors is at most the tolerance. The value is the dual objective
 * D(f, g) = &lt;a, f&gt; + &lt;b, g&gt; - eps (sum_ij P_ij - sum a sum b), equal to OT_eps at the fixed point
 * and stationary there.
 */
final class AveragedSinkhorn {

    /** The solve: potentials, the dual objective, iterations, the L1 marginal error and whether it met the tolerance. */
    record Result(Cost cost, double[] a, double[] b, double[] f, double[] g, double epsilon, double objective,
                  int iterations, double marginalError, boolean converged) {

        /** Row i of the plan P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps) into {@code out}. */
        void planRow(int i, double[] out) {
            cost.row(i, out);
            for (int j = 0; j < out.length; j++) {
                out[j] = a[i] * b[j] * Math.exp((f[i] + g[j] - out[j]) / epsilon);
            }
        }
    }

    private AveragedSinkhorn() {
    }

    /**
     * Solves OT_eps(a, b) on the n x m cost (a and b of equal sums) from the potentials (f0, g0) to an
     * L1 marginal error of {@code tolAbs}, in at most {@code maxIterations} updates.
     */
    static Result solve(double[] a, double[] b, Cost cost, double eps, double tolAbs, int maxIterations,
                        double[] f0, double[] g0) {
        int n = a.length;
        int m = b.length;
        double[] logA = logs(a);
        double[] logB = logs(b);
        double[] f = f0.clone();
        double[] g = g0.clone();
        double[] tf = new double[n];
        double[] tg = new double[m];
        double error;
        int it = 0;
        while (true) {
            softminRows(g, logB, cost, eps, tf);
            softminColumns(f, logA, cost, eps, tg);
            error = Math.max(marginalError(a, f, tf, eps), marginalError(b, g, tg, eps));
            if (error <= tolAbs || it == maxIterations) {
                break;
            }
            for (int i = 0; i < n; i++) {
                f[i] = 0.5 * (f[i] + tf[i]);
            }
            for (int j = 0; j < m; j++) {
                g[j] = 0.5 * (g[j] + tg[j]);
            }
            it++;
        }
        double planMass = 0;
        double af = 0;
        double bg = 0;
        double sa = 0;
        double sb = 0;
        for (int i = 0; i < n; i++) {
            planMass += a[i] * Math.exp((f[i] - tf[i]) / eps);
            af += a[i] * f[i];
            sa += a[i];
        }
        for (int j = 0; j < m; j++) {
            bg += b[j] * g[j];
            sb += b[j];
        }
        double objective = af + bg - eps * (planMass - sa * sb);
        return new Result(cost, a, b, f, g, eps, objective, it, error, error <= tolAbs);
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

    /** T_b(g)_i = -eps LSE_j(log b_j + (g_j - C_ij)/eps) into {@code out}, each row shifted by its maximum. */
    static void softminRows(double[] g, double[] logB, Cost cost, double eps, double[] out) {
        int m = g.length;
        double[] row = new double[m];
        for (int i = 0; i < out.length; i++) {
            cost.row(i, row);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                row[j] = logB[j] + (g[j] - row[j]) / eps;
                max = Math.max(max, row[j]);
            }
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += Math.exp(row[j] - max);
            }
            out[i] = -eps * (max + Math.log(s));
        }
    }

    /** T_a(f)_j = -eps LSE_i(log a_i + (f_i - C_ij)/eps), streaming rows with a running maximum per column. */
    private static void softminColumns(double[] f, double[] logA, Cost cost, double eps, double[] out) {
        int m = out.length;
        double[] row = new double[m];
        double[] max = new double[m];
        double[] s = new double[m];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < f.length; i++) {
            if (logA[i] == Double.NEGATIVE_INFINITY) {
                continue; // a zero weight: the row carries no mass
            }
            cost.row(i, row);
            for (int j = 0; j < m; j++) {
                double v = logA[i] + (f[i] - row[j]) / eps;
                if (v > max[j]) {
                    s[j] = s[j] * Math.exp(max[j] - v) + 1;
                    max[j] = v;
                } else {
                    s[j] += Math.exp(v - max[j]);
                }
            }
        }
        for (int j = 0; j < m; j++) {
            out[j] = -eps * (max[j] + Math.log(s[j]));
        }
    }

    static double[] logs(double[] w) {
        double[] l = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            l[i] = Math.log(w[i]);
        }
        return l;
    }
}
