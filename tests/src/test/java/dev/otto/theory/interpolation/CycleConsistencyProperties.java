package dev.otto.theory.interpolation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.interpolation.ExactInterpolationFlow;
import dev.otto.flows.interpolation.GaussianMixtureVelocity;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Integration;
import dev.otto.theory.StatementCases;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 5, cycle consistency (with section 3's inversion error; seed paper 3, the flow
 * map is a diffeomorphism with inverse the backward flow): integrating 0 -&gt; 1 then 1 -&gt; 0 on the
 * same grid returns the start up to the integrator's error, which is O(h^p): doubling the steps
 * divides the round-trip error by about 2^p.
 */
class CycleConsistencyProperties {

    /**
     * Mixtures of up to 3 components (covariance eigenvalues 10^[-1, 1], so the field's slope is at
     * most ~20 up to t = 1), every built-in schedule; Euler (256/512 steps), midpoint (128/256) and
     * RK4 (64/128) through {@link ExactInterpolationFlow#fromNoise} and {@code toNoise}. Checked:
     * the fine round trip is within min(1, 1e4 h^p) (1 + |z|) of z (1.5e-1 midpoint, 4e-5 RK4), and
     * where the coarse error is above round-off (1e-11) the ratio is at least 0.6 2^p (the
     * asymptotic ratio is 2^p; 0.6 absorbs the next-order term at these step sizes). A backward
     * pass that is not the same grid reversed (for example one step short) or a stepper of lower
     * order breaks it.
     */
    @Property(tries = 30)
    @Tag("interpolation.cycle")
    void roundTripReturnsTheStartAtTheStepperOrder(@ForAll @IntRange(min = 1, max = 3) int d,
                                                   @ForAll @IntRange(min = 1, max = 3) int k,
                                                   @ForAll @IntRange(min = 0, max = 3) int schedule,
                                                   @ForAll @IntRange(min = 0, max = 2) int stepper, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        InterpGen.Target g = InterpGen.mixture(d, k, -2, 0.5, -1, 1, 3, false, rng);
        Schedule s = InterpGen.schedule(schedule);
        GaussianMixtureVelocity v = g.velocity(s);
        ButcherTableau[] tableaux = {ButcherTableau.EULER, ButcherTableau.MIDPOINT, ButcherTableau.RK4};
        int[] coarse = {256, 128, 64};
        ButcherTableau tab = tableaux[stepper];
        Tensor z = Tensor.randn(6, d, rng).scale(1 + 2 * rng.nextDouble());
        double e1 = roundTrip(new ExactInterpolationFlow(v, Integration.fixed(tab, coarse[stepper])), z);
        double e2 = roundTrip(new ExactInterpolationFlow(v, Integration.fixed(tab, 2 * coarse[stepper])), z);
        double scale = 1 + InterpGen.maxAbs(z);
        double h = 1.0 / (2 * coarse[stepper]);
        assertTrue(e2 <= Math.min(1, 1e4 * Math.pow(h, tab.order())) * scale, tab.name() + ": round-trip error " + e2);
        if (e1 > 1e-11 * scale) {
            assertTrue(e1 / e2 >= 0.6 * Math.pow(2, tab.order()), tab.name() + " with " + s.name() + ": ratio " + e1 / e2
                    + " (errors " + e1 + ", " + e2 + ")");
        }
    }

    private static double roundTrip(ExactInterpolationFlow f, Tensor z) {
        return InterpGen.error(f.toNoise(f.fromNoise(z)), z);
    }

    /**
     * Integrating 0 -&gt; 1 -&gt; 0 returns the start up to the integrator's error. Cases of the
     * catalogue's one definition ({@code InterpolationChecks.cycle}): its generator, predicate,
     * bound and tolerance, the same as {@code otto verify --only interpolation.cycle}.
     */
    @Property(tries = 30)
    @Tag("interpolation.cycle")
    void roundTripOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("interpolation.cycle", index, seed);
    }
}
