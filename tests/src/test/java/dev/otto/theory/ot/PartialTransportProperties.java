package dev.otto.theory.ot;

import dev.otto.ot.exact.NetworkSimplex;
import dev.otto.ot.exact.PartialTransport;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact partial transport ({@link PartialTransport}; Chapel et al. 2020, Prop. 1), POT_s = min
 * &lt;C,P&gt; over P &gt;= 0 with P 1 &lt;= a, P^T 1 &lt;= b and total mass s:
 * <ul>
 *   <li>the plan moves exactly s and stays within both marginals;</li>
 *   <li>POT_s is nondecreasing in s (a plan of mass s2 scaled by s1/s2 is feasible for s1 and costs
 *       s1/s2 of it, since C &gt;= 0) and convex (the feasible set is jointly convex in (P, s));</li>
 *   <li>at s = |a| (balanced weights) it is OT(a, b, C) of the network simplex;</li>
 *   <li>at s = 0 it moves nothing.</li>
 * </ul>
 * Tolerances: network simplex values are exact to ~1e-12 relative to max|C| x mass (see
 * ExactDualityProperties); masses are sums of the input weights, exact to 1e-12 of the total.
 */
@Tag("ot.partial")
class PartialTransportProperties {

    @Provide
    Arbitrary<OtProblem> problems() {
        return OtProblems.problems(8, false);
    }

    @Property(tries = 100)
    void movesTheMassWithinTheMarginalsAndReachesExactTransport(@ForAll("problems") OtProblem p) {
        double total = OtProblem.sum(p.a);
        double slack = 1e-12 * total;
        double scale = 1e-11 * p.maxCost() * total + Double.MIN_NORMAL;
        double previous = 0;
        double previousSlope = 0;
        double step = total / 4;
        for (int k = 0; k <= 4; k++) {
            double s = k == 4 ? Math.min(total, OtProblem.sum(p.b)) : k * step;
            PartialTransport.Plan plan = PartialTransport.solve(p.a, p.b, p.cost(), s);
            assertEquals(s, plan.mass(), slack, "mass moved at s = " + s);
            double[][] dense = plan.dense(p.n(), p.m());
            for (int i = 0; i < p.n(); i++) {
                double r = 0;
                for (double v : dense[i]) {
                    r += v;
                }
                assertTrue(r <= p.a[i] + slack, "row " + i + " exceeds a: " + r + " > " + p.a[i]);
            }
            for (int j = 0; j < p.m(); j++) {
                double c = 0;
                for (double[] row : dense) {
                    c += row[j];
                }
                assertTrue(c <= p.b[j] + slack, "column " + j + " exceeds b: " + c + " > " + p.b[j]);
            }
            assertTrue(plan.cost() >= previous - scale, "cost fell from " + previous + " to " + plan.cost() + " at s = " + s);
            if (k > 0 && k < 4) {
                double slope = (plan.cost() - previous) / step;
                assertTrue(slope >= previousSlope - scale / step, "not convex in s at " + s + ": slope " + slope + " < " + previousSlope);
                previousSlope = slope;
            }
            if (k == 0) {
                assertEquals(0.0, plan.mass(), slack, "s = 0 moves mass");
            }
            previous = plan.cost();
        }
        double exact = new NetworkSimplex().solve(p.a, p.b, p.cost()).cost();
        assertEquals(exact, previous, scale, "full mass against exact OT");
    }
}
