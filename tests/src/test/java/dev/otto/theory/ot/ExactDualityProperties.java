package dev.otto.theory.ot;

import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.exact.ExactResult;
import dev.otto.ot.exact.NetworkSimplex;
import dev.otto.ot.exact.TransportStatus;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MATH.md section 1, "Discrete OT": the network simplex returns a primal feasible plan
 * (P &gt;= 0, P 1 = a, P^T 1 = b) with at most n + m - 1 nonzeros, dual potentials with
 * f_i + g_j &lt;= C_ij, zero duality gap &lt;C,P&gt; = &lt;a,f&gt; + &lt;b,g&gt;, and complementary slackness
 * (P_ij &gt; 0 implies f_i + g_j = C_ij).
 *
 * <p>Tolerances: every quantity is a sum of at most n + m terms of size max|C| x mass, so round-off
 * is bounded by a few ulps of max|C| x mass times n + m; we allow 1e-11 (about 50 ulps) relative
 * to max|C| (and to the total mass for marginals). A wrong pivot or a wrong sign in the potential
 * update breaks these by many orders of magnitude.
 */
class ExactDualityProperties {

    @Provide
    Arbitrary<OtProblem> problems() {
        return OtProblems.problems(12, false);
    }

    @Property(tries = 200)
    void planIsPrimalFeasibleAndSparse(@ForAll("problems") OtProblem p) {
        ExactResult r = new NetworkSimplex().solve(p.a, p.b, p.cost());
        assertEquals(TransportStatus.OPTIMAL, r.status());
        double mass = OtProblem.sum(p.a);
        double[] rows = new double[p.n()];
        double[] cols = new double[p.m()];
        for (int k = 0; k < r.nonZeros(); k++) {
            assertTrue(r.mass(k) > 0, "plan entries are positive");
            rows[r.row(k)] += r.mass(k);
            cols[r.col(k)] += r.mass(k);
        }
        for (int i = 0; i < p.n(); i++) {
            assertEquals(p.a[i], rows[i], 1e-12 * mass, "row marginal " + i);
        }
        for (int j = 0; j < p.m(); j++) {
            assertEquals(p.b[j], cols[j], 1e-12 * mass, "column marginal " + j);
        }
        assertTrue(r.nonZeros() <= p.n() + p.m() - 1, "at most n + m - 1 nonzeros, got " + r.nonZeros());
    }

    @Property(tries = 200)
    void dualFeasibleZeroGapAndComplementarySlackness(@ForAll("problems") OtProblem p) {
        CostMatrix c = p.cost();
        ExactResult r = new NetworkSimplex().solve(p.a, p.b, c);
        double[] f = r.f();
        double[] g = r.g();
        double scale = Math.max(c.maxAbs(), Double.MIN_NORMAL);
        double tol = 1e-11 * scale;
        for (int i = 0; i < p.n(); i++) {
            for (int j = 0; j < p.m(); j++) {
                assertTrue(f[i] + g[j] <= c.get(i, j) + tol,
                        "dual feasibility at (" + i + "," + j + "): " + (f[i] + g[j] - c.get(i, j)));
            }
        }
        double mass = OtProblem.sum(p.a);
        assertEquals(r.cost(), r.dualObjective(p.a, p.b), tol * mass, "zero duality gap");
        for (int k = 0; k < r.nonZeros(); k++) {
            int i = r.row(k);
            int j = r.col(k);
            assertEquals(c.get(i, j), f[i] + g[j], tol, "complementary slackness at (" + i + "," + j + ")");
        }
    }
}
