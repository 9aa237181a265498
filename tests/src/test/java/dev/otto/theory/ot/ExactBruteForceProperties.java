package dev.otto.theory.ot;

import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.exact.ExactResult;
import dev.otto.ot.exact.NetworkSimplex;
import dev.otto.theory.StatementCases;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * MATH.md section 1: for uniform weights and n = m the optimal vertices are permutations
 * (Birkhoff), so OT(a,b,C) = min over permutations s of (1/n) sum_i C_{i s(i)}. Checked against
 * enumeration of all n! permutations ({@link BruteForceAssignment}) for n &lt;= 7 on point clouds
 * and on arbitrary (also negative, integer-valued, tie-heavy) matrices. Tolerance 1e-12 relative:
 * both sides sum n exact entries. Also: adding r_i to row i and c_j to column j shifts OT by
 * &lt;a,r&gt; + &lt;b,c&gt;, and permuting the points permutes the plan but leaves the cost
 * unchanged.
 */
class ExactBruteForceProperties {

    @Provide
    Arbitrary<OtProblem> assignments() {
        return OtProblems.problems(7, true);
    }

    @Property(tries = 150)
    @Tag("ot.assignment")
    void equalsBruteForceOnPointClouds(@ForAll("assignments") OtProblem p) {
        CostMatrix c = p.cost();
        ExactResult r = new NetworkSimplex().solve(p.a, p.b, c);
        double best = BruteForceAssignment.solve(c).cost();
        assertEquals(best, r.cost(), 1e-12 * Math.max(c.maxAbs(), Double.MIN_NORMAL));
    }

    @Property(tries = 150)
    @Tag("ot.assignment")
    void equalsBruteForceOnArbitraryMatrices(@ForAll @IntRange(min = 1, max = 7) int n, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] m = new double[n][n];
        for (double[] row : m) {
            for (int j = 0; j < n; j++) {
                row[j] = rng.nextBoolean() ? rng.nextInt(-2, 3) : rng.nextDouble(-5, 5);
            }
        }
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        CostMatrix c = CostMatrix.of(m);
        ExactResult r = new NetworkSimplex().solve(w, w, c);
        assertEquals(BruteForceAssignment.solve(c).cost(), r.cost(), 1e-12 * 5);
    }

    @Property(tries = 150)
    @Tag("ot.invariances")
    void rowAndColumnConstantsShiftTheCost(@ForAll("general") OtProblem p, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        CostMatrix c = p.cost();
        double scale = Math.max(c.maxAbs(), 1e-300);
        double[] rc = new double[p.n()];
        double[] cc = new double[p.m()];
        double[] shifted = new double[p.n() * p.m()];
        double expectedShift = 0;
        for (int i = 0; i < p.n(); i++) {
            rc[i] = scale * rng.nextDouble(-1, 1);
            expectedShift += p.a[i] * rc[i];
        }
        for (int j = 0; j < p.m(); j++) {
            cc[j] = scale * rng.nextDouble(-1, 1);
            expectedShift += p.b[j] * cc[j];
        }
        for (int i = 0; i < p.n(); i++) {
            for (int j = 0; j < p.m(); j++) {
                shifted[i * p.m() + j] = c.get(i, j) + rc[i] + cc[j];
            }
        }
        double base = new NetworkSimplex().solve(p.a, p.b, c).cost();
        double moved = new NetworkSimplex().solve(p.a, p.b, CostMatrix.ofRowMajor(p.n(), p.m(), shifted, false)).cost();
        double mass = OtProblem.sum(p.a);
        assertEquals(base + expectedShift, moved, 1e-11 * 3 * scale * mass);
    }

    @Property(tries = 150)
    @Tag("ot.invariances")
    void permutingPointsLeavesTheCost(@ForAll("general") OtProblem p, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] pi = permutation(rng, p.n());
        int[] sigma = permutation(rng, p.m());
        double[][] x2 = new double[p.n()][];
        double[] a2 = new double[p.n()];
        double[][] y2 = new double[p.m()][];
        double[] b2 = new double[p.m()];
        for (int i = 0; i < p.n(); i++) {
            x2[i] = p.x[pi[i]];
            a2[i] = p.a[pi[i]];
        }
        for (int j = 0; j < p.m(); j++) {
            y2[j] = p.y[sigma[j]];
            b2[j] = p.b[sigma[j]];
        }
        OtProblem q = new OtProblem(x2, y2, a2, b2, p.scale);
        double c1 = new NetworkSimplex().solve(p.a, p.b, p.cost()).cost();
        double c2 = new NetworkSimplex().solve(q.a, q.b, q.cost()).cost();
        assertEquals(c1, c2, 1e-11 * Math.max(p.maxCost(), Double.MIN_NORMAL) * OtProblem.sum(p.a));
    }

    @Provide
    Arbitrary<OtProblem> general() {
        return OtProblems.problems(10, false);
    }

    static int[] permutation(SplittableRandom rng, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[k];
            p[k] = t;
        }
        return p;
    }

    /**
     * For uniform weights and n = m the barycentric map of the network simplex plan has the
     * brute-force optimal assignment cost. The case generator, predicate, bound and tolerance are
     * the catalog's ({@code OptimalTransportChecks.barycentricMap}), so this property and {@code
     * otto verify --only ot.barycentric-map} check one definition.
     */
    @Property(tries = 100)
    @Tag("ot.barycentric-map")
    void barycentricMapOfAPermutationPlanIsAnOptimalAssignment(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("ot.barycentric-map", index, seed);
    }
}
