package dev.otto.theory.ot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornResult;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Entropic OT with skewed weights in every code path of the solver (MATH.md section 1, "Entropic
 * OT": the minimiser P = diag(e^(f/eps)) K diag(e^(g/eps)) of &lt;C,P&gt; + eps KL(P | a b^T) has
 * marginals a and b; Peyre and Cuturi, Computational Optimal Transport, Prop. 4.3 and eq. (4.14)):
 * the scaling iteration on a stored kernel, the log-domain iteration on a stored cost (with its
 * cached kernel) and on a streamed cost (rows computed on the fly, kernel memory 0), each with
 * epsilon scaling on and off.
 */
class SinkhornSkewedWeightsProperties {

    private static final double TOLERANCE = 1e-10;
    private static final int MAX_ITERATIONS = 50_000;

    /**
     * ot.sinkhorn-skewed-marginals. For weights a, b of equal mass M whose largest entries are up to
     * 10^6 times their smallest, every path returns a plan whose column sums are b to rounding (the
     * last half-step fits them exactly: 1e-13 (n + m) M, n + m sums of terms each rounded to 1e-16
     * relative, with a thousand-fold allowance for the exponentials of potentials up to |C| / eps)
     * and whose row sums are a within the error the result reports (to the same rounding), which is
     * at most TOLERANCE x M whenever the result says it converged; a result that did not converge
     * must have spent the whole iteration limit. The transport costs of the converged paths agree:
     * each plan is the exact entropic optimum for its own marginals, which differ from (a, b) by
     * delta &lt;= TOLERANCE M in L1, and moving a marginal by delta moves &lt;C, P&gt; by at most
     * delta (max|C| + eps |log min(a, b) / M|) (the range of the potentials and of the entropy's
     * derivative); two paths may err in opposite directions, so the bound is twice that, with a
     * factor 10 for the second-order terms.
     */
    @Property(tries = 30)
    @Tag("ot.skewed-weights")
    void everyPathMatchesSkewedMarginals(@ForAll @IntRange(min = 1, max = 30) int n,
                                         @ForAll @IntRange(min = 1, max = 30) int m,
                                         @ForAll @IntRange(min = 1, max = 3) int d,
                                         @ForAll @DoubleRange(min = 0, max = 3) double kappa,
                                         @ForAll @DoubleRange(min = -2, max = 1) double logRelativeEps,
                                         @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double scale = Math.pow(10, 4 * rng.nextDouble() - 2);
        double mass = Math.pow(10, 2 * rng.nextDouble() - 1);
        double[][] x = SkewedClouds.cloud(n, d, scale, rng);
        double[][] y = SkewedClouds.cloud(m, d, scale, rng);
        double[] a = SkewedClouds.weights(n, kappa, mass, rng);
        double[] b = SkewedClouds.weights(m, kappa, mass, rng);
        Cost streamed = PointCloudCost.squaredEuclidean(x, y);
        Cost stored = CostMatrix.of(streamed);
        double eps = Math.pow(10, logRelativeEps) * Math.max(stored.meanUnder(a, b), Double.MIN_NORMAL);
        double minWeight = Math.min(min(a), min(b));
        double reference = Double.NaN;
        for (Sinkhorn.Method method : Sinkhorn.Method.values()) {
            for (Cost cost : new Cost[] {stored, streamed}) {
                for (boolean scaling : new boolean[] {false, true}) {
                    // kernel memory 0: the point cloud is streamed, not absorbed into a stored kernel
                    Sinkhorn solver = Sinkhorn.logDomain().withMethod(method).withEpsilon(eps).withTolerance(TOLERANCE)
                            .withMaxIterations(MAX_ITERATIONS).withEpsilonScaling(scaling).withKernelMemory(0);
                    SinkhornResult r = solver.solve(a, b, cost);
                    String path = method + (cost == stored ? ", stored" : ", streamed") + (scaling ? ", eps-scaling" : "")
                            + " (ran " + r.method() + ")";
                    double[][] marg = SkewedClouds.marginals(r.plan());
                    double rowErr = SkewedClouds.l1(marg[0], a);
                    double colErr = SkewedClouds.l1(marg[1], b);
                    assertTrue(Math.abs(rowErr - r.rowMarginalError()) <= 1e-13 * (n + m) * mass, path
                            + ": |P1 - a|_1 = " + rowErr + " but the result reports " + r.rowMarginalError());
                    assertTrue(colErr <= 1e-13 * (n + m) * mass, path + ": |P^T 1 - b|_1 = " + colErr);
                    if (!r.converged()) {
                        assertTrue(r.iterations() >= MAX_ITERATIONS, path + ": stopped after " + r.iterations()
                                + " iterations without converging");
                        continue;
                    }
                    assertTrue(rowErr <= TOLERANCE * mass * (1 + 1e-6), path + ": |P1 - a|_1 = " + rowErr + " > "
                            + TOLERANCE * mass);
                    double cost1 = r.transportCost();
                    if (Double.isNaN(reference)) {
                        reference = cost1;
                    } else {
                        double bound = 10 * 2 * TOLERANCE * mass * (stored.maxAbs() + eps * Math.abs(Math.log(minWeight / mass)));
                        assertTrue(Math.abs(cost1 - reference) <= bound, path + ": <C,P> = " + cost1
                                + " differs from the first path's " + reference + " by more than " + bound);
                    }
                }
            }
        }
    }

    private static double min(double[] w) {
        double v = Double.POSITIVE_INFINITY;
        for (double x : w) {
            v = Math.min(v, x);
        }
        return v;
    }
}
