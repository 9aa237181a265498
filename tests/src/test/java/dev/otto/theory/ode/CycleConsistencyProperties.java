package dev.otto.theory.ode;

import dev.otto.theory.StatementCases;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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
 * The time scale runs from 1e-3 to 1e3 (the problem is invariant under c -> s c, T -> T/s). The
 * case generator, both orders (twice p for eps_inv, the sharp order of the round trip) and the
 * margin are defined once, in {@code IntegratorChecks.inversion}.
 */
class CycleConsistencyProperties {

    /**
     * eps_inv = E|S(T(x)) - x|^2 has twice the order of the round trip, which has its sharp order. Cases of the catalogue's
     * one definition ({@code IntegratorChecks.inversion}): its generator, predicate, bound and
     * tolerance, the same as {@code otto verify --only ode.inversion}.
     */
    @Property(tries = 90)
    @Tag("ode.inversion")
    void inversionErrorOrderOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                             @ForAll long seed) {
        StatementCases.assertHolds("ode.inversion", index, seed);
    }
}
