package dev.otto.theory.ode;

import dev.otto.theory.StatementCases;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 3, Lipschitz constant of one step map when v(., t) is L-Lipschitz, z = L |dt|:
 * Euler x -> x + dt v(x) is (1 + z)-Lipschitz, classical RK4 is (1 + z + z^2/2 + z^3/6 + z^4/24)-
 * Lipschitz, both &lt;= e^z; hence n steps over [s, t], forward or backward, are e^{L|t - s|}-
 * Lipschitz, like the exact flow map and its inverse (seed paper 1, Lemma C.2).
 *
 * <p>Fields x -> c tanh(x W + b + t u), L = c |W|_2 from EJML's singular values (see
 * {@link LipschitzFieldCase}); c from 1e-3 to 1e3, z from 1e-4 to 2, points at scales 1e-3
 * (linear regime, where the bound is attained along the top direction) to 1e3 (saturated), pairs
 * separated by 1e-3 to 1 of their scale, one pair along the top direction. Tolerance: the
 * inequality is exact in real arithmetic; the slack 1e-12 (|x| + |y| + |Phi x| + |Phi y|) covers
 * rounding of the two images (each within a few ulps times the number of stage updates) and is at
 * least a million times smaller than the smallest separation, so it cannot mask a violation of
 * relative size above 1e-6. Fields, pairs, bounds and slack are defined once, in
 * {@code IntegratorChecks.stepLipschitz}, which takes one step every third case.
 */
class StepLipschitzProperties {

    /**
     * One step is Lipschitz with the Taylor polynomial of z, the discrete flow with e^{L|T|}. Cases
     * of the catalogue's one definition ({@code IntegratorChecks.stepLipschitz}): its generator,
     * predicate, bound and tolerance, the same as {@code otto verify --only ode.step-lipschitz}.
     */
    @Property(tries = 150)
    @Tag("ode.step-lipschitz")
    void stepLipschitzBoundOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                            @ForAll long seed) {
        StatementCases.assertHolds("ode.step-lipschitz", index, seed);
    }
}
