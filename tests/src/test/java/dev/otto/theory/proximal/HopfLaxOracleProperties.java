package dev.otto.theory.proximal;

import dev.otto.theory.StatementCases;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 6 (seed paper 2, the optimality system eq. (3.3) and Theorem 4.1): for
 * phi(x, T) = c|x|^2/2 the Hopf-Lax formula gives phi(x, t) = c|x|^2 / (2(1 + c(T - t))), which
 * solves d phi/dt - |grad phi|^2/2 = 0, so the package's Hamilton-Jacobi residual (autodiff d phi/dt
 * and grad phi) is zero to rounding; and its characteristics are straight lines at constant speed,
 * so the forward-Euler paths driven by v = -grad phi are exact: x_k = x_0 (1 + c(T - t_k))/(1 + cT),
 * straightness 1, kinetic energy c^2 |x_0|^2 T / (2(1 + cT)^2).
 *
 * <p>One definition with {@code otto verify}: the properties draw cases of the catalogue's check;
 * docs/MATH.md gives the generated cases, the tolerance and why.
 */
class HopfLaxOracleProperties {

    /**
     * The Hopf-Lax solution has zero HJ residual to rounding. Cases of the catalogue's one
     * definition ({@code ProximalChecks.hopfLax}): its generator, predicate, bound and tolerance,
     * the same as {@code otto verify --only proximal.hopf-lax}.
     */
    @Property(tries = 100)
    @Tag("proximal.hopf-lax")
    void hopfLaxResidualOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("proximal.hopf-lax", index, seed);
    }

    /**
     * The Euler paths under the Hopf-Lax potential are exact and straight. Cases of the catalogue's
     * one definition ({@code ProximalChecks.straightPaths}): its generator, predicate, bound and
     * tolerance, the same as {@code otto verify --only proximal.straight-paths}.
     */
    @Property(tries = 100)
    @Tag("proximal.straight-paths")
    void straightEulerPathsOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                            @ForAll long seed) {
        StatementCases.assertHolds("proximal.straight-paths", index, seed);
    }
}
