package dev.otto.theory.ot;

import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornResult;
import dev.otto.ot.sinkhorn.UnbalancedResult;
import dev.otto.ot.sinkhorn.UnbalancedSinkhorn;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unbalanced entropic OT ({@link UnbalancedSinkhorn}; Chizat et al. 2018, Prop. 3.1; Sejourne et al.
 * 2019, eq. (9)), UOT(tau) = min_P F(P) + tau G(P) with F = &lt;C,P&gt; + eps KL(P | a b^T) and
 * G = KL(P 1 | a) + KL(P^T 1 | b):
 * <ul>
 *   <li>one point each: the first-order condition c + eps log(p/(ab)) + tau log(p/a) + tau log(p/b) = 0
 *       gives p = exp((-c + (eps + tau) log(ab)) / (eps + 2 tau)) in closed form (a wrong damping
 *       factor in the update misses it);</li>
 *   <li>optimality: P 1 = a e^{-f/tau}, P^T 1 = b e^{-g/tau}, and the primal objective equals the
 *       dual one (strong duality);</li>
 *   <li>monotone in tau: for tau1 &lt; tau2 optimality of each plan at its own tau gives
 *       (tau2 - tau1)(G(P2) - G(P1)) &lt;= 0, so the marginal divergence G grows as tau shrinks, and
 *       UOT(tau) (a minimum of functions nondecreasing in tau) is nondecreasing; the balanced plan is
 *       feasible with G = 0, so UOT(tau) &lt;= OT_eps;</li>
 *   <li>tau -&gt; infinity recovers the balanced solver: at tau = 1e6 max|C| the marginals move by
 *       |f|/tau ~ 1e-6 relative, and the objectives and plans agree to 1e-4.</li>
 * </ul>
 * Tolerances: the solver stops when the potentials move by at most 1e-12 eps per iteration; the
 * iteration contracts, so the distance to the fixed point is that change over (1 - rate), which we
 * bound by allowing 1e-7 relative on objectives (the rate is tau/(tau+eps) at worst, so the chosen
 * tau/eps &lt;= 1e4 keeps the error below 1e-8 eps). Weights are probability vectors of up to 8 points
 * on a coordinate scale of 1 with eps 0.05 .. 1 x the mean cost.
 *
 * <p>Convergence. The damped half-steps alone move the direction (f + c, g - c) by only
 * 1 - (tau/(tau + eps))^2 ~ 2 eps/tau per sweep, so with tau = 1e6 max|C| every solve of
 * largePenaltyRecoversTheBalancedSolver ended unconverged at 500,000 sweeps (1000 of 1000 random
 * cases) and some failed the 1e-4 comparisons; that is why these properties once ran a pinned seed.
 * The solver's translation step (Sejourne et al. 2022) now solves that direction exactly each
 * sweep: the same cases converge in tens of sweeps, and the solve is asserted converged.
 *
 * <p>Near-permutation plans. A 2 x 2 case (uniform weights, relEps 0.14, eps = 0.211, tau = 1.65e7 eps)
 * stayed unconverged after 500,000 sweeps, its potential change falling by 1 - 6.4e-6 per sweep.
 * That was neither rounding nor tau: the plan is nearly diagonal (off-diagonal entries 7.5e-7 and
 * 8.2e-7), and Sinkhorn's own second eigenvalue there is about 1 - 4(P_12 + P_21) = 1 - 6.3e-6 (for
 * weights 1/2): the relative offset of the two blocks moves only through the off-diagonal mass.
 * The balanced solver has the same mode (its reference solve of that case ends unconverged at
 * 200,000 iterations, its plan and objective still within the comparisons' 1e-4) and so had the
 * unbalanced one at tau = +infinity; at tau &lt;= 1e4 eps the damping tau/(tau + eps) adds 2 eps/tau
 * of contraction per sweep and hid it (the case then took 82,000 sweeps). The solver now
 * extrapolates that mode to its limit (GeometricExtrapolation, Aitken's process over blocks of
 * sweeps): the case converges in 430 sweeps at tau = 1.65e7 eps and in 30 at 1e4 eps, so
 * largePenaltyRecoversTheBalancedSolver draws random seeds and asserts its large-tau solve
 * converged. Its tau = +infinity solve is compared by objective only, as the balanced reference
 * is: a 4 x 4 case on a line with uniform weights (relEps 0.11) has several slow modes at once,
 * which extrapolating one at a time does not clear in 200,000 sweeps (measured, jqwik seed
 * -3169980817838044005), while its objective agrees.
 */
@Tag("ot.unbalanced")
class UnbalancedSinkhornProperties {

    private static final double TOL = 1e-12;

    @Provide
    Arbitrary<OtProblem> problems() {
        return Combinators.combine(Arbitraries.integers().between(1, 8), Arbitraries.integers().between(1, 8),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(0, 2), Arbitraries.longs())
                .as((n, m, d, wm, seed) -> OtProblem.build(n, m, d, 1, wm, seed).probability());
    }

    private static UnbalancedResult solve(OtProblem p, double tau, double relEps) {
        return UnbalancedSinkhorn.withPenalty(tau).withRelativeEpsilon(relEps).withTolerance(TOL)
                .withMaxIterations(200_000).solve(p.a, p.b, p.cost());
    }

    @Property(tries = 100)
    void onePointHasTheClosedForm(@ForAll @DoubleRange(min = 0, max = 4) double c,
                                  @ForAll @DoubleRange(min = 0.1, max = 3) double a,
                                  @ForAll @DoubleRange(min = 0.1, max = 3) double b,
                                  @ForAll @DoubleRange(min = 0.05, max = 2) double eps,
                                  @ForAll @DoubleRange(min = 0.05, max = 20) double tau, @ForAll boolean kernel) {
        UnbalancedResult r = UnbalancedSinkhorn.withPenalty(tau).withEpsilon(eps).withTolerance(TOL)
                .withMethod(kernel ? Sinkhorn.Method.SCALING : Sinkhorn.Method.LOG_DOMAIN)
                .withMaxIterations(100_000).solve(new double[] {a}, new double[] {b}, new double[][] {{c}});
        double expected = Math.exp((-c + (eps + tau) * Math.log(a * b)) / (eps + 2 * tau));
        assertTrue(r.converged(), r.toString());
        assertEquals(expected, r.planEntry(0, 0), 1e-9 * expected, "closed-form mass of a single pair");
    }

    @Property(tries = 60)
    void marginalsAreDampedByThePotentialsAndDualityIsTight(@ForAll("problems") OtProblem p,
                                                           @ForAll @DoubleRange(min = 0.05, max = 1) double relEps,
                                                           @ForAll @DoubleRange(min = 0.01, max = 10) double tau) {
        UnbalancedResult r = solve(p, tau, relEps);
        assertTrue(r.converged(), r.toString());
        double[] f = r.f();
        double[] g = r.g();
        double[] rows = r.rowMarginal();
        double[] cols = r.columnMarginal();
        for (int i = 0; i < p.n(); i++) {
            double target = p.a[i] * Math.exp(-f[i] / tau);
            assertEquals(target, rows[i], 1e-8 * Math.max(target, 1e-300) + 1e-14, "P 1 = a e^{-f/tau} at " + i);
        }
        for (int j = 0; j < p.m(); j++) {
            double target = p.b[j] * Math.exp(-g[j] / tau);
            assertEquals(target, cols[j], 1e-8 * Math.max(target, 1e-300) + 1e-14, "P^T 1 = b e^{-g/tau} at " + j);
        }
        double scale = Math.abs(r.objective()) + r.epsilon() + 1e-300;
        assertEquals(r.objective(), r.dualObjective(), 1e-7 * scale, "primal = dual at the optimum");
    }

    @Property(tries = 40)
    void penaltyTradesMarginalDivergenceForObjective(@ForAll("problems") OtProblem p,
                                                     @ForAll @DoubleRange(min = 0.05, max = 1) double relEps) {
        SinkhornResult balanced = Sinkhorn.logDomain().withRelativeEpsilon(relEps).withTolerance(1e-13)
                .withMaxIterations(200_000).solve(p.a, p.b, p.cost());
        double previousObjective = Double.NEGATIVE_INFINITY;
        double previousDivergence = Double.POSITIVE_INFINITY;
        double slack = 1e-7 * (Math.abs(balanced.objective()) + balanced.epsilon());
        // tau from 0.01 eps to 1e4 eps, seven decades; beyond 1e4 eps plain Sinkhorn's own slow
        // contraction at relEps near 0.05 (no over-relaxation here) can exhaust the budget
        double eps = balanced.epsilon();
        for (int decade = -2; decade <= 4; decade++) {
            double tau = Math.pow(10, decade) * eps;
            UnbalancedResult r = solve(p, tau, relEps);
            assertTrue(r.converged(), r.toString());
            assertTrue(r.objective() >= previousObjective - slack,
                    "UOT not nondecreasing in tau at " + tau + ": " + r.objective() + " < " + previousObjective);
            assertTrue(r.marginalDivergence() <= previousDivergence + 1e-7 * Math.max(previousDivergence, 1e-6),
                    "marginal divergence grew with tau at " + tau + ": " + r.marginalDivergence() + " > " + previousDivergence);
            assertTrue(r.objective() <= balanced.objective() + slack,
                    "UOT above the balanced OT_eps at tau = " + tau + ": " + r.objective() + " > " + balanced.objective());
            previousObjective = r.objective();
            previousDivergence = r.marginalDivergence();
        }
    }

    @Property(tries = 40)
    void largePenaltyRecoversTheBalancedSolver(@ForAll("problems") OtProblem p,
                                               @ForAll @DoubleRange(min = 0.1, max = 1) double relEps) {
        SinkhornResult balanced = Sinkhorn.logDomain().withRelativeEpsilon(relEps).withTolerance(1e-13)
                .withMaxIterations(200_000).solve(p.a, p.b, p.cost());
        double tau = 1e6 * Math.max(p.maxCost(), 1e-3);
        UnbalancedResult r = UnbalancedSinkhorn.withPenalty(tau).withRelativeEpsilon(relEps).withTolerance(1e-13)
                .withMaxIterations(500_000).solve(p.a, p.b, p.cost());
        assertTrue(r.converged(), r.toString());
        double scale = Math.abs(balanced.objective()) + balanced.epsilon();
        assertEquals(balanced.objective(), r.objective(), 1e-4 * scale, "objective, tau = " + tau);
        double[][] pb = balanced.plan();
        double[][] pu = r.plan();
        double l1 = 0;
        for (int i = 0; i < p.n(); i++) {
            for (int j = 0; j < p.m(); j++) {
                l1 += Math.abs(pb[i][j] - pu[i][j]);
            }
        }
        assertTrue(l1 <= 1e-4, "plans differ by " + l1 + " in L1 at tau = " + tau);
        UnbalancedResult infinite = UnbalancedSinkhorn.withPenalty(Double.POSITIVE_INFINITY)
                .withRelativeEpsilon(relEps).withTolerance(1e-13).withMaxIterations(200_000).solve(p.a, p.b, p.cost());
        assertEquals(balanced.objective(), infinite.objective(), 1e-8 * scale, "tau = infinity is the balanced problem");
    }

    /**
     * The near-permutation case of the class note: uniform weights on two points each, relEps 0.14,
     * tau = 1e6 max|C| (1.65e7 eps); the plan's off-diagonal entries are below 1e-6, so plain
     * sweeps contract the block offset by 1 - 6.4e-6 and were unconverged after 500,000 of them.
     * With the extrapolation it converges at tolerance 1e-13 within 20,000 sweeps, at this tau and
     * at tau = +infinity (measured 430 and 6,390; plain sweeps would need about 3 million).
     */
    @Example
    void aNearPermutationPlanConverges() {
        OtProblem p = new OtProblem(
                new double[][] {{-0.47312431769282204, -1.6244103811765829, -0.719872357323091},
                        {-0.41670731922571086, 0.011437015345378687, -0.5735131507157444}},
                new double[][] {{-0.2368357632659629, -1.5118943220906527, -0.6183547845345019},
                        {-0.6792884527101155, 0.22103926668842544, -0.5110274516300406}},
                new double[] {0.5, 0.5}, new double[] {0.5, 0.5}, 1);
        for (double tau : new double[] {1e6 * p.maxCost(), Double.POSITIVE_INFINITY}) {
            UnbalancedResult r = UnbalancedSinkhorn.withPenalty(tau).withRelativeEpsilon(0.14).withTolerance(1e-13)
                    .withMaxIterations(20_000).solve(p.a, p.b, p.cost());
            assertTrue(r.converged(), "tau = " + tau + ": " + r);
            assertTrue(r.planEntry(0, 1) < 1e-6 && r.planEntry(1, 0) < 1e-6, "a near-permutation plan: " + r);
        }
    }

    /**
     * The kernel (scaling) form runs the same damped updates with products instead of log-sum-exps,
     * so it reaches the same fixed point: objectives agree to the solver tolerance (1e-9 relative);
     * at eps = 1e-4 x the mean cost the kernel underflows and the solve continues in the log domain,
     * with the same result.
     */
    @Property(tries = 40)
    void kernelFormReachesTheLogDomainSolution(@ForAll("problems") OtProblem p,
                                               @ForAll @DoubleRange(min = 0.05, max = 1) double relEps,
                                               @ForAll @DoubleRange(min = 0.01, max = 10) double tau,
                                               @ForAll boolean tinyEps) {
        double rel = tinyEps ? 1e-4 : relEps;
        UnbalancedSinkhorn solver = UnbalancedSinkhorn.withPenalty(tau).withRelativeEpsilon(rel).withTolerance(TOL)
                .withMaxIterations(tinyEps ? 20_000 : 200_000);
        UnbalancedResult log = solver.solve(p.a, p.b, p.cost());
        UnbalancedResult kernel = solver.withMethod(Sinkhorn.Method.SCALING).solve(p.a, p.b, p.cost());
        assertEquals(log.converged(), kernel.converged(), "convergence differs: " + log + " vs " + kernel);
        double scale = Math.abs(log.objective()) + log.epsilon();
        assertEquals(log.objective(), kernel.objective(), 1e-9 * scale, "objective, kernel against log domain");
        assertEquals(log.mass(), kernel.mass(), 1e-9 * Math.max(log.mass(), 1e-12), "mass, kernel against log domain");
    }
}
