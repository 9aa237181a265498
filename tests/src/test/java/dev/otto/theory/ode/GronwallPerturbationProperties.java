package dev.otto.theory.ode;

import dev.otto.theory.StatementCases;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 3, perturbed field (Gronwall; also section 5, "Stability"): if v is L-Lipschitz
 * and |v - w| &lt;= delta everywhere, the Euler solutions of v and w from the same start differ after
 * time T by at most delta ((1 + L|h|)^n - 1)/L &lt;= delta (e^{L|T|} - 1)/L, forward or backward in
 * time. (Discrete Gronwall: e_{k+1} &lt;= (1 + L|h|) e_k + |h| delta.)
 *
 * <p>One definition with {@code otto verify}: the properties draw cases of the catalogue's check;
 * docs/MATH.md gives the generated cases, the tolerance and why.
 */
class GronwallPerturbationProperties {

    /**
     * Euler paths of perturbed fields stay within the discrete Gronwall bound. Cases of the
     * catalogue's one definition ({@code IntegratorChecks.gronwall}): its generator, predicate,
     * bound and tolerance, the same as {@code otto verify --only ode.gronwall}.
     */
    @Property(tries = 50)
    @Tag("ode.gronwall")
    void gronwallBoundOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("ode.gronwall", index, seed);
    }
}
