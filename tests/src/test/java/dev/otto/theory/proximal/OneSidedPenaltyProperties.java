package dev.otto.theory.proximal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.proximal.GradientPenalty;
import dev.otto.theory.StatementCases;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 6 (seed paper 2, Algorithm 1, the one-sided penalty enforcing Lip(g) &lt;= L):
 * GP = E max(0, |grad g(xhat)|^2 - L^2) is exactly 0 for every g with Lipschitz constant below L
 * (and at it, up to rounding), and positive for g whose gradient exceeds L: for a linear g with
 * slope r L it is L^2 (r^2 - 1) exactly when r &gt; 1. Also the interpolates xhat = s y + (1-s) x lie
 * on the segments [x, y].
 *
 * <p>Generated: d in 1..6, L from 1e-3 to 1e3, points at scales 1e-4..1e4, r in [0, 1) (below),
 * exactly 1 (boundary) or in (1, 10] (above), and g also a ReLU MLP / distance function rescaled to
 * Lipschitz constant r L. The penalty's generator, bounds and tolerances (0 exactly below L, 16 u L^2
 * at it, 16 u L^2 r^2 above, u = 2^-52) are defined once, in {@code ProximalChecks.oneSidedPenalty}.
 */
class OneSidedPenaltyProperties {

    /**
     * The interpolates xhat = s y + (1 - s) x at which the penalty is evaluated lie on the segments
     * [x, y] (s in [0, 1], every coordinate with the same s), for clouds at scales 1e-4 .. 1e4; the
     * tolerance 1e-9 of the coordinates' size covers recovering s from one coordinate. The penalty's
     * value is the catalogue's statement below.
     */
    @Property(tries = 100)
    @Tag("proximal.one-sided-penalty")
    void interpolatesLieOnTheSegments(@ForAll @IntRange(min = 1, max = 6) int d, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double scale = ProximalGen.logUniform(rng, -4, 4);
        Tensor y = Tensor.randn(20, d, rng).scale(scale);
        Tensor x = Tensor.randn(20, d, rng).scale(scale).addScalar(scale);
        checkOnSegments(GradientPenalty.interpolates(y, x, rng), x, y);
    }

    private static void checkOnSegments(Tensor xhat, Tensor x, Tensor y) {
        int d = x.cols();
        for (int i = 0; i < x.rows(); i++) {
            // s from the first coordinate with a nonzero gap, then every coordinate must agree
            double s = Double.NaN;
            for (int j = 0; j < d && Double.isNaN(s); j++) {
                double gap = y.get(i, j) - x.get(i, j);
                if (gap != 0) {
                    s = (xhat.get(i, j) - x.get(i, j)) / gap;
                }
            }
            assertTrue(s >= -1e-9 && s <= 1 + 1e-9, "interpolation weight " + s + " outside [0, 1]");
            for (int j = 0; j < d; j++) {
                double expect = s * y.get(i, j) + (1 - s) * x.get(i, j);
                double size = Math.abs(x.get(i, j)) + Math.abs(y.get(i, j));
                assertEquals(expect, xhat.get(i, j), 1e-9 * size, "xhat off the segment");
            }
        }
    }

    /**
     * The one-sided penalty is 0 iff Lip(g) &lt;= L, and L^2 (r^2 - 1) for slope r L. Cases of the
     * catalogue's one definition ({@code ProximalChecks.oneSidedPenalty}): its generator,
     * predicate, bound and tolerance, the same as {@code otto verify --only
     * proximal.one-sided-penalty}.
     */
    @Property(tries = 200)
    @Tag("proximal.one-sided-penalty")
    void oneSidedPenaltyOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("proximal.one-sided-penalty", index, seed);
    }
}
