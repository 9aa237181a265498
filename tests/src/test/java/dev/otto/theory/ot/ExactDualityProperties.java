package dev.otto.theory.ot;

import dev.otto.theory.StatementCases;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 1, "Discrete OT", statements {@code ot.duality} and {@code ot.vertex}: the network
 * simplex returns a primal feasible plan with at most n + m - 1 nonzeros, dual potentials with
 * f_i + g_j &lt;= C_ij, zero duality gap and complementary slackness. One definition with
 * {@code otto verify} (docs/MATH.md gives the tolerances and why).
 */
class ExactDualityProperties {

    /**
     * An optimal vertex has at most n + m - 1 nonzeros. The case generator, predicate, bound and
     * tolerance are the catalog's ({@code OptimalTransportChecks.vertex}), so this property and
     * {@code otto verify --only ot.vertex} check one definition; jqwik draws the case index (0 and
     * 1 are the generator's edge regimes) and the seed.
     */
    @Property(tries = 200)
    @Tag("ot.vertex")
    void planIsPrimalFeasibleAndSparse(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("ot.vertex", index, seed);
    }

    /**
     * Primal and dual feasibility, zero gap and complementary slackness. The case generator,
     * predicate, bound and tolerance are the catalog's ({@code OptimalTransportChecks.duality}), so
     * this property and {@code otto verify --only ot.duality} check one definition; jqwik draws the
     * case index (0 and 1 are the generator's edge regimes) and the seed.
     */
    @Property(tries = 200)
    @Tag("ot.duality")
    void dualFeasibleZeroGapAndComplementarySlackness(@ForAll @IntRange(min = 0, max = 999) int index,
                                                      @ForAll long seed) {
        StatementCases.assertHolds("ot.duality", index, seed);
    }
}
