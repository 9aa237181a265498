package dev.otto.theory.ot;

import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.exact.NetworkSimplex;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornResult;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MATH.md section 1, "Entropic OT": at convergence the L1 marginal error is below the tolerance,
 * and 0 &lt;= &lt;C,P_eps&gt; - OT(a,b,C) &lt;= eps (H(a) + H(b)).
 *
 * <p>Effect of the stopping tolerance: P_eps has exact column marginal b and row marginal within
 * delta = |P 1 - a|_1 &lt;= tol x mass of a. Moving that much mass changes any transport cost by at
 * most delta x max|C|, so both inequalities are checked with slack delta x max|C| (plus 1e-12
 * relative round-off). eps ranges over 1e-3 .. 1 times the mean cost (epsilon scaling is exercised
 * at the small end), weights include zeros, n != m, masses 1 and 1e3.
 */
class SinkhornEntropicBoundProperties {

    @Provide
    Arbitrary<OtProblem> problems() {
        return OtProblems.problems(12, false);
    }

    @Property(tries = 120)
    void marginalErrorBelowToleranceAndEntropicBound(@ForAll("problems") OtProblem p,
                                                      @ForAll @DoubleRange(min = -3, max = 0) double logRel) {
        CostMatrix c = p.cost();
        double tol = 1e-9;
        Sinkhorn s = Sinkhorn.logDomain().withRelativeEpsilon(Math.pow(10, logRel)).withTolerance(tol).withMaxIterations(20_000);
        SinkhornResult r = s.solve(p.a, p.b, c);
        double mass = OtProblem.sum(p.a);
        if (r.converged()) {
            assertTrue(r.rowMarginalError() <= tol * mass * (1 + 1e-6), "row error " + r.rowMarginalError());
            assertTrue(r.columnMarginalError() <= tol * mass * (1 + 1e-6), "column error " + r.columnMarginalError());
        }
        // slow instances stop at the iteration limit with finite values; the slack below uses the actual error
        assertTrue(Double.isFinite(r.transportCost()) && Double.isFinite(r.objective()), "finite results");
        double ot = new NetworkSimplex().solve(p.a, p.b, c).cost();
        double slack = (r.rowMarginalError() + r.columnMarginalError()) * c.maxAbs() + 1e-12 * Math.max(c.maxAbs() * mass, Double.MIN_NORMAL);
        double gap = r.transportCost() - ot;
        double[] an = OtProblem.normalised(p.a);
        double[] bn = OtProblem.normalised(p.b);
        // for total mass M, P/M solves the normalised problem with the same eps, so the bound is
        // M eps (H(a/M) + H(b/M)): MATH.md's eps (H(a) + H(b)) for probability weights (M = 1)
        double bound = mass * r.epsilon() * (OtProblem.entropy(an) + OtProblem.entropy(bn));
        assertTrue(gap >= -slack, "<C,P> - OT = " + gap + " < 0");
        assertTrue(gap <= bound + slack, "<C,P> - OT = " + gap + " > eps (H(a) + H(b)) = " + bound);
    }
}
