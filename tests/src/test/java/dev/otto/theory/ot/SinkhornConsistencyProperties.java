package dev.otto.theory.ot;

import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.internal.Parallel;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornResult;
import dev.otto.theory.StatementCases;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * MATH.md section 1, "Entropic OT": the scaling form and the log-domain form compute the same
 * iterates (u = a e^{f/eps}, v = b e^{g/eps}), so where both are stable (eps &gt;= 0.05 x mean cost)
 * they agree; the explicit-matrix and on-the-fly costs give the same Sinkhorn solution; and the
 * result does not depend on the number of threads (bitwise).
 *
 * <p>Tolerance of the cost forms: both runs stop at marginal error 1e-10; the OT_eps objective is
 * stationary in the potentials, so its difference is second order; transport costs differ by at
 * most (error) x max|C| + round-off, hence 1e-7 relative to max|C| x mass. The scaling against
 * log-domain statement, with its tighter bound, is defined once, in
 * {@code OptimalTransportChecks.logDomainEqualsScaling}.
 */
class SinkhornConsistencyProperties {

    @Provide
    Arbitrary<OtProblem> problems() {
        return OtProblems.problems(20, false);
    }

    @Property(tries = 40)
    @Tag("ot.cost-forms")
    void matrixAndOnTheFlyCostsAgree(@ForAll("problems") OtProblem p, @ForAll @DoubleRange(min = 0.01, max = 1) double rel) {
        CostMatrix c = p.cost();
        PointCloudCost lazy = PointCloudCost.squaredEuclidean(p.x, p.y);
        SinkhornResult r1 = Sinkhorn.logDomain().withRelativeEpsilon(rel).withTolerance(1e-10).withMaxIterations(3000).solve(p.a, p.b, c);
        SinkhornResult r2 = Sinkhorn.logDomain().withRelativeEpsilon(rel).withTolerance(1e-10).withMaxIterations(3000).solve(p.a, p.b, lazy);
        double tol = tolerance(c, p, r1, r2);
        assertEquals(r1.transportCost(), r2.transportCost(), tol);
        assertEquals(r1.objective(), r2.objective(), tol);
    }

    /**
     * 1e-7 relative when both runs met the tolerance; when a slow instance stops at the iteration
     * limit, each plan is still within its own marginal error of the common limit, so the allowance
     * grows by 10 x (err1 + err2) x max|C|.
     */
    static double tolerance(CostMatrix c, OtProblem p, SinkhornResult r1, SinkhornResult r2) {
        double mc = Math.max(c.maxAbs(), Double.MIN_NORMAL);
        return 1e-7 * mc * OtProblem.sum(p.a) + 10 * (r1.rowMarginalError() + r2.rowMarginalError()) * mc;
    }

    @Property(tries = 4)
    @Tag("contracts.determinism")
    void resultsDoNotDependOnTheThreadCount(@ForAll("problems") OtProblem p) {
        OtProblem big = OtProblem.build(300, 257, 2, p.scale, 1, p.a.length * 31L + p.b.length);
        PointCloudCost lazy = PointCloudCost.squaredEuclidean(big.x, big.y);
        CostMatrix c = CostMatrix.of(lazy);
        SinkhornResult par;
        SinkhornResult seq;
        SinkhornResult parLazy;
        SinkhornResult seqLazy;
        SinkhornResult parScaling;
        SinkhornResult seqScaling;
        Sinkhorn scaling = Sinkhorn.scaling().withStoppingRule(p.a.length % 2 == 0
                ? Sinkhorn.StoppingRule.L1_EVERY_ITERATION : Sinkhorn.StoppingRule.L2_EVERY_10);
        try {
            Parallel.setEnabled(true);
            par = Sinkhorn.logDomain().solve(big.a, big.b, c);
            parLazy = Sinkhorn.logDomain().withKernelMemory(0).withMaxIterations(30).solve(big.a, big.b, lazy);
            parScaling = scaling.solve(big.a, big.b, c);
            Parallel.setEnabled(false);
            seq = Sinkhorn.logDomain().solve(big.a, big.b, c);
            seqLazy = Sinkhorn.logDomain().withKernelMemory(0).withMaxIterations(30).solve(big.a, big.b, lazy);
            seqScaling = scaling.solve(big.a, big.b, c);
        } finally {
            Parallel.setEnabled(true);
        }
        assertArrayEquals(parScaling.f(), seqScaling.f());
        assertArrayEquals(parScaling.g(), seqScaling.g());
        assertEquals(parScaling.transportCost(), seqScaling.transportCost(), 0.0);
        assertArrayEquals(par.f(), seq.f());
        assertArrayEquals(par.g(), seq.g());
        assertEquals(par.transportCost(), seq.transportCost(), 0.0);
        assertArrayEquals(parLazy.f(), seqLazy.f());
        assertEquals(parLazy.objective(), seqLazy.objective(), 0.0);
    }

    /**
     * The two Sinkhorn forms agree to within their distance from the common fixed point. Cases of
     * the catalogue's one definition ({@code OptimalTransportChecks.logDomainEqualsScaling}): its
     * generator, predicate, bound and tolerance, the same as {@code otto verify --only
     * ot.log-domain-equals-scaling}.
     */
    @Property(tries = 130)
    @Tag("ot.log-domain-equals-scaling")
    void logDomainAndScalingMeetAtOneFixedPoint(@ForAll @IntRange(min = 0, max = 999) int index,
                                                @ForAll long seed) {
        StatementCases.assertHolds("ot.log-domain-equals-scaling", index, seed);
    }
}
