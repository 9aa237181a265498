package dev.otto.theory.proximal;

import dev.otto.theory.StatementCases;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 6 (seed paper 2, the Lipschitz-regularised divergence, eq. (2.4) and its bound
 * 0 &lt;= D_f^L &lt;= L W_1): since f*(y) &gt;= y, EVERY L-Lipschitz g gives
 * E_P[g] - E_Q[f*(g)] &lt;= L W_1(P, Q), with W_1 from the exact network simplex, for every f the
 * package provides (KL also in its Donsker-Varadhan training form, log E_Q e^g &gt;= E_Q g by Jensen).
 *
 * <p>One definition with {@code otto verify}: the properties draw cases of the catalogue's check;
 * docs/MATH.md gives the generated cases, the tolerance and why.
 */
class LipschitzDualBoundProperties {

    /**
     * Every L-Lipschitz g gives E_P g - E_Q f*(g) &lt;= L W_1(P, Q). Cases of the catalogue's one
     * definition ({@code ProximalChecks.lipschitzDualBound}): its generator, predicate, bound and
     * tolerance, the same as {@code otto verify --only proximal.lipschitz-dual-bound}.
     */
    @Property(tries = 100)
    @Tag("proximal.lipschitz-dual-bound")
    void lipschitzDualBoundOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                            @ForAll long seed) {
        StatementCases.assertHolds("proximal.lipschitz-dual-bound", index, seed);
    }
}
