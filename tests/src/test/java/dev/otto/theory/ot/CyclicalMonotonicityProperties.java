package dev.otto.theory.ot;

import dev.otto.theory.StatementCases;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 1, statement {@code ot.cyclical-monotonicity}: for an optimal plan and any two
 * support pairs (i,j), (k,l), C_ij + C_kl &lt;= C_il + C_kj. One definition with {@code otto verify}
 * (docs/MATH.md gives the tolerance and why).
 */
class CyclicalMonotonicityProperties {

    /**
     * No profitable swap is left in the support of an optimal plan. The case generator, predicate,
     * bound and tolerance are the catalog's ({@code OptimalTransportChecks.cyclicalMonotonicity}),
     * so this property and {@code otto verify --only ot.cyclical-monotonicity} check one
     * definition; jqwik draws the case index (0 and 1 are the generator's edge regimes) and the
     * seed.
     */
    @Property(tries = 200)
    @Tag("ot.cyclical-monotonicity")
    void supportIsCyclicallyMonotone(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("ot.cyclical-monotonicity", index, seed);
    }
}
