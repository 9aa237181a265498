package dev.otto.theory.ot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.loss.SinkhornDivergenceEvaluation;
import dev.otto.flows.loss.SinkhornDivergenceLoss;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 1, statement {@code ot.sinkhorn-divergence-gradient}: the gradient of the debiased
 * Sinkhorn divergence S_eps(x, y) = OT_eps(x, y) - OT_eps(x, x)/2 - OT_eps(y, y)/2 (cost |x - y|^2) in
 * the points, read off the converged plans by the envelope theorem,
 * grad_{x_i} S = 2 sum_j P^xy_ij (x_i - y_j) - sum_k (P^xx_ik + P^xx_ki)(x_i - x_k) and symmetrically in y
 * (Feydy et al. 2019: the dual potentials as the first variation of OT_eps), as {@link SinkhornDivergenceLoss} computes it: it matches central
 * differences of the value, vanishes at x = y, is -2 a_i v (and 2 a_i v in y) on a cloud translated by
 * v, where the value is |v|^2; and the value is &gt;= 0.
 *
 * <p>Cases: n, m points in dimension d at a scale drawn over four decades, weights w_i proportional to
 * exp(kappa g_i) (up to 10^3 between the largest and the smallest for kappa = 2), probability
 * weights, eps from 0.2 to 5 times the mean cost under the independent coupling. Below that the
 * plans approach permutations and alternating Sinkhorn needs far more than its 10,000 iterations.
 *
 * <p>Tolerances, from delta, the largest L1 marginal error (mass 1) of the solves behind the check
 * (solved to 1e-12; a few cases in a thousand stop above it: at round-off for large eps, and on the
 * cross problem of clouds that coincide or are translates, where even the averaged iteration the loss
 * falls back to converges slowly, measured up to 6.1e-8; such solves, up to 1e-6, are used with their
 * measured error, which loosens only their own bounds), and the case's largest distance D between
 * any two of its points (max cost D^2):
 * <ul>
 *   <li>Value: each of the three objectives is that of a plan whose marginals are off by delta, which
 *       moves &lt;C, P&gt; by at most delta D^2 and the entropy term by delta eps (1 + |log delta| +
 *       log(N^2)) (N = n + m), plus 64 N^2 u D^2 for summing N^2 terms (u = 2^-52): s per solve,
 *       3 s for S.</li>
 *   <li>Gradient (envelope formula at a plan off its fixed point): the plan's L1 distance to the fixed
 *       point is taken as 10 delta (the geometric tail of the iteration past the last measured error),
 *       and each unit of plan mass moves a point's gradient by at most 2 D; the cross plan enters both
 *       clouds' gradients and the two self plans one each: 4 x 2 D x 10 delta = 80 D delta, plus
 *       64 N u D for summing. The marginal error does not see every departure from the fixed point:
 *       each plan entry is exp((f_i + g_j - C_ij)/eps), and f, g and C, of magnitude up to D^2, are
 *       rounded to a few u D^2, so the entries carry relative errors up to about 8 u D^2/eps that
 *       the iteration cannot remove when they do not move the marginals (a cycle of entries up and
 *       down). The objective is stationary along such directions, so the values do not feel them,
 *       but the envelope gradient is linear in the plan: 4 x 2 D x 8 u D^2/eps = 64 u D^3/eps. It
 *       matters when D^2/eps reaches 1e6, as it does for a translated cloud with skewed weights,
 *       whose own spread sets eps: measured there up to 1.3e-10 against 80 D delta = 1.1e-11.</li>
 *   <li>Central differences with step h along a unit direction: the value error gives 2 x 3 s / (2 h);
 *       the truncation h^2/6 |S'''| is bounded through the scale on which the Gibbs plan varies,
 *       eps / (2 D) (the exponent (f + g - |x - y|^2)/eps moves by 2 D / eps per unit of length),
 *       so |S'''| &lt;= D (2 D / eps)^2 up to a constant taken as 10: 10/6 (2 D h / eps)^2 D. With
 *       h = 1e-3 eps / (2 D) both terms are a few 1e-6 D, against gradients of order D (a factor 2
 *       wrong, or the debiasing terms dropped, exceed the bound by orders of magnitude).</li>
 * </ul>
 */
class SinkhornDivergenceGradientProperties {

    private static final String ID = "ot.sinkhorn-divergence-gradient";
    private static final double DELTA = 1e-12;
    /** A solve that stops at its iteration limit within this error is used, its error measured and carried into the bounds. */
    private static final double ACCEPTED = 1e-6;
    private static final double U = Math.ulp(1.0);

    /** One generated case: clouds x (weights a) and y (weights b), eps. */
    private record Case(Tensor x, double[] a, Tensor y, double[] b, double eps) {

        static Case draw(int n, int m, int d, double kappa, double logRelativeEps, SplittableRandom rng) {
            double scale = Math.pow(10, 4 * rng.nextDouble() - 2);
            Tensor x = Tensor.fromRows(SkewedClouds.cloud(n, d, scale, rng));
            Tensor y = Tensor.fromRows(SkewedClouds.cloud(m, d, scale, rng)).addScalar(scale * rng.nextGaussian());
            double[] a = SkewedClouds.weights(n, kappa, 1, rng);
            double[] b = SkewedClouds.weights(m, kappa, 1, rng);
            return new Case(x, a, y, b, Math.pow(10, logRelativeEps) * meanCost(x, a, y, b));
        }

        SinkhornDivergenceLoss loss() {
            return SinkhornDivergenceLoss.squaredEuclidean(eps).withTolerance(DELTA).withAcceptedMarginalError(ACCEPTED);
        }

        SinkhornDivergenceEvaluation evaluate() {
            return loss().evaluate(x, a, y, b);
        }

        SinkhornDivergenceEvaluation evaluate(Tensor xs, Tensor ys) {
            return loss().evaluate(xs, a, ys, b);
        }

        int points() {
            return x.rows() + y.rows();
        }

        /** D: the largest distance between two points of the case. */
        double diameter() {
            Tensor all = Tensor.concatRows(x, y);
            double max = 0;
            for (int i = 0; i < all.rows(); i++) {
                for (int j = 0; j < i; j++) {
                    max = Math.max(max, Math.sqrt(squared(all.row(i), all.row(j))));
                }
            }
            return max;
        }

        /** s: the allowance on one solve's objective, for solves stopped at L1 marginal error delta. */
        double valueAllowance(double delta) {
            double dd = diameter();
            int nn = points();
            return (delta + 64.0 * nn * nn * U) * (dd * dd + eps * (1 + Math.abs(Math.log(delta)) + 2 * Math.log(nn)));
        }

        /** The allowance on one point's gradient (and on a directional derivative along a unit vector). */
        double gradientAllowance(double delta) {
            double dd = diameter();
            return 80 * dd * delta + 64 * points() * U * dd + 64 * U * dd * dd * dd / eps;
        }
    }

    @Property(tries = 100)
    @Tag(ID)
    void gradientMatchesCentralDifferences(@ForAll @IntRange(min = 1, max = 8) int n,
                                           @ForAll @IntRange(min = 1, max = 8) int m,
                                           @ForAll @IntRange(min = 1, max = 3) int d,
                                           @ForAll @DoubleRange(min = 0, max = 2) double kappa,
                                           @ForAll @DoubleRange(min = -0.7, max = 0.7) double logRelativeEps,
                                           @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Case c = Case.draw(n, m, d, kappa, logRelativeEps, rng);
        SinkhornDivergenceEvaluation e = c.evaluate();
        // a unit direction (u, w) over all coordinates of both clouds
        Tensor u = Tensor.randn(n, d, rng);
        Tensor w = Tensor.randn(m, d, rng);
        double norm = Math.sqrt(u.square().sum().item() + w.square().sum().item());
        u = u.scale(1 / norm);
        w = w.scale(1 / norm);
        double dd = c.diameter();
        double h = 1e-3 * c.eps() / (2 * dd);
        SinkhornDivergenceEvaluation plus = c.evaluate(c.x().addScaled(u, h), c.y().addScaled(w, h));
        SinkhornDivergenceEvaluation minus = c.evaluate(c.x().addScaled(u, -h), c.y().addScaled(w, -h));
        double fd = (plus.value() - minus.value()) / (2 * h);
        double delta = delta(e, plus, minus);
        double analytic = e.gradX().mul(u).sum().item() + e.gradY().mul(w).sum().item();
        double truncation = 10.0 / 6 * Math.pow(2 * dd * h / c.eps(), 2) * dd;
        double bound = 3 * c.valueAllowance(delta) / h + truncation + c.gradientAllowance(delta);
        assertTrue(Math.abs(analytic - fd) <= bound, "directional derivative " + analytic + ", central difference "
                + fd + ": |difference| " + Math.abs(analytic - fd) + " > bound " + bound + " (D = " + dd
                + ", eps = " + c.eps() + ", h = " + h + ")");
    }

    @Property(tries = 100)
    @Tag(ID)
    void gradientVanishesAtEqualClouds(@ForAll @IntRange(min = 1, max = 10) int n,
                                       @ForAll @IntRange(min = 1, max = 3) int d,
                                       @ForAll @DoubleRange(min = 0, max = 2) double kappa,
                                       @ForAll @DoubleRange(min = -0.7, max = 0.7) double logRelativeEps,
                                       @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Case drawn = Case.draw(n, n, d, kappa, logRelativeEps, rng);
        // y a copy of x (another tensor, the same values) with the same weights
        Case c = new Case(drawn.x(), drawn.a(), Tensor.fromRows(drawn.x().toRows()), drawn.a(), drawn.eps());
        SinkhornDivergenceEvaluation e = c.evaluate();
        double delta = delta(e);
        assertTrue(Math.abs(e.value()) <= 3 * c.valueAllowance(delta), "S(x, x) = " + e.value() + ", allowed "
                + 3 * c.valueAllowance(delta));
        double worst = Math.max(maxAbs(e.gradX()), maxAbs(e.gradY()));
        assertTrue(worst <= c.gradientAllowance(delta), "largest gradient entry at x = y: " + worst + " > bound "
                + c.gradientAllowance(delta) + " (D = " + c.diameter() + ")");
    }

    /**
     * S(x, x + v) = |v|^2 for b = a (MATH.md section 1, the translation identity of
     * {@code ot.sinkhorn-divergence}), and its gradient: the cross plan is the self plan (the cost
     * differs by row and column terms only), so grad_{x_i} S = 2 sum_j P_ij (x_i - x_j - v) - 2 sum_j
     * P_ij (x_i - x_j) = -2 a_i v and grad_{y_j} S = 2 a_j v, the per-point share of d|v|^2/dv = 2v.
     */
    @Property(tries = 100)
    @Tag(ID)
    void translatedCloudCostsTheSquaredShiftAndPullsEveryPointAlongIt(
            @ForAll @IntRange(min = 1, max = 10) int n, @ForAll @IntRange(min = 1, max = 3) int d,
            @ForAll @DoubleRange(min = 0, max = 2) double kappa,
            @ForAll @DoubleRange(min = -0.7, max = 0.7) double logRelativeEps, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Case drawn = Case.draw(n, 1, d, kappa, 0, rng);
        Tensor v = drawn.y();
        Tensor shifted = drawn.x().add(v);
        double v2 = v.square().sum().item();
        // eps on the scale of the cloud itself: the cross plan is the cloud's self plan, whose
        // conditioning a long translation does not change (one point: any eps)
        double own = meanCost(drawn.x(), drawn.a(), drawn.x(), drawn.a());
        double eps = Math.pow(10, logRelativeEps) * (own > 0 ? own : meanCost(drawn.x(), drawn.a(), shifted, drawn.a()));
        Case c = new Case(drawn.x(), drawn.a(), shifted, drawn.a(), eps);
        SinkhornDivergenceEvaluation e = c.evaluate();
        double delta = delta(e);
        assertTrue(Math.abs(e.value() - v2) <= 3 * c.valueAllowance(delta), "S(x, x + v) = " + e.value() + ", |v|^2 = "
                + v2 + ", allowed " + 3 * c.valueAllowance(delta));
        Tensor a = Tensor.wrap(n, 1, c.a().clone());
        Tensor expectedX = a.mul(v).scale(-2);
        double worst = Math.max(maxAbs(e.gradX().sub(expectedX)), maxAbs(e.gradY().add(expectedX)));
        assertTrue(worst <= c.gradientAllowance(delta), "gradient off -2 a_i v (x) and 2 a_i v (y) by " + worst
                + " > bound " + c.gradientAllowance(delta) + " (|v| = " + Math.sqrt(v2) + ", D = " + c.diameter() + ")");
    }

    /** S_eps(x, y) &gt;= 0 (MATH.md section 1, {@code ot.sinkhorn-divergence}) for the loss's own solves. */
    @Property(tries = 100)
    @Tag(ID)
    void valueIsNonNegative(@ForAll @IntRange(min = 1, max = 10) int n, @ForAll @IntRange(min = 1, max = 10) int m,
                            @ForAll @IntRange(min = 1, max = 3) int d,
                            @ForAll @DoubleRange(min = 0, max = 2) double kappa,
                            @ForAll @DoubleRange(min = -0.7, max = 0.7) double logRelativeEps,
                            @ForAll long seed) {
        Case c = Case.draw(n, m, d, kappa, logRelativeEps, new SplittableRandom(seed));
        SinkhornDivergenceEvaluation e = c.evaluate();
        double s = e.value();
        double allowed = 3 * c.valueAllowance(delta(e));
        assertTrue(s >= -allowed, "S = " + s + " < -" + allowed);
    }

    /** delta: the largest L1 marginal error (mass 1) of the solves, at least the tolerance. */
    private static double delta(SinkhornDivergenceEvaluation... evaluations) {
        double d = DELTA;
        for (SinkhornDivergenceEvaluation e : evaluations) {
            for (double err : e.marginalErrors()) {
                d = Math.max(d, err);
            }
        }
        return d;
    }

    private static double maxAbs(Tensor t) {
        double max = 0;
        for (double v : t.toArray()) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double meanCost(Tensor x, double[] a, Tensor y, double[] b) {
        double s = 0;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < y.rows(); j++) {
                s += a[i] * b[j] * squared(x.row(i), y.row(j));
            }
        }
        return s;
    }

    private static double squared(double[] p, double[] q) {
        double s = 0;
        for (int k = 0; k < p.length; k++) {
            s += (p[k] - q[k]) * (p[k] - q[k]);
        }
        return s;
    }
}
