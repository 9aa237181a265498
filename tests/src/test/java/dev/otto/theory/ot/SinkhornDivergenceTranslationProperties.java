package dev.otto.theory.ot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornDivergence;
import dev.otto.ot.sinkhorn.SinkhornResult;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The Sinkhorn divergence of a translated cloud (MATH.md section 1; Feydy et al., "Interpolating
 * between optimal transport and MMD using Sinkhorn divergences", AISTATS 2019, eq. (3)). Otto's
 * convention: S_eps(a, b) = OT_eps(a, b) - OT_eps(a, a)/2 - OT_eps(b, b)/2 with
 * OT_eps = min &lt;C, P&gt; + eps KL(P | a b^T) over couplings of a and b, cost |x - y|^2 (no 1/2), one eps
 * shared by the three problems.
 *
 * <p>For y_j = x_j + v and b = a: |x_i - y_j|^2 = |x_i - x_j|^2 - 2 &lt;x_i, v&gt; + 2 &lt;x_j, v&gt; + |v|^2.
 * The terms in i alone and in j alone integrate against the marginals a and b = a to the same
 * constant for every coupling (they cancel), so &lt;C_xy, P&gt; = &lt;C_xx, P&gt; + |v|^2 M for every P
 * with marginals a, a (M = sum a), the KL term does not see the cost, and
 * OT_eps(a, b) = OT_eps(a, a) + |v|^2 M; likewise OT_eps(b, b) = OT_eps(a, a). Hence
 * S_eps = |v|^2 M exactly, at every eps.
 */
class SinkhornDivergenceTranslationProperties {

    /**
     * ot.sinkhorn-divergence-translation. S_eps(a, translate(a, v)) = M |v|^2 for skewed weights,
     * eps from 1e-2 to 1e2 times the mean cost, stored and streamed costs, both iterations.
     *
     * <p>Tolerance: each OT_eps is solved until its L1 row-marginal error delta_k is at most 1e-9 M or
     * the iteration limit is reached (plain Sinkhorn contracts slowly on well-separated points: two
     * points 4.8 apart at eps = 2.2 need more than 10^5 scaling iterations; only the log-domain
     * iteration on a stored cost over-relaxes). Its value is that of the returned plan P, the exact
     * entropic optimum for P's own marginals, and moving a marginal by delta in L1 moves that value
     * by at most delta times the range of the potentials, which is max|C_k| once they are
     * normalised. So the bound is 2 sum_k max(delta_k, 1e-13 M) max|C_k| over the three problems,
     * with delta_k measured on the solves themselves, the factor 2 for second-order terms.
     */
    @Property(tries = 40)
    @Tag("ot.sinkhorn-divergence")
    void translationCostsTheSquaredShift(@ForAll @IntRange(min = 1, max = 25) int n,
                                         @ForAll @IntRange(min = 1, max = 3) int d,
                                         @ForAll @DoubleRange(min = 0, max = 3) double kappa,
                                         @ForAll @DoubleRange(min = -2, max = 2) double logRelativeEps,
                                         @ForAll boolean streamed, @ForAll boolean scalingIteration,
                                         @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double scale = Math.pow(10, 4 * rng.nextDouble() - 2);
        double mass = Math.pow(10, 2 * rng.nextDouble() - 1);
        double[][] x = SkewedClouds.cloud(n, d, scale, rng);
        double[] v = SkewedClouds.cloud(1, d, scale * 2 * rng.nextDouble(), rng)[0];
        double[][] y = new double[n][d];
        double v2 = 0;
        for (int j = 0; j < d; j++) {
            v2 += v[j] * v[j];
            for (int i = 0; i < n; i++) {
                y[i][j] = x[i][j] + v[j];
            }
        }
        double[] a = SkewedClouds.weights(n, kappa, mass, rng);
        Cost xy = PointCloudCost.squaredEuclidean(x, y);
        Cost xx = PointCloudCost.squaredEuclidean(x, x);
        Cost yy = PointCloudCost.squaredEuclidean(y, y);
        if (!streamed) {
            xy = CostMatrix.of(xy);
            xx = CostMatrix.of(xx);
            yy = CostMatrix.of(yy);
        }
        double eps = Math.pow(10, logRelativeEps) * Math.max(xy.meanUnder(a, a), Double.MIN_NORMAL);
        Sinkhorn solver = (scalingIteration ? Sinkhorn.scaling() : Sinkhorn.logDomain()).withMaxIterations(5_000);
        double s = SinkhornDivergence.of(a, a, xy, xx, yy, eps, solver);
        double bound = 0;
        for (Cost c : new Cost[] {xy, xx, yy}) {
            SinkhornResult r = solver.withEpsilon(eps).solve(a, a, c);
            bound += 2 * Math.max(r.rowMarginalError(), 1e-13 * mass) * c.maxAbs();
        }
        assertTrue(Math.abs(s - mass * v2) <= bound, "S_eps = " + s + ", M |v|^2 = " + mass * v2 + ", error "
                + Math.abs(s - mass * v2) + " > " + bound + " (eps " + eps + ", n " + n + ")");
    }
}
