package dev.otto.theory.proximal;

import dev.otto.theory.StatementCases;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 6 (seed paper 2, eq. (2.2), f* the convex conjugate): Fenchel-Young
 * f(x) + f*(y) &gt;= x y for x in dom f and any y, f*(y) &gt;= y (x = 1), and the equality case
 * f(x*) + f*(y) = x* y at x* = (f*)'(y), which pins f* down (a conjugate that is merely too large
 * would pass the inequalities, so the equality case is what lets a wrong f* fail). The tensor form
 * used in training agrees with the scalar form.
 *
 * <p>One definition with {@code otto verify}: the properties draw cases of the catalogue's check;
 * docs/MATH.md gives the generated cases, the tolerance and why.
 */
class FenchelYoungProperties {

    /**
     * f(x) + f*(y) &gt;= x y with equality at x* = (f*)'(y), and f*(y) &gt;= y. Cases of the
     * catalogue's one definition ({@code ProximalChecks.fenchelYoung}): its generator, predicate,
     * bound and tolerance, the same as {@code otto verify --only proximal.fenchel-young}.
     */
    @Property(tries = 100)
    @Tag("proximal.fenchel-young")
    void fenchelYoungOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("proximal.fenchel-young", index, seed);
    }
}
