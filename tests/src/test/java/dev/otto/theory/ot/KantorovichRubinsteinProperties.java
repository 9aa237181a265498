package dev.otto.theory.ot;

import dev.otto.ot.Wasserstein;
import dev.otto.ot.exact.ExactResult;
import dev.otto.theory.StatementCases;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MATH.md section 1, Kantorovich-Rubinstein: W_1(mu, nu) = sup { E_mu g - E_nu g : Lip(g) &lt;= 1 }
 * for probability measures mu = sum a_i delta_{x_i}, nu = sum b_j delta_{y_j} and the Euclidean
 * ground distance. Checked in its two halves: <ol> <li>weak duality: every generated 1-Lipschitz g
 * (a minimum of cones c_k + |z - z_k| with random apexes and offsets, a linear part u.z with |u|
 * &lt;= 1 and, for half of the tries, the c-transform phi below, mixed by convex combinations: each
 * is 1-Lipschitz and so is any such combination) gives E_mu g - E_nu g &lt;= W_1;</li>
 * <li>attainment: from the network simplex's duals (f, h) of the W_1 problem (f_i + h_j &lt;= |x_i
 * - y_j|, zero gap), the c-transform phi(z) = min_j (|z - y_j| - h_j) is 1-Lipschitz (a minimum of
 * 1-Lipschitz functions; checked on random pairs of points), and phi(x_i) &gt;= f_i, phi(y_j) &lt;=
 * -h_j, so E_mu phi - E_nu phi &gt;= &lt;a,f&gt; + &lt;b,h&gt; = W_1; with (1) it equals W_1.</li>
 * </ol> Tolerances: W_1 and the duals are exact up to round-off of sums of n + m terms of size
 * max|C| (ExactDualityProperties: dual feasibility and gap to 1e-11 max|C|), and E g is a sum of n
 * terms of size max|g| &lt;= a few max|C|, so 1e-10 x (max|C| + max|g|) bounds both sides; a wrong
 * W_1 (a few percent off) or duals that are not optimal break the equality by far more. The
 * Lipschitz check allows 1e-12 relative round-off in |z - w|.
 */
class KantorovichRubinsteinProperties {

    @Provide
    Arbitrary<OtProblem> problems() {
        return OtProblems.problems(10, false);
    }

    /**
     * Every generated 1-Lipschitz g (half of them within a fraction of a percent of the supremum)
     * gives E_mu g - E_nu g &lt;= W_1. The case generator, predicate, bound and tolerance are the
     * catalog's ({@code OptimalTransportChecks.kantorovichRubinstein}), so this property and {@code
     * otto verify --only ot.kantorovich-rubinstein} check one definition.
     */
    @Property(tries = 150)
    @Tag("ot.kantorovich-rubinstein")
    void everyOneLipschitzFunctionIsBelowW1(@ForAll @IntRange(min = 0, max = 999) int index,
                                            @ForAll long seed) {
        StatementCases.assertHolds("ot.kantorovich-rubinstein", index, seed);
    }

    @Property(tries = 150)
    @Tag("ot.kantorovich-rubinstein")
    void dualPotentialsMadeOneLipschitzAttainW1(@ForAll("problems") OtProblem p, @ForAll long seed) {
        double[] a = OtProblem.normalised(p.a);
        double[] b = OtProblem.normalised(p.b);
        ExactResult r = Wasserstein.solve(p.x, a, p.y, b, 1);
        double w1 = r.cost();
        double[] h = r.g();
        double ex = 0;
        for (int i = 0; i < a.length; i++) {
            ex += a[i] * OneLipschitz.cTransform(p.x[i], p.y, h);
        }
        double ey = 0;
        for (int j = 0; j < b.length; j++) {
            ey += b[j] * OneLipschitz.cTransform(p.y[j], p.y, h);
        }
        double maxC = dev.otto.ot.cost.PointCloudCost.euclidean(p.x, p.y).maxAbs();
        double maxH = 0;
        for (double v : h) {
            maxH = Math.max(maxH, Math.abs(v));
        }
        assertEquals(w1, ex - ey, 1e-10 * (maxC + maxH) + Double.MIN_NORMAL, "E_mu phi - E_nu phi = W1");
        // phi is 1-Lipschitz: checked on random pairs around the supports
        SplittableRandom rng = new SplittableRandom(seed);
        int d = p.x[0].length;
        for (int k = 0; k < 20; k++) {
            double[] z = new double[d];
            double[] w = new double[d];
            double[] base = rng.nextBoolean() ? p.x[rng.nextInt(p.x.length)] : p.y[rng.nextInt(p.y.length)];
            for (int t = 0; t < d; t++) {
                z[t] = base[t] + p.scale * rng.nextGaussian();
                w[t] = base[t] + p.scale * rng.nextGaussian();
            }
            double dist = OneLipschitz.distance(z, w);
            double diff = Math.abs(OneLipschitz.cTransform(z, p.y, h) - OneLipschitz.cTransform(w, p.y, h));
            assertTrue(diff <= dist * (1 + 1e-12) + 1e-12 * (maxC + maxH), "|phi(z) - phi(w)| = " + diff + " > |z - w| = " + dist);
        }
    }
}
