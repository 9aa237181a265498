package dev.otto.theory.proximal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.proximal.FDivergence;
import dev.otto.theory.StatementCases;
import java.util.SplittableRandom;
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
 * <p>x is drawn from 0, tiny (1e-8) to huge (1e6) values; y from -1e3 to 1e3 on a log scale of
 * both signs (KL and alpha with y &lt;= 30 so that exp and powers stay finite). Tolerance: 1e-11 x
 * (|f(x)| + |f*(y)| + |x y| + 1): every side is a handful of correctly rounded operations.
 */
class FenchelYoungProperties {

    @Property(tries = 300)
    @Tag("proximal.fenchel-young")
    void fenchelYoungInequalityAndEqualityCase(@ForAll @IntRange(min = 0, max = 5) int which, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        FDivergence f = ProximalGen.divergence(which);
        double x = switch (rng.nextInt(4)) {
            case 0 -> 0.0;
            case 1 -> 1.0;
            default -> ProximalGen.logUniform(rng, -8, 6);
        };
        double ymax = f.kind() == FDivergence.Kind.W1 || f.kind() == FDivergence.Kind.REVERSE_KL ? 3 : Math.log10(30);
        double y = (rng.nextBoolean() ? 1 : -1) * ProximalGen.logUniform(rng, -6, ymax);
        double fx = f.f(x);
        double fy = f.conjugate(y);
        assertTrue(!Double.isNaN(fy), () -> f + ": f*(" + y + ") is NaN");
        if (Double.isFinite(fx) && Double.isFinite(fy)) {
            double tol = 1e-11 * (Math.abs(fx) + Math.abs(fy) + Math.abs(x * y) + 1);
            assertTrue(fx + fy >= x * y - tol, () -> f + ": f(" + x + ") + f*(" + y + ") = " + (fx + fy) + " < x y = "
                    + x * y);
        }
        assertTrue(fy >= y - 1e-12 * Math.abs(y), () -> f + ": f*(" + y + ") = " + fy + " < y");
        if (f.inConjugateDomain(y)) {
            double xs = f.conjugateArgmax(y);
            double fxs = f.f(xs);
            double tol = 1e-11 * (Math.abs(fxs) + Math.abs(fy) + Math.abs(xs * y) + 1);
            assertEquals(xs * y, fxs + fy, tol, () -> f + ": equality case at y = " + y + ", x* = " + xs);
            double tensor = f.conjugate(Tensor.scalar(y)).item();
            assertEquals(fy, tensor, 1e-12 * (Math.abs(fy) + 1), () -> f + ": tensor and scalar conjugates differ");
        } else {
            assertEquals(Double.POSITIVE_INFINITY, f.conjugate(Tensor.scalar(y)).item(),
                    () -> f + ": outside the domain the tensor conjugate must be +infinity, not NaN");
        }
    }

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
