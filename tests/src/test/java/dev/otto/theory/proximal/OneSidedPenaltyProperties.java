package dev.otto.theory.proximal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.proximal.GradientPenalty;
import dev.otto.theory.StatementCases;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
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
 * Lipschitz constant r L. Tolerance: L^2 x 1e-12 (|grad g|^2 rounds relative to L^2; at the boundary
 * r = 1 the penalty may be a few ulps above 0, never more).
 */
class OneSidedPenaltyProperties {

    @Property(tries = 150)
    @Tag("proximal.one-sided-penalty")
    void zeroBelowLPositiveAbove(@ForAll @IntRange(min = 1, max = 6) int d,
                                 @ForAll @IntRange(min = 0, max = 2) int gKind,
                                 @ForAll @IntRange(min = 0, max = 2) int regime, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double lip = ProximalGen.logUniform(rng, -3, 3);
        double scale = ProximalGen.logUniform(rng, -4, 4);
        double r = switch (regime) {
            case 0 -> 0.999 * rng.nextDouble();
            case 1 -> 1.0;
            default -> 1 + 9 * (rng.nextDouble() + 1e-3);
        };
        Tensor y = Tensor.randn(20, d, rng).scale(scale);
        Tensor x = Tensor.randn(20, d, rng).scale(scale).addScalar(scale);
        Tensor xhat = GradientPenalty.interpolates(y, x, rng);
        checkOnSegments(xhat, x, y);
        int kind = regime == 2 ? 0 : gKind;   // above L: linear, whose gradient norm is r L everywhere
        UnaryOperator<Tensor> g = ProximalGen.lipschitz(kind, d, r * lip, scale, rng.nextGaussian() * scale, rng);
        double gp = GradientPenalty.oneSided(g, xhat, lip).item();
        double tol = 1e-12 * lip * lip;
        if (regime == 0) {
            assertEquals(0.0, gp, 0.0, "penalty of a function with Lip = " + r + " L must be exactly 0");
        } else if (regime == 1) {
            assertTrue(gp >= 0 && gp <= 8 * tol, "boundary penalty " + gp);
        } else {
            double expected = lip * lip * (r * r - 1);
            assertTrue(gp > 0, "penalty of a function with slope " + r + " L must be positive");
            assertEquals(expected, gp, 1e-12 * lip * lip * r * r, "penalty of a linear function with slope r L");
        }
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
    @Property(tries = 100)
    @Tag("proximal.one-sided-penalty")
    void oneSidedPenaltyOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("proximal.one-sided-penalty", index, seed);
    }
}
