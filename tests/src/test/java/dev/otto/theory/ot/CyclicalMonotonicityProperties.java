package dev.otto.theory.ot;

import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.exact.ExactResult;
import dev.otto.ot.exact.NetworkSimplex;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MATH.md section 1, "Cyclical monotonicity (discrete Brenier)": for an optimal plan and any two
 * support pairs (i,j), (k,l): C_ij + C_kl &lt;= C_il + C_kj. Tolerance 1e-11 x max|C| (four entries
 * each exact to an ulp; any strictly improving swap left in the plan is a real violation).
 */
class CyclicalMonotonicityProperties {

    @Provide
    Arbitrary<OtProblem> problems() {
        return OtProblems.problems(15, false);
    }

    @Property(tries = 200)
    void supportIsCyclicallyMonotone(@ForAll("problems") OtProblem p) {
        CostMatrix c = p.cost();
        ExactResult r = new NetworkSimplex().solve(p.a, p.b, c);
        double tol = 1e-11 * Math.max(c.maxAbs(), Double.MIN_NORMAL);
        for (int s = 0; s < r.nonZeros(); s++) {
            for (int t = 0; t < r.nonZeros(); t++) {
                int i = r.row(s);
                int j = r.col(s);
                int k = r.row(t);
                int l = r.col(t);
                assertTrue(c.get(i, j) + c.get(k, l) <= c.get(i, l) + c.get(k, j) + tol,
                        "pairs (" + i + "," + j + ") and (" + k + "," + l + ") can be swapped profitably");
            }
        }
    }
}
