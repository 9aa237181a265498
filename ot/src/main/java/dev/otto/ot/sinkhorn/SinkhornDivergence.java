package dev.otto.ot.sinkhorn;

import dev.otto.ot.internal.Checks;
import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.PointCloudCost;

/**
 * The debiased Sinkhorn divergence, MATH.md section 1:
 * S_eps(a,b) = OT_eps(a,b) - OT_eps(a,a)/2 - OT_eps(b,b)/2 with
 * OT_eps = min &lt;C,P&gt; + eps KL(P | a b^T) (the regularised objective, not &lt;C,P&gt;). It is &gt;= 0
 * and = 0 iff the measures are equal, for costs with a positive definite Gibbs kernel such as
 * |x - y|^2 and |x - y|. One eps (given, or 0.05 x the mean cross cost of the (x, y) problem) is used
 * for all three problems. Computed with log-domain Sinkhorn.
 */
public final class SinkhornDivergence {

    private SinkhornDivergence() {
    }

    /** S_eps between uniform clouds with the squared Euclidean cost |x - y|^2 and the default eps. */
    public static double squaredEuclidean(double[][] x, double[][] y) {
        return of(x, null, y, null, 2, Double.NaN, Sinkhorn.logDomain());
    }

    /**
     * S_eps between weighted clouds (null weights = uniform) with cost |x - y|^p.
     *
     * @param eps the regularisation, or NaN for the default
     * @param solver solver settings (tolerance, iterations); its eps is overridden
     */
    public static double of(double[][] x, double[] a, double[][] y, double[] b, double p, double eps, Sinkhorn solver) {
        double[] wa = a == null ? Checks.uniform(x.length) : a;
        double[] wb = b == null ? Checks.uniform(y.length) : b;
        Cost xy = PointCloudCost.power(x, y, p);
        Cost xx = PointCloudCost.power(x, x, p);
        Cost yy = PointCloudCost.power(y, y, p);
        double e = Double.isNaN(eps) ? solver.resolveEpsilon(wa, wb, xy) : eps;
        Checks.epsilon(e);
        Sinkhorn s = solver.withEpsilon(e);
        double ab = s.solve(wa, wb, xy).objective();
        double aa = s.solve(wa, wa, xx).objective();
        double bb = s.solve(wb, wb, yy).objective();
        return ab - 0.5 * (aa + bb);
    }

    /** S_eps for explicit costs C(a,b), C(a,a), C(b,b) and a fixed eps. */
    public static double of(double[] a, double[] b, Cost cab, Cost caa, Cost cbb, double eps, Sinkhorn solver) {
        Checks.epsilon(eps);
        Sinkhorn s = solver.withEpsilon(eps);
        return s.solve(a, b, cab).objective() - 0.5 * (s.solve(a, a, caa).objective() + s.solve(b, b, cbb).objective());
    }
}
