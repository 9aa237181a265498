package dev.otto.flows.interpolation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.metrics.TensorTransport;
import dev.otto.ode.Integration;
import dev.otto.ot.internal.Parallel;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The coupling samplers of MATH.md section 5 against the transport facts of section 1. */
class CouplingProperties {

    private static double[] costs(Tensor z, Tensor x) {
        int m = z.rows();
        var c = TensorTransport.cost(z, x, 2);
        double[] out = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                out[i * m + j] = c.get(i, j);
            }
        }
        return out;
    }

    private static double bruteForceMinimum(double[] c, int m) {
        return permute(new int[m], new boolean[m], 0, c, m);
    }

    private static double permute(int[] p, boolean[] used, int k, double[] c, int m) {
        if (k == m) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += c[p[j] * m + j];
            }
            return s / m;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            if (!used[i]) {
                used[i] = true;
                p[k] = i;
                best = Math.min(best, permute(p, used, k + 1, c, m));
                used[i] = false;
            }
        }
        return best;
    }

    /**
     * The exact-OT plan of two uniform batches is a permutation (Birkhoff: the optimum of the
     * assignment LP is attained at a vertex) whose cost is the minimum over all m! permutations,
     * checked by enumeration; 1e-12 relative is float64 summation error over m &lt;= 6 terms.
     */
    @Property(tries = 40)
    void exactOtIsAPermutationMinimisingTheCost(@ForAll @IntRange(min = 2, max = 6) int m,
                                                @ForAll @IntRange(min = 1, max = 3) int d,
                                                @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor z = Tensor.randn(m, d, rng);
        Tensor x = Tensor.randn(m, d, rng).scale(2).addScalar(1);
        CouplingPlan plan = Coupling.exactOt().plan(z, x);
        for (int i = 0; i < m; i++) {
            int rowNonZeros = 0;
            int colNonZeros = 0;
            for (int j = 0; j < m; j++) {
                rowNonZeros += plan.probability(i, j) > 0 ? 1 : 0;
                colNonZeros += plan.probability(j, i) > 0 ? 1 : 0;
                assertTrue(plan.probability(i, j) == 0 || Math.abs(plan.probability(i, j) - 1.0 / m) < 1e-15);
            }
            assertEquals(1, rowNonZeros, "row " + i);
            assertEquals(1, colNonZeros, "column " + i);
        }
        double[] c = costs(z, x);
        double best = bruteForceMinimum(c, m);
        assertEquals(best, plan.expectedCost(c), 1e-12 * (1 + best));
    }

    /**
     * eps -&gt; 0: the entropic plan P_eps minimises &lt;C,P&gt; + eps KL(P | a b^T) and the exact plan P_0
     * (a permutation) has KL(P_0 | a b^T) = log m, so &lt;C,P_eps&gt; &lt;= OT + eps log m. eps -&gt; infinity:
     * KL(P_eps | a b^T) &lt;= (&lt;C, a b^T&gt; - &lt;C, P_eps&gt;)/eps &lt;= mean(C)/eps, and by Pinsker
     * |P_eps - a b^T|_1 &lt;= sqrt(2 mean(C)/eps), so the mean paired cost differs from the independent
     * one by at most max(C) sqrt(2 mean(C)/eps). Both bounds get a slack of max(C) times the
     * marginal error the coupling accepts (a plan off its marginals by delta in L1 moves the mean
     * cost by at most delta max(C)).
     */
    @Property(tries = 25)
    void entropicPlanTendsToExactAndToIndependent(@ForAll @IntRange(min = 3, max = 12) int m,
                                                 @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor z = Tensor.randn(m, 2, rng);
        Tensor x = Tensor.randn(m, 2, rng).addScalar(0.5);
        double[] c = costs(z, x);
        double mean = 0;
        double max = 0;
        for (double v : c) {
            mean += v / c.length;
            max = Math.max(max, v);
        }
        double exact = Coupling.exactOt().plan(z, x).expectedCost(c);
        double independent = Coupling.independent().plan(z, x).expectedCost(c);
        double slack = EntropicCoupling.ACCEPTED_MARGINAL_ERROR * max;
        for (double eps : new double[] {1e-2 * mean, 5e-2 * mean}) {
            double entropic = Coupling.entropic(eps).plan(z, x).expectedCost(c);
            assertTrue(entropic >= exact - slack, "below the exact optimum at eps " + eps);
            assertTrue(entropic <= exact + eps * Math.log(m) + slack,
                    "eps " + eps + ": " + entropic + " vs exact " + exact);
        }
        for (double eps : new double[] {1e3 * mean, 1e5 * mean}) {
            double entropic = Coupling.entropic(eps).plan(z, x).expectedCost(c);
            assertTrue(Math.abs(entropic - independent) <= max * Math.sqrt(2 * mean / eps) + slack,
                    "eps " + eps + ": " + entropic + " vs independent " + independent);
        }
        // relative eps is the plan of the absolute eps it resolves to; the solver's mean cost and this
        // test's may differ in the last bit, so the two solves can stop an iteration apart: each plan is
        // within the marginal tolerance (L1) of the same fixed point, so their mean costs agree to twice
        // that times max C (a seed found 5.7e-12 apart, more than the 1e-12 of an identical solve)
        assertEquals(Coupling.entropic(0.05 * mean).plan(z, x).expectedCost(c),
                Coupling.entropicRelative(0.05).plan(z, x).expectedCost(c), 2 * EntropicCoupling.MARGINAL_TOLERANCE * max);
    }

    /**
     * Drawing with replacement gives pair (i, j) with probability pi_ij: Pearson's statistic over the
     * m^2 = 9 cells of N = 20,000 draws is asymptotically chi^2 with 8 degrees of freedom (every
     * expected count here exceeds 200, far above the usual 5), whose 1 - 1e-6 quantile is 42.70; so
     * a correct sampler fails a try with probability about 1e-6.
     */
    @Property(tries = 10)
    void withReplacementDrawsPairsWithThePlansProbabilities(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int m = 3;
        Tensor z = Tensor.randn(m, 2, rng);
        Tensor x = Tensor.randn(m, 2, rng);
        CouplingPlan plan = Coupling.entropicRelative(2.0).plan(z, x);
        int n = 20_000;
        CouplingPlan.Pairs pairs = plan.draw(n, true, rng);
        double[] counts = new double[m * m];
        for (int k = 0; k < n; k++) {
            counts[pairs.noise()[k] * m + pairs.data()[k]]++;
        }
        double chi2 = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double expected = n * plan.probability(i, j);
                assertTrue(expected > 200, "cell (" + i + ", " + j + ") expects " + expected);
                chi2 += Math.pow(counts[i * m + j] - expected, 2) / expected;
            }
        }
        assertTrue(chi2 < 42.70, "Pearson chi^2 = " + chi2 + " over 8 degrees of freedom");
    }

    /** Without replacement: n distinct entries of the support; all m pairs of an exact-OT plan when n = m. */
    @Property(tries = 30)
    void withoutReplacementDrawsDistinctPairsOfTheSupport(@ForAll @IntRange(min = 2, max = 16) int m,
                                                         @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor z = Tensor.randn(m, 2, rng);
        Tensor x = Tensor.randn(m, 2, rng);
        CouplingPlan plan = Coupling.exactOt().plan(z, x);
        CouplingPlan.Pairs all = plan.draw(m, false, rng);
        Set<Integer> noise = new HashSet<>();
        for (int k = 0; k < m; k++) {
            assertTrue(plan.probability(all.noise()[k], all.data()[k]) > 0);
            noise.add(all.noise()[k]);
        }
        assertEquals(m, noise.size(), "every noise row once");
        CouplingPlan.Pairs some = Coupling.independent().plan(z, x).draw(m, false, rng);
        Set<Integer> cells = new HashSet<>();
        for (int k = 0; k < m; k++) {
            cells.add(some.noise()[k] * m + some.data()[k]);
        }
        assertEquals(m, cells.size(), "distinct cells");
        assertThrows(IllegalArgumentException.class, () -> plan.draw(m + 1, false, new SplittableRandom(1)));
    }

    /** The plan and the draw depend on the batches and the seed only, not on the solvers' threads. */
    @Test
    void pairsDoNotDependOnTheThreadCount() {
        int m = 400; // m^2 d above the ot module's threshold for parallel passes
        SplittableRandom rng = new SplittableRandom(7);
        Tensor z = Tensor.randn(m, 2, rng);
        Tensor x = Tensor.randn(m, 2, rng).addScalar(1);
        CouplingSampler sampler = new CouplingSampler(Coupling.entropicRelative(0.05), m, true);
        boolean before = Parallel.isEnabled();
        try {
            Parallel.setEnabled(true);
            CouplingSampler.CoupledBatch parallel = sampler.pair(z, x, 128, new SplittableRandom(3));
            Parallel.setEnabled(false);
            CouplingSampler.CoupledBatch serial = sampler.pair(z, x, 128, new SplittableRandom(3));
            assertArrayEquals(parallel.noise().toArray(), serial.noise().toArray(), 0.0);
            assertArrayEquals(parallel.data().toArray(), serial.data().toArray(), 0.0);
        } finally {
            Parallel.setEnabled(before);
        }
    }

    /** A coupling batch larger than the training batch trains, reproducibly, and is refused when smaller. */
    @Test
    void trainerDrawsItsPairsFromALargerCouplingBatch() {
        var config = InterpolationTrainer.Config.defaults(4, 11).withBatchSize(32);
        double[][] losses = new double[2][];
        for (int r = 0; r < 2; r++) {
            InterpolationFlow flow = InterpolationFlow.create(2, new int[] {16}, Activation.tanh(), Schedule.linear(),
                    Integration.rk4(8), new SplittableRandom(5));
            losses[r] = new InterpolationTrainer(config)
                    .withCoupling(new CouplingSampler(Coupling.exactOt(), 96, false))
                    .train(flow, Datasets.byName("moons")).losses();
        }
        assertEquals(4, losses[0].length);
        assertArrayEquals(losses[0], losses[1], 0.0);
        assertThrows(IllegalArgumentException.class, () -> new InterpolationTrainer(config)
                .withCoupling(new CouplingSampler(Coupling.independent(), 16, true)));
    }
}
