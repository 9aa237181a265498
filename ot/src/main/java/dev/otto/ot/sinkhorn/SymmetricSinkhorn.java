package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.internal.Checks;

/**
 * Entropic transport of a measure onto itself, OT_eps(a, a) with a symmetric cost C (C_ij = C_ji),
 * by the symmetrised Sinkhorn fixed point of Feydy et al. 2019 (Interpolating between optimal
 * transport and MMD using Sinkhorn divergences, AISTATS 2019: the debiasing potential of the
 * Sinkhorn divergence, MATH.md section 1, statement {@code ot.sinkhorn-divergence}; the update
 * GeomLoss runs for its self terms):
 * <pre>
 *   f &lt;- (f + T(f)) / 2,   T(f)_i = -eps LSE_j( log a_j + (f_j - C_ij)/eps ),
 * </pre>
 * whose fixed point is the symmetric optimum (f = g) of MATH.md section 1's log-domain updates. The
 * alternating iteration on this problem oscillates between f and g and can stall for thousands of
 * iterations at eps well below the cost scale; the average damps the oscillation.
 *
 * <p>The plan is P_ij = a_i a_j exp((f_i + f_j - C_ij)/eps), symmetric, with row sums
 * a_i exp((f_i - T(f)_i)/eps); the iteration stops when their L1 error is at most the tolerance.
 * The value is the dual objective at f, D(f) = 2 &lt;a, f&gt; - eps (sum_ij P_ij - (sum a)^2), equal
 * to OT_eps(a, a) at the fixed point and stationary there. The transform runs over the thread pool
 * in fixed row blocks, so results do not depend on the thread count.
 */
public final class SymmetricSinkhorn {

    /**
     * The solve.
     *
     * @param f             the potential (both roles)
     * @param objective     the dual objective D(f)
     * @param iterations    averaged updates made
     * @param marginalError the L1 row-marginal error of the plan of f
     * @param converged     whether that error met the tolerance
     */
    public record Result(Cost cost, double[] a, double[] f, double epsilon, double objective, int iterations,
                         double marginalError, boolean converged) {

        /** Row i of the plan P_ij = a_i a_j exp((f_i + f_j - C_ij)/eps) into {@code out} (n entries). */
        public void planRow(int i, double[] out) {
            GibbsPlan.row(cost, a, a, f, f, epsilon, i, out);
        }
    }

    private SymmetricSinkhorn() {
    }

    /**
     * Solves OT_eps(a, a) on the symmetric n x n cost from f = 0 to an L1 row-marginal error of
     * {@code tolAbs} (absolute, in units of mass), in at most {@code maxIterations} averaged updates.
     * The symmetry of the cost is the caller's promise (it is not checked entry by entry).
     */
    public static Result solve(double[] a, Cost cost, double eps, double tolAbs, int maxIterations) {
        double mass = Checks.problem(a, a, cost.rows(), cost.cols())[0];
        Checks.epsilon(eps);
        double[] logA = GibbsPlan.logs(a);
        double[] f = new double[a.length];
        double[] tf = new double[a.length];
        double error;
        int it = 0;
        while (true) {
            SoftminPass.transform(cost, logA, f, eps, tf);
            error = SoftminPass.marginalError(a, f, tf, eps);
            if (error <= tolAbs || it == maxIterations) {
                break;
            }
            SoftminPass.average(f, tf);
            it++;
        }
        double planMass = SoftminPass.planMass(a, f, tf, eps);
        double objective = 2 * SoftminPass.dot(a, f) - eps * (planMass - mass * mass);
        return new Result(cost, a, f, eps, objective, it, error, error <= tolAbs);
    }
}
