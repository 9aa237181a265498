package dev.otto.flows.loss;

import dev.otto.ot.cost.Cost;

/**
 * Entropic transport of a cloud onto itself, OT_eps(a, a) with a symmetric cost C (C_ij = C_ji), by the
 * symmetrised Sinkhorn fixed point of Feydy et al. 2019 (the debiasing potential; the
 * update GeomLoss runs for its self terms):
 * <pre>
 *   f &lt;- (f + T(f)) / 2,   T(f)_i = -eps LSE_j( log a_j + (f_j - C_ij)/eps ),
 * </pre>
 * whose fixed point is the symmetric optimum (f = g) of MATH.md section 1's log-domain updates. The
 * alternating iteration on this problem oscillates between f and g and can stall for thousands of
 * iterations at eps well below the cost scale; the average damps the oscillation.
 *
 * <p>The plan is P_ij = a_i a_j exp((f_i + f_j - C_ij)/eps), symmetric, with row sums
 * a_i exp((f_i - T(f)_i)/eps); the iteration stops when their L1 error sum_i |a_i (exp((f_i -
 * T(f)_i)/eps) - 1)| is at most the tolerance. The value is the dual objective at f,
 * D(f) = 2 &lt;a, f&gt; - eps (sum_ij P_ij - (sum a)^2), equal to OT_eps(a, a) = min &lt;C, P&gt; + eps KL(P |
 * a a^T) at the fixed point and stationary there.
 */
final class SymmetricSinkhorn {

    /**
     * The solve: potential f, the dual objective at f, the iterations, the L1 row-marginal error of
     * its plan and whether that met the tolerance.
     */
    record Result(Cost cost, double[] a, double[] f, double epsilon, double objective, int iterations,
                  double marginalError, boolean converged) {

        /** Row i of the plan P_ij = a_i a_j exp((f_i + f_j - C_ij)/eps) into {@code out}. */
        void planRow(int i, double[] out) {
            cost.row(i, out);
            for (int j = 0; j < out.length; j++) {
                out[j] = a[i] * a[j] * Math.exp((f[i] + f[j] - out[j]) / epsilon);
            }
        }
    }

    private SymmetricSinkhorn() {
    }

    /**
     * Solves OT_eps(a, a) on the symmetric n x n cost to an L1 row-marginal error of {@code tolAbs},
     * in at most {@code maxIterations} updates.
     */
    static Result solve(double[] a, Cost cost, double eps, double tolAbs, int maxIterations) {
        int n = a.length;
        double[] logA = AveragedSinkhorn.logs(a);
        double mass = 0;
        for (double w : a) {
            mass += w;
        }
        double[] f = new double[n];
        double[] tf = new double[n];
        double error;
        int it = 0;
        while (true) {
            AveragedSinkhorn.softminRows(f, logA, cost, eps, tf);
            error = AveragedSinkhorn.marginalError(a, f, tf, eps);
            if (error <= tolAbs || it == maxIterations) {
                break;
            }
            for (int i = 0; i < n; i++) {
                f[i] = 0.5 * (f[i] + tf[i]);
            }
            it++;
        }
        double planMass = 0;
        double af = 0;
        for (int i = 0; i < n; i++) {
            planMass += a[i] * Math.exp((f[i] - tf[i]) / eps);
            af += a[i] * f[i];
        }
        double objective = 2 * af - eps * (planMass - mass * mass);
        return new Result(cost, a, f, eps, objective, it, error, error <= tolAbs);
    }
}
