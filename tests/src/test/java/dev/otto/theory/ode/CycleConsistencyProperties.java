package dev.otto.theory.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.FixedGrid;
import dev.otto.theory.StatementCases;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 3, inversion error: integrating forward (T) then backward (S) on the same grid
 * returns the start up to eps_inv = E |S(T(x)) - x|^2 = O(dt^{2p}), i.e. |S(T(x)) - x| = O(dt^p)
 * (also section 5, "Cycle consistency").
 *
 * <p>Sharper, and checked too: for an even order p the cycle error is O(dt^{p+1}). The local error
 * of a step of size h is C h^{p+1} + O(h^{p+2}) and that of the step back, of size -h, is C
 * (-h)^{p+1} + O(h^{p+2}) at a point O(h) away, so the two cancel to O(h^{p+2}) when p + 1 is odd;
 * telescoping over n = T/h steps leaves O(h^{p+1}). So the measured orders are 1 (Euler), 3
 * (Midpoint, Heun), 5 (RK4). The generic field c tanh(x W + b + t u) with c |W|_2 |T| in [1, 2] and
 * arguments of tanh of order one keeps every error coefficient nonzero.
 *
 * <p>Measured order log2(e(n)/e(2n)); tolerance 0.3 as in {@link ConvergenceOrderProperties}, with
 * n = 64 (Euler), 16 (order 2 and RK4): L h &lt;= 0.125 while the errors stay above 1e-11, four
 * decades over rounding. (With n = 8 for RK4 a generated case measured 4.64: still pre-asymptotic.)
 * The time scale runs from 1e-3 to 1e3 (the problem is invariant under c -> s c, T -> T/s).
 */
class CycleConsistencyProperties {

    @Provide
    Arbitrary<ButcherTableau> fixedMethods() {
        return Arbitraries.of(OdeFixtures.FIXED);
    }

    @Provide
    Arbitrary<Double> timeScales() {
        return Arbitraries.oneOf(Arbitraries.of(1e-3, 1.0, 1e3),
                Arbitraries.doubles().between(-3, 3).map(e -> Math.pow(10, e)));
    }

    @Property(tries = 60)
    @Tag("ode.inversion")
    void forwardThenBackwardReturnsTheStartWithErrorOfOrderP(@ForAll("fixedMethods") ButcherTableau method,
                                                             @ForAll @IntRange(min = 1, max = 4) int d,
                                                             @ForAll("timeScales") double s,
                                                             @ForAll boolean startBackward,
                                                             @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double c = 0.5 + 1.5 * rng.nextDouble();
        LipschitzFieldCase f = LipschitzFieldCase.generate(d, LipschitzFieldCase.Kind.GENERAL, c * s, s, rng);
        double t0 = (rng.nextDouble() - 0.5) / s; // t u stays O(1): tanh unsaturated, errors generic
        double t1 = t0 + (startBackward ? -1 : 1) * (1 + rng.nextDouble()) / f.lipschitz();
        Tensor x0 = Tensor.randn(6, d, rng);
        int n = OdeFixtures.cycleSteps(method);
        double e1 = OdeFixtures.cycleError(f.field(), x0, new FixedGrid(t0, t1, n), method);
        double e2 = OdeFixtures.cycleError(f.field(), x0, new FixedGrid(t0, t1, 2 * n), method);
        double p = OdeFixtures.log2(e1 / e2);
        int sharp = OdeFixtures.sharpCycleOrder(method);
        assertTrue(p >= method.order() - 0.3, method.name() + ": cycle error order " + p + " below p = " + method.order());
        assertTrue(Math.abs(p - sharp) <= 0.3, method.name() + ": cycle error order " + p + ", expected " + sharp);
    }

    /**
     * eps_inv = E|S(T(x)) - x|^2 has twice the order of the round trip. Cases of the catalogue's
     * one definition ({@code IntegratorChecks.inversion}): its generator, predicate, bound and
     * tolerance, the same as {@code otto verify --only ode.inversion}.
     */
    @Property(tries = 50)
    @Tag("ode.inversion")
    void inversionErrorOrderOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                             @ForAll long seed) {
        StatementCases.assertHolds("ode.inversion", index, seed);
    }
}
