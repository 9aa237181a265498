package dev.otto.theory.interpolation;

import dev.otto.theory.StatementCases;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 5, cycle consistency (with section 3's inversion error; seed paper 3, the flow
 * map is a diffeomorphism with inverse the backward flow): integrating 0 -&gt; 1 then 1 -&gt; 0 on the
 * same grid returns the start up to the integrator's error, which is O(h^p): doubling the steps
 * divides the round-trip error by about 2^p. The steppers, step counts and the two tolerances (the
 * fine round trip within min(1, 1e4 h^p) (1 + |z|), the ratio at least 0.6 x 2^p above rounding)
 * are defined once, in {@code InterpolationChecks.cycle}.
 */
class CycleConsistencyProperties {

    /**
     * Integrating 0 -&gt; 1 -&gt; 0 returns the start up to the integrator's error. Cases of the
     * catalogue's one definition ({@code InterpolationChecks.cycle}): its generator, predicate,
     * bound and tolerance, the same as {@code otto verify --only interpolation.cycle}; the case
     * index cycles through Euler, midpoint and RK4 and through the schedules.
     */
    @Property(tries = 45)
    @Tag("interpolation.cycle")
    void roundTripOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("interpolation.cycle", index, seed);
    }
}
