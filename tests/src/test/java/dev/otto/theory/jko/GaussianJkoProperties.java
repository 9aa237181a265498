package dev.otto.theory.jko;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.flows.jko.GaussianJko;
import dev.otto.flows.jko.GaussianJko.Gaussian;
import dev.otto.theory.StatementCases;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 4, the closed-form JKO step for Gaussians (seed paper 1, Theorem 4.3 and its
 * Gaussian example): it is the minimiser of KL(rho | q) + W2^2(rho, p_k) / (2h), it decays
 * W2^2(., q) at least by the factor 1/(1 + h), and q is its fixed point.
 */
class GaussianJkoProperties {

    @Provide
    Arbitrary<Double> stepSizes() {
        return Arbitraries.of(1e-3, 0.05, 0.25, 0.5, 1.0, 4.0, 100.0);
    }


    /**
     * Theorem 4.3 for exact steps: W2^2(p_{k+1}, q) &lt;= W2^2(p_k, q) / (1 + h). The case
     * generator, predicate, bound and tolerance are the catalog's ({@code JkoChecks.contraction}),
     * so this property and {@code otto verify --only jko.contraction} check one definition; jqwik
     * draws the case index (0 and 1 are the generator's edge regimes) and the seed.
     */
    @Property(tries = 200)
    @Tag("jko.contraction")
    void eachExactStepContractsTheSquaredDistanceToTheTarget(@ForAll @IntRange(min = 0, max = 999) int index,
                                                             @ForAll long seed) {
        StatementCases.assertHolds("jko.contraction", index, seed);
    }

    /** The target q = N(0, I) is a fixed point of every step (to rounding). */
    @Property(tries = 50)
    @Tag("jko.closed-form")
    void theTargetIsAFixedPoint(@ForAll @IntRange(min = 1, max = 5) int d, @ForAll("stepSizes") double h) {
        Gaussian next = GaussianJko.step(Gaussian.standard(d), h);
        assertTrue(GaussianJkoCases.w2SquaredToStandard(next) < 1e-24, () -> "step moved q by " + GaussianJkoCases.w2SquaredToStandard(next));
    }

    /**
     * The formula is the minimiser of the JKO objective KL(rho | q) + W2^2(rho, p_k) / (2h) over
     * Gaussians: no perturbation of the closed-form step lowers it. The case generator, predicate,
     * bound and tolerance are the catalog's ({@code JkoChecks.closedForm}), so this property and
     * {@code otto verify --only jko.closed-form} check one definition; jqwik draws the case index
     * (0 and 1 are the generator's edge regimes) and the seed.
     */
    @Property(tries = 200)
    @Tag("jko.closed-form")
    void theClosedFormStepMinimisesTheJkoObjective(@ForAll @IntRange(min = 0, max = 999) int index,
                                                   @ForAll long seed) {
        StatementCases.assertHolds("jko.closed-form", index, seed);
    }

    /**
     * N steps with the reference schedule obey W2^2(p_N, q) &lt;= W2^2(p_0, q) prod (1 + h_k)^-1.
     * The case generator, predicate, bound and tolerance are the catalog's ({@code
     * JkoChecks.productBound}), so this property and {@code otto verify --only jko.product-bound}
     * check one definition; jqwik draws the case index (0 and 1 are the generator's edge regimes)
     * and the seed.
     */
    @Property(tries = 50)
    @Tag("jko.product-bound")
    void theProductBoundHoldsAlongTheReferenceSchedule(@ForAll @IntRange(min = 0, max = 999) int index,
                                                       @ForAll long seed) {
        StatementCases.assertHolds("jko.product-bound", index, seed);
    }
}
