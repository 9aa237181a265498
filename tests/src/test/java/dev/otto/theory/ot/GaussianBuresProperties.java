package dev.otto.theory.ot;

import dev.otto.theory.StatementCases;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 1, "Gaussians", statement {@code ot.gaussian}: the OT map T(x) = m2 + A (x - m1)
 * pushes N(m1, S1) onto N(m2, S2) (A S1 A = S2, A symmetric) and its cost is the Bures formula
 * W_2^2. One definition with {@code otto verify} (docs/MATH.md gives the tolerance, 64 u cond, and
 * why).
 */
class GaussianBuresProperties {

    /**
     * The map T(x) = m2 + A (x - m1) pushes S1 onto S2 (A S1 A = S2, A symmetric) at the cost
     * E|T(X) - X|^2 = W_2^2 of the Bures formula. The case generator, predicate, bound and
     * tolerance are the catalog's ({@code OptimalTransportChecks.gaussian}), so this property and
     * {@code otto verify --only ot.gaussian} check one definition.
     */
    @Property(tries = 200)
    @Tag("ot.gaussian")
    void mapPushesS1OntoS2AtTheBuresCost(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("ot.gaussian", index, seed);
    }
}
