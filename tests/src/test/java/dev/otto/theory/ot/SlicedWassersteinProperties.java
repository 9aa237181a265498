package dev.otto.theory.ot;

import dev.otto.ot.SlicedWasserstein;
import dev.otto.ot.Wasserstein;
import dev.otto.ot.internal.Parallel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.Provide;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sliced Wasserstein ({@link SlicedWasserstein}; Bonneel et al. 2015, eq. (1)): projection onto a
 * unit vector is 1-Lipschitz, so SW_p &lt;= max-SW_p &lt;= W_p; for fixed directions SW_p is symmetric,
 * zero on identical clouds and satisfies the triangle inequality (L^p mean of 1-D pseudo-metrics);
 * a translation by v gives SW_2^2(x, x + v) = mean_l &lt;v, theta_l&gt;^2 exactly, and uniform directions
 * average to |v|^2 / d; the same seed gives the same value, bitwise, on one thread or many.
 *
 * <p>Tolerances: every slice is an exact 1-D OT value (sums of products of sorted differences),
 * exact to a few ulps of its own scale, so comparisons get 1e-9 relative slack on the distance
 * scale (W_p from the network simplex carries ~1e-12 relative). The |v|^2/d average is a Monte-Carlo
 * mean: &lt;v, theta&gt;^2 / |v|^2 = theta_1^2 ~ Beta(1/2, (d-1)/2) with variance 2(d-1)/(d^2 (d+2)),
 * so L directions give a standard error sqrt(var / L); we allow 6 standard errors (a false alarm
 * about once in 5e8 tries).
 */
@Tag("ot.sliced")
class SlicedWassersteinProperties {

    @Provide
    Arbitrary<OtProblem> problems() {
        return OtProblems.problems(9, false);
    }

    /** Three clouds in one dimension d (x, y from the first problem, z from the second). */
    @Provide
    Arbitrary<OtProblem[]> triples() {
        return Combinators.combine(Arbitraries.integers().between(1, 8), Arbitraries.integers().between(1, 8),
                Arbitraries.integers().between(1, 8), Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(-6, 6), Arbitraries.longs())
                .as((n1, n2, n3, d, se, seed) -> new OtProblem[] {
                    OtProblem.build(n1, n2, d, Math.pow(10, se), 1, seed),
                    OtProblem.build(n3, n3, d, Math.pow(10, se), 2, seed + 1)});
    }

    @Property(tries = 100)
    void slicedIsBelowMaxSlicedIsBelowExactTransport(@ForAll("problems") OtProblem raw) {
        OtProblem p = raw.probability();
        double[][] dirs = SlicedWasserstein.directions(16, p.dimension(), 7);
        for (int q = 1; q <= 2; q++) {
            SlicedWasserstein.Slices s = SlicedWasserstein.slices(p.x, p.a, p.y, p.b, q, dirs);
            double w = Wasserstein.wp(p.x, p.a, p.y, p.b, q);
            double slack = 1e-9 * Math.max(w, Double.MIN_NORMAL);
            assertTrue(s.sliced() <= s.maxSliced() + slack, "SW > max-SW, p = " + q + ": " + s.sliced() + " > " + s.maxSliced());
            assertTrue(s.maxSliced() <= w + slack, "max-SW > W, p = " + q + ": " + s.maxSliced() + " > " + w);
        }
    }

    @Property(tries = 100)
    void symmetricAndZeroOnIdenticalClouds(@ForAll("problems") OtProblem p) {
        double[][] dirs = SlicedWasserstein.directions(8, p.dimension(), 3);
        for (int q = 1; q <= 3; q++) {
            double xy = SlicedWasserstein.slices(p.x, p.a, p.y, p.b, q, dirs).sliced();
            double yx = SlicedWasserstein.slices(p.y, p.b, p.x, p.a, q, dirs).sliced();
            assertEquals(xy, yx, 1e-12 * Math.max(xy, Double.MIN_NORMAL), "symmetry, p = " + q);
            // identical clouds: each slice pairs every projected point with itself, |0|^p = 0 exactly
            assertEquals(0.0, SlicedWasserstein.slices(p.x, p.a, p.x, p.a, q, dirs).maxSliced(), "SW(x, x), p = " + q);
        }
    }

    @Property(tries = 100)
    void triangleInequalityForFixedDirections(@ForAll("triples") OtProblem[] t) {
        OtProblem p = t[0].probability();
        OtProblem r = t[1].probability();
        double[][] dirs = SlicedWasserstein.directions(12, p.dimension(), 11);
        for (int q = 1; q <= 2; q++) {
            double xy = SlicedWasserstein.slices(p.x, p.a, p.y, p.b, q, dirs).sliced();
            double xz = SlicedWasserstein.slices(p.x, p.a, r.x, r.a, q, dirs).sliced();
            double zy = SlicedWasserstein.slices(r.x, r.a, p.y, p.b, q, dirs).sliced();
            assertTrue(xy <= xz + zy + 1e-9 * (xz + zy + Double.MIN_NORMAL),
                    "triangle, p = " + q + ": " + xy + " > " + xz + " + " + zy);
        }
    }

    @Property(tries = 60)
    void translationMovesEverySliceByTheProjectedShift(@ForAll("problems") OtProblem p, @ForAll long seed) {
        int d = p.dimension();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[d];
        double v2 = 0;
        for (int k = 0; k < d; k++) {
            v[k] = p.scale * rng.nextGaussian();
            v2 += v[k] * v[k];
        }
        double[][] moved = new double[p.n()][d];
        for (int i = 0; i < p.n(); i++) {
            for (int k = 0; k < d; k++) {
                moved[i][k] = p.x[i][k] + v[k];
            }
        }
        int count = 400;
        double[][] dirs = SlicedWasserstein.directions(count, d, seed);
        double expected = 0;
        for (double[] th : dirs) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += v[k] * th[k];
            }
            expected += s * s;
        }
        expected /= count;
        double sw2 = SlicedWasserstein.slices(p.x, p.a, moved, p.a, 2, dirs).slicedPower();
        // each slice is a 1-D shift: exact up to the round-off of x + v on the coordinate scale
        double coord = p.scale + Math.sqrt(v2);
        assertEquals(expected, sw2, 1e-9 * coord * coord, "SW_2^2(x, x + v) against mean <v, theta>^2");
        double var = 2.0 * (d - 1) / ((double) d * d * (d + 2));
        assertEquals(v2 / d, expected, 6 * Math.sqrt(var / count) * v2 + 1e-12 * v2,
                "mean <v, theta>^2 against its expectation |v|^2 / d, d = " + d);
    }

    @Property(tries = 30)
    void sameSeedSameValueOnOneThreadOrMany(@ForAll("problems") OtProblem p, @ForAll long seed) {
        assertArrayEquals(SlicedWasserstein.directions(50, p.dimension(), seed),
                SlicedWasserstein.directions(50, p.dimension(), seed));
        double[][] dirs = SlicedWasserstein.directions(300, p.dimension(), seed);
        double[] pooled = SlicedWasserstein.slices(p.x, p.a, p.y, p.b, 2, dirs).slices();
        double[] single;
        Parallel.setEnabled(false);
        try {
            single = SlicedWasserstein.slices(p.x, p.a, p.y, p.b, 2, dirs).slices();
        } finally {
            Parallel.setEnabled(true);
        }
        assertArrayEquals(pooled, single, 0.0, "slices depend on the thread count");
    }
}
