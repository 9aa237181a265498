package dev.otto.theory.interpolation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.interpolation.GaussianMixtureVelocity;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Integration;
import dev.otto.ode.SaveAt;
import dev.otto.theory.StatementCases;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 5, single Gaussian target N(mu, S) (seed paper 3, the Gaussian example of the
 * velocity field): the flow map from t = 0 is affine, x(t) = b mu + (a^2 I + b^2 S)^1/2 z, so
 * integrating the closed-form velocity from z to t = 1 gives mu + S^1/2 z. An end-to-end oracle for
 * the closed form and for {@code dev.otto.ode}: the error of a fixed-step solver falls at its order
 * (MATH.md section 3).
 */
class GaussianEndpointProperties {

    /**
     * Fixed grids: Euler (order 1), midpoint (2) and classical RK4 (4): doubling the steps divides
     * the endpoint error by about 2^p. Checked: ratio >= 0.6 2^p, with spectra in [0.1, 10] so the
     * step sizes used (RK4 64 and 128 steps, midpoint 128/256, Euler 256/512) are in the asymptotic
     * regime (the slope of the field reaches 2 (1 - l)/l = 18 at t = 1 for vp(2), so L h <= 0.6),
     * and only when the coarse error exceeds 1e-11 (above round-off). A first-order bug in the
     * field or the stepper's weights (e.g. RK4 with Euler's weights) breaks the ratio; a wrong
     * field breaks the error itself (also checked: the fine error is below 1e-2 (1 + |target|)).
     */
    @Property(tries = 30)
    @Tag("interpolation.gaussian-endpoint")
    void fixedStepErrorFallsAtTheStepperOrder(@ForAll @IntRange(min = 1, max = 3) int d,
                                              @ForAll @IntRange(min = 0, max = 3) int schedule,
                                              @ForAll @IntRange(min = 0, max = 2) int stepper, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        InterpGen.Target g = InterpGen.mixture(d, 1, -1, 1, -1, 1, 0, false, rng);
        Schedule s = InterpGen.schedule(schedule);
        GaussianMixtureVelocity v = g.velocity(s);
        ButcherTableau[] tableaux = {ButcherTableau.EULER, ButcherTableau.MIDPOINT, ButcherTableau.RK4};
        int[] coarse = {256, 128, 64};
        ButcherTableau tab = tableaux[stepper];
        Tensor z = Tensor.randn(4, d, rng);
        Tensor expected = InterpGen.affine(g, z);
        double e1 = InterpGen.error(Integration.fixed(tab, coarse[stepper]).solve(v.field(), z, 0, 1, SaveAt.end()).state(), expected);
        double e2 = InterpGen.error(Integration.fixed(tab, 2 * coarse[stepper]).solve(v.field(), z, 0, 1, SaveAt.end()).state(), expected);
        double scale = 1 + InterpGen.maxAbs(expected);
        assertTrue(e2 <= 1e-2 * scale, tab.name() + ": fine error " + e2);
        if (e1 > 1e-11 * scale) {
            double ratio = e1 / e2;
            assertTrue(ratio >= 0.6 * Math.pow(2, tab.order()), tab.name() + " with " + s.name() + ": error ratio "
                    + ratio + " (errors " + e1 + ", " + e2 + ") below 0.6 * 2^" + tab.order());
        }
    }

    /**
     * The adaptive solve from noise lands on mu + S^1/2 z. Cases of the catalogue's one definition
     * ({@code InterpolationChecks.gaussianEndpoint}): its generator, predicate, bound and
     * tolerance, the same as {@code otto verify --only interpolation.gaussian-endpoint}.
     */
    @Property(tries = 40)
    @Tag("interpolation.gaussian-endpoint")
    void affineEndpointOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("interpolation.gaussian-endpoint", index, seed);
    }
}
