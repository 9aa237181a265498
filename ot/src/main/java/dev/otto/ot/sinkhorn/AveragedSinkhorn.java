package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.internal.Checks;

/**
 * Entropic transport OT_eps(a, b) = min_P &lt;C, P&gt; + eps KL(P | a b^T) by the averaged Sinkhorn
 * iteration of Feydy et al. 2019 (Interpolating between optimal transport and MMD using Sinkhorn
 * divergences, AISTATS 2019; the update GeomLoss runs):
 * <pre>
 *   f &lt;- (f + T_b(g)) / 2,   g &lt;- (g + T_a(f)) / 2   (simultaneously),
 *   T_b(g)_i = -eps LSE_j( log b_j + (g_j - C_ij)/eps ),   T_a(f)_j = -eps LSE_i( log a_i + (f_i - C_ij)/eps ),
 * </pre>
 * whose fixed point f = T_b(g), g = T_a(f) is that of the log-domain updates of MATH.md section 1.
 * It is the remedy for the problem of two clouds that nearly coincide or are translates (the end
 * of a fit): there the alternating updates oscillate between f and g and stall, while, linearised
 * at coinciding clouds, the average contracts every mode by (1 - lambda)/2, lambda an eigenvalue
 * of the plan's Markov operator, in [0, 1] for the positive definite kernel exp(-|x - y|^2/eps)
 * (measured on generated translates and copies: the errors the alternating iteration leaves after
 * its limit, up to 1.4e-6, fall to round-off in all but a few cases in a thousand). Far apart
 * clouds are better served by the alternating {@link Sinkhorn} with epsilon scaling; this
 * iteration is meant to continue from its potentials when it stopped short.
 *
 * <p>The plan is P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps), with row sums
 * a_i exp((f_i - T_b(g)_i)/eps) and column sums b_j exp((g_j - T_a(f)_j)/eps); the iteration stops
 * when the larger of their L1 errors is at most the tolerance. The value is the dual objective
 * D(f, g) = &lt;a, f&gt; + &lt;b, g&gt; - eps (sum_ij P_ij - sum a sum b), equal to OT_eps at the fixed
 * point and stationary there. Both transforms run over the thread pool in fixed row blocks, so
 * results do not depend on the thread count.
 */
public final class AveragedSinkhorn {

    /**
     * The solve.
     *
     * @param f             the row potential
     * @param g             the column potential
     * @param objective     the dual objective D(f, g)
     * @param iterations    averaged updates made
     * @param marginalError the larger of the row and column L1 marginal errors of the plan of (f, g)
     * @param converged     whether that error met the tolerance
     */
    public record Result(Cost cost, double[] a, double[] b, double[] f, double[] g, double epsilon, double objective,
                         int iterations, double marginalError, boolean converged) {

        /** Row i of the plan P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps) into {@code out} (m entries). */
        public void planRow(int i, double[] out) {
            GibbsPlan.row(cost, a, b, f, g, epsilon, i, out);
        }
    }

    private AveragedSinkhorn() {
    }

    /**
     * Solves OT_eps(a, b) on the n x m cost (a and b of equal sums) from the potentials (f0, g0)
     * to an L1 marginal error of {@code tolAbs} (absolute, in units of mass), in at most
     * {@code maxIterations} averaged updates.
     */
    public static Result solve(double[] a, double[] b, Cost cost, double eps, double tolAbs, int maxIterations,
                               double[] f0, double[] g0) {
        double[] mass = Checks.problem(a, b, cost.rows(), cost.cols());
        Checks.epsilon(eps);
        if (f0.length != a.length || g0.length != b.length) {
            throw new IllegalArgumentException("f0, g0: expected starting potentials of lengths " + a.length + " and "
                    + b.length + " (the cost's shape), got " + f0.length + " and " + g0.length);
        }
        double[] logA = GibbsPlan.logs(a);
        double[] logB = GibbsPlan.logs(b);
        Cost costT = cost.transpose();
        double[] f = f0.clone();
        double[] g = g0.clone();
        double[] tf = new double[a.length];
        double[] tg = new double[b.length];
        double error;
        int it = 0;
        while (true) {
            SoftminPass.transform(cost, logB, g, eps, tf);
            SoftminPass.transform(costT, logA, f, eps, tg);
            error = Math.max(SoftminPass.marginalError(a, f, tf, eps), SoftminPass.marginalError(b, g, tg, eps));
            if (error <= tolAbs || it == maxIterations) {
                break;
            }
            SoftminPass.average(f, tf);
            SoftminPass.average(g, tg);
            it++;
        }
        double planMass = SoftminPass.planMass(a, f, tf, eps);
        double objective = SoftminPass.dot(a, f) + SoftminPass.dot(b, g) - eps * (planMass - mass[0] * mass[1]);
        return new Result(cost, a, b, f, g, eps, objective, it, error, error <= tolAbs);
    }
}
