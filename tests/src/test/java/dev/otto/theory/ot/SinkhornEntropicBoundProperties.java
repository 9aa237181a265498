package dev.otto.theory.ot;

import dev.otto.theory.StatementCases;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 1, "Entropic OT", statement {@code ot.entropic-bound}: 0 &lt;= &lt;C,P_eps&gt; - OT
 * &lt;= eps (H(P_eps) - H(P_OT)) &lt;= eps (H(a) + H(b)), and a solver that reports convergence
 * meets its marginal tolerance. One definition with {@code otto verify} (docs/MATH.md gives the
 * allowance for the stopping tolerance and why).
 */
class SinkhornEntropicBoundProperties {

    /**
     * 0 &lt;= &lt;C,P_eps&gt; - OT &lt;= eps (H(P_eps) - H(P_OT)), and a solver that reports
     * convergence meets its tolerance. The case generator, predicate, bound and tolerance are the
     * catalog's ({@code OptimalTransportChecks.entropicBound}), so this property and {@code otto
     * verify --only ot.entropic-bound} check one definition; jqwik draws the case index (0 and 1
     * are the generator's edge regimes) and the seed.
     */
    @Property(tries = 120)
    @Tag("ot.entropic-bound")
    void marginalErrorBelowToleranceAndEntropicBound(@ForAll @IntRange(min = 0, max = 999) int index,
                                                     @ForAll long seed) {
        StatementCases.assertHolds("ot.entropic-bound", index, seed);
    }
}
