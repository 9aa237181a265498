package dev.otto.theory.ot;

import dev.otto.theory.StatementCases;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 1, statement {@code ot.sinkhorn-divergence}: S_eps(a,b) = OT_eps(a,b) -
 * OT_eps(a,a)/2 - OT_eps(b,b)/2 is &gt;= 0 for the costs |x - y| and |x - y|^2, and equals |v|^2
 * exactly on a cloud translated by v with a = b (shared eps). One definition with
 * {@code otto verify} (docs/MATH.md gives the tolerance and why).
 */
class SinkhornDivergenceProperties {

    /**
     * S_eps &gt;= 0 (odd cases) and S_eps(x, x + v) = |v|^2 on translated clouds with a = b (even
     * cases). The case generator, predicate, bound and tolerance are the catalog's ({@code
     * OptimalTransportChecks.sinkhornDivergence}), so this property and {@code otto verify --only
     * ot.sinkhorn-divergence} check one definition; jqwik draws the case index (0 and 1 are the
     * generator's edge regimes) and the seed.
     */
    @Property(tries = 100)
    @Tag("ot.sinkhorn-divergence")
    void nonNegativeAndExactOnTranslatedClouds(@ForAll @IntRange(min = 0, max = 999) int index,
                                               @ForAll long seed) {
        StatementCases.assertHolds("ot.sinkhorn-divergence", index, seed);
    }
}
