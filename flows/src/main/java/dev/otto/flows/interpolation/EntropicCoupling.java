package dev.otto.flows.interpolation;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.metrics.TensorTransport;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornResult;
import java.util.Arrays;
import java.util.Locale;

/**
 * The entropic plan argmin_P &lt;C, P&gt; + eps KL(P | a b^T) between two uniform batches, C_ij =
 * |z_i - x_j|^2 (MATH.md section 1, "Entropic OT"; see {@link Coupling#entropic(double)}), solved by
 * log-domain Sinkhorn (stable at any eps; epsilon scaling below 1% of the mean cost) to an L1
 * row-marginal error of {@value #MARGINAL_TOLERANCE}: the plan only sets the law of the drawn pairs,
 * which is then within that of a plan with exact marginals in total variation (the solver's 1e-9
 * default costs several times the iterations for no visible change in training). At small eps on near-permutation plans Sinkhorn's contraction
 * rate approaches 1 and the iteration limit may come first; the plan is then accepted if its L1
 * row-marginal error is at most {@value #ACCEPTED_MARGINAL_ERROR}, which moves its mean cost by at
 * most that times max C (and the law of the drawn pairs by at most that in total variation). eps is either absolute or relative to the mean cost
 * (1/m^2) sum_ij C_ij, so that one setting fits data of any scale.
 */
final class EntropicCoupling implements Coupling {

    /** The L1 row-marginal error |P 1 - a|_1 Sinkhorn is run to. */
    static final double MARGINAL_TOLERANCE = 1e-6;

    /** The largest L1 row-marginal error |P 1 - a|_1 of a plan that did not reach the solver's tolerance. */
    static final double ACCEPTED_MARGINAL_ERROR = 1e-3;

    private final Sinkhorn solver;
    private final String description;

    private EntropicCoupling(Sinkhorn solver, String description) {
        this.solver = solver;
        this.description = description;
    }

    static EntropicCoupling absolute(double epsilon) {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon: expected a finite value > 0, got " + epsilon);
        }
        return new EntropicCoupling(Sinkhorn.logDomain().withTolerance(MARGINAL_TOLERANCE).withEpsilon(epsilon),
                String.format(Locale.ROOT, "entropic(eps=%s)", Double.toString(epsilon)));
    }

    static EntropicCoupling relative(double relative) {
        if (!(relative > 0) || !Double.isFinite(relative)) {
            throw new IllegalArgumentException("relative epsilon: expected a finite value > 0, got " + relative);
        }
        return new EntropicCoupling(Sinkhorn.logDomain().withTolerance(MARGINAL_TOLERANCE).withRelativeEpsilon(relative),
                String.format(Locale.ROOT, "entropic(eps=%s x mean cost)", Double.toString(relative)));
    }

    @Override
    public CouplingPlan plan(Tensor z, Tensor x) {
        Coupling.checkBatches(z, x);
        int m = z.rows();
        double[] w = new double[m];
        Arrays.fill(w, 1.0 / m);
        SinkhornResult r = solver.solve(w, w, TensorTransport.cost(z, x, 2));
        if (!r.converged() && !(r.rowMarginalError() <= ACCEPTED_MARGINAL_ERROR)) {
            throw new IllegalStateException("entropic coupling: Sinkhorn did not converge in " + r.iterations()
                    + " iterations at eps = " + r.epsilon() + " (row marginal error " + r.rowMarginalError() + ", accepted up to " + ACCEPTED_MARGINAL_ERROR
                    + "); use a larger eps");
        }
        double[] p = new double[m * m];
        double[] row = new double[m];
        for (int i = 0; i < m; i++) {
            r.planRow(i, row);
            System.arraycopy(row, 0, p, i * m, m);
        }
        return CouplingPlan.of(m, p);
    }

    @Override
    public String describe() {
        return description;
    }
}
