package dev.otto.theory.ot;

import dev.otto.ot.Wasserstein;
import dev.otto.theory.StatementCases;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MATH.md section 1, "W_p between point clouds": W_1 and W_2 are metrics on probability measures
 * (symmetry, triangle inequality, W(x, x) = 0) and W_1 &lt;= W_2 for the same (probability) weights;
 * the 1-D formula (sorted quantiles) equals the network simplex on 1-D data.
 *
 * <p>Tolerances: costs are exact to an ulp, OT values to ~1e-12 relative (see
 * ExactDualityProperties); W is a square root for p = 2, so W(x,x) is compared to 0 in absolute
 * terms (the diagonal cost is exactly 0: coordinates are differenced directly) and inequalities
 * get 1e-9 relative slack on the distance scale.
 */
class WassersteinMetricProperties {

    @Provide
    Arbitrary<OtProblem> problems() {
        return OtProblems.problems(9, false);
    }

    /** Three clouds in the same dimension with probability weights. */
    @Provide
    Arbitrary<OtProblem[]> triples() {
        return net.jqwik.api.Combinators.combine(
                net.jqwik.api.Arbitraries.integers().between(1, 8), net.jqwik.api.Arbitraries.integers().between(1, 8),
                net.jqwik.api.Arbitraries.integers().between(1, 8), net.jqwik.api.Arbitraries.integers().between(1, 3),
                net.jqwik.api.Arbitraries.integers().between(-6, 6), net.jqwik.api.Arbitraries.longs())
                .as((n1, n2, n3, d, se, seed) -> new OtProblem[] {
                    OtProblem.build(n1, n2, d, Math.pow(10, se), 1, seed),
                    OtProblem.build(n3, n3, d, Math.pow(10, se), 2, seed + 1)});
    }

    @Property(tries = 100)
    @Tag("ot.metric")
    void symmetricAndZeroOnTheDiagonal(@ForAll("problems") OtProblem p) {
        for (int q = 1; q <= 2; q++) {
            double xy = Wasserstein.wp(p.x, p.a, p.y, p.b, q);
            double yx = Wasserstein.wp(p.y, p.b, p.x, p.a, q);
            assertEquals(xy, yx, 1e-12 * Math.max(xy, Double.MIN_NORMAL), "symmetry, p = " + q);
            // W_p^p(x, x) is an OT value: zero up to the simplex's relative pricing tolerance on max|C|
            double maxC = dev.otto.ot.cost.PointCloudCost.power(p.x, p.x, q).maxAbs();
            assertEquals(0, Wasserstein.wpp(p.x, p.a, p.x, p.a, q), 1e-11 * maxC * OtProblem.sum(p.a), "W(x, x) = 0, p = " + q);
        }
    }

    @Property(tries = 100)
    @Tag("ot.metric")
    void triangleInequality(@ForAll("triples") OtProblem[] t) {
        OtProblem p = t[0];
        OtProblem q = t[1];
        double[][] x = p.x;
        double[][] y = p.y;
        double[][] z = q.x;
        double[] a = OtProblem.normalised(p.a);
        double[] b = OtProblem.normalised(p.b);
        double[] c = OtProblem.normalised(q.a);
        for (int k = 1; k <= 2; k++) {
            double xz = Wasserstein.wp(x, a, z, c, k);
            double xy = Wasserstein.wp(x, a, y, b, k);
            double yz = Wasserstein.wp(y, b, z, c, k);
            assertTrue(xz <= xy + yz + 1e-9 * (xy + yz + xz), "triangle inequality for W_" + k);
        }
    }

    /**
     * W_1 &lt;= W_2 with the same probability weights (Jensen). The case generator, predicate,
     * bound and tolerance are the catalog's ({@code OptimalTransportChecks.w1AtMostW2}), so this
     * property and {@code otto verify --only ot.w1-le-w2} check one definition.
     */
    @Property(tries = 100)
    @Tag("ot.w1-le-w2")
    void w1IsAtMostW2(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("ot.w1-le-w2", index, seed);
    }

    /**
     * In 1-D, W_p^p from sorted samples equals exact OT, p in [1, 3]. The case generator,
     * predicate, bound and tolerance are the catalog's ({@code
     * OptimalTransportChecks.oneDimensional}), so this property and {@code otto verify --only
     * ot.one-dimensional} check one definition.
     */
    @Property(tries = 150)
    @Tag("ot.one-dimensional")
    void oneDimensionalFormulaEqualsNetworkSimplex(@ForAll @IntRange(min = 0, max = 999) int index,
                                                   @ForAll long seed) {
        StatementCases.assertHolds("ot.one-dimensional", index, seed);
    }
}
