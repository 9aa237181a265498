package dev.otto.theory.ot;

import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornDivergence;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MATH.md section 1: the Sinkhorn divergence S_eps(a,b) = OT_eps(a,b) - OT_eps(a,a)/2 - OT_eps(b,b)/2
 * is &gt;= 0, and S_eps(a, a) = 0, for the squared Euclidean and Euclidean costs (positive definite
 * Gibbs kernels) with the KL(P | a b^T) regulariser.
 *
 * <p>Tolerance: each OT_eps is stationary in the potentials, so a marginal error delta (&lt;= 1e-11
 * x mass) perturbs it by O(delta x max|C|); we allow 1e-8 x max|C| x mass. Probability weights
 * (the divergence theorem is stated for probability measures).
 */
class SinkhornDivergenceProperties {

    @Provide
    Arbitrary<OtProblem> problems() {
        return OtProblems.problems(10, false);
    }

    @Property(tries = 100)
    void divergenceIsNonNegative(@ForAll("problems") OtProblem p, @ForAll @DoubleRange(min = 0.05, max = 5) double rel,
                                 @ForAll boolean euclidean) {
        double[] a = OtProblem.normalised(p.a);
        double[] b = OtProblem.normalised(p.b);
        Sinkhorn s = Sinkhorn.logDomain().withTolerance(1e-11).withMaxIterations(100_000).withRelativeEpsilon(rel);
        double power = euclidean ? 1 : 2;
        double div = SinkhornDivergence.of(p.x, a, p.y, b, power, Double.NaN, s);
        double scale = Math.pow(p.scale, power) * 100;
        assertTrue(div >= -1e-8 * scale, "S_eps = " + div);
    }

    @Property(tries = 100)
    void divergenceOfAMeasureWithItselfIsZero(@ForAll("problems") OtProblem p, @ForAll @DoubleRange(min = 0.05, max = 5) double rel) {
        double[] a = OtProblem.normalised(p.a);
        Sinkhorn s = Sinkhorn.logDomain().withTolerance(1e-11).withMaxIterations(100_000).withRelativeEpsilon(rel);
        double div = SinkhornDivergence.of(p.x, a, p.x, a, 2, Double.NaN, s);
        assertEquals(0, div, 1e-8 * p.scale * p.scale * 100);
    }
}
