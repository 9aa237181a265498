package dev.otto.flows.certificate;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.interpolation.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The certificate of a Gaussian interpolation flow (MATH.md section 5; seed paper 3), measured with
 * the flow's own solver. Besides the checks of every family ({@link SampleChecks}, the inversion
 * being the round trip data -> noise -> data, 1 -> 0 -> 1):
 * <ul>
 *   <li>{@code interp.velocity-lipschitz}: max over the time grid t = 0, 0.1, ..., 0.9 and points
 *       X_t = a(t) z + b(t) x (held-out x, fresh z) of ||grad_x v_theta(t, X_t)||_2
 *       ({@link JacobianNorm}), against the largest over the same grid of the regularity bound of
 *       MATH.md section 5: for a target in the ball of radius D, grad v = (a'/a) I + (b' - a' b/a)
 *       (b/a^2) Cov[X_1 | X_t] is symmetric with eigenvalues between a'/a and
 *       a'/a + (b' - a' b/a) b D^2/a^2, so its norm is at most the larger of their moduli. D is the
 *       held-out max |x|. The grid stops at 0.9 because the bound diverges as a(t) -> 0.</li>
 *   <li>{@code interp.cycle}: E|Phi_{1->0}(Phi_{0->1}(z)) - z|^2 for fresh noise z (cycle consistency,
 *       0 -> 1 -> 0), against 1e-4 E|z|^2 = 1e-4 d ({@link DataScale#RELATIVE_MEAN_SQUARE}); for a
 *       source other than N(0, I), z are source draws and E|z|^2 their mean square.</li>
 *   <li>{@code interp.log-density}: how many held-out points get a non-finite exact-trace
 *       log-density (MATH.md section 3, CNF bookkeeping); must be none. Not resolvable when the
 *       source has no density (a data set).</li>
 * </ul>
 * The velocity bound is Tweedie's, which needs the source N(0, I) and a noise-free interpolant
 * (MATH.md section 5, "Sources other than N(0, I)"); for other flows that check is not resolvable.
 */
public final class InterpolationCertifier {

    /** Time-grid points of the Lipschitz estimate: t = j / 10 for j = 0..9. */
    static final int TIME_POINTS = 10;

    /** Points per grid time, and the held-out points whose log-density is evaluated. */
    static final int SUBSET = 200;

    private InterpolationCertifier() {
    }

    /** The certificate of {@code flow} on held-out data (n x d), randomness from {@code rng}. */
    public static Certificate certify(InterpolationFlow flow, Tensor heldOut, RandomGenerator rng) {
        DataScale scale = DataScale.of(heldOut);
        int n = heldOut.rows();
        int d = heldOut.cols();
        List<Check> checks = new ArrayList<>(SampleChecks.of(() -> flow.sample(n, rng), n, scale));
        if (SampleChecks.diverged(checks)) {
            return new Certificate(InterpolationFlow.KIND, checks);
        }
        String solver = flow.integration().describe();
        checks.add(SampleChecks.inversion(flow, heldOut, scale, solver));
        checks.add(velocityLipschitz(flow, heldOut, scale, rng));
        boolean gaussian = flow.source().isStandardGaussian();
        Tensor z = flow.source().sample(n, rng);
        double meanSquare = gaussian ? d : z.square().rowSums().mean().item();
        double cycle = Measure.orNaN(() -> flow.toNoise(flow.fromNoise(z)).sub(z).square().rowSums().mean().item());
        checks.add(Check.atMost("interp.cycle", "MATH.md 5 cycle consistency", cycle,
                DataScale.RELATIVE_MEAN_SQUARE * meanSquare, "E|Phi_1->0(Phi_0->1(z)) - z|^2 over " + n
                        + (gaussian ? " noise samples with " + solver + ", against 1e-4 E|z|^2 = 1e-4 d"
                        : " source samples with " + solver + ", against 1e-4 of their mean |z|^2")));
        if (!flow.hasDensity()) {
            checks.add(Check.notResolvable("interp.log-density", "MATH.md 3 CNF bookkeeping (exact trace)",
                    "the source '" + flow.source().name() + "' has no density, so neither has the model"));
            return new Certificate(InterpolationFlow.KIND, checks);
        }
        Tensor sub = heldOut.sliceRows(0, Math.min(SUBSET, n));
        double bad = Measure.orNaN(() -> {
            int count = 0;
            for (double v : flow.logDensity(sub).toArray()) {
                count += Double.isFinite(v) ? 0 : 1;
            }
            return count;
        });
        checks.add(Check.atMost("interp.log-density", "MATH.md 3 CNF bookkeeping (exact trace)", bad, 0,
                (Double.isNaN(bad) ? "the log-density integration did not finish" : (int) bad + " of " + sub.rows()
                        + " held-out points have a non-finite log p") + " (exact divergence along the path from t = 1"
                        + " to 0)"));
        return new Certificate(InterpolationFlow.KIND, checks);
    }

    static Check velocityLipschitz(InterpolationFlow flow, Tensor heldOut, DataScale scale, RandomGenerator rng) {
        if (!flow.source().isStandardGaussian() || !flow.path().isDeterministic()) {
            return Check.notResolvable("interp.velocity-lipschitz", "MATH.md 5 regularity (Tweedie: grad v and"
                    + " Cov[X_1|X_t])", "the Tweedie bound holds for the source N(0, I) along a noise-free"
                    + " interpolant; this flow starts from '" + flow.source().name() + "' along " + flow.path().name()
                    + " (MATH.md 5, sources other than N(0, I))");
        }
        Schedule s = flow.schedule();
        Tensor x = heldOut.sliceRows(0, Math.min(SUBSET, heldOut.rows()));
        double measured = 0;
        double bound = 0;
        for (int j = 0; j < TIME_POINTS; j++) {
            double t = j / (double) TIME_POINTS;
            Tensor xt = Tensor.randn(x.rows(), x.cols(), rng).scale(s.a(t)).add(x.scale(s.b(t)));
            measured = Math.max(measured, Measure.orNaN(() -> JacobianNorm.max(y -> flow.velocity(t, y), xt)));
            bound = Math.max(bound, regularityBound(s, t, scale.maxNorm()));
        }
        return Check.atMost("interp.velocity-lipschitz", "MATH.md 5 regularity (Tweedie: grad v and Cov[X_1|X_t])",
                measured, bound, String.format(Locale.ROOT, "max ||grad_x v(t, X_t)|| over t = 0..0.9 and %d"
                        + " interpolant points per t, against the exact velocity's bound for a target within radius"
                        + " D = %.4g", x.rows(), scale.maxNorm()));
    }

    /**
     * max(|a'/a|, |a'/a + (b' - a' b/a) b D^2 / a^2|) at time t &lt; 1: the norm bound of the exact
     * velocity's Jacobian for a target supported in the ball of radius D (MATH.md section 5).
     */
    public static double regularityBound(Schedule s, double t, double radius) {
        double a = s.a(t);
        double b = s.b(t);
        double ap = s.aPrime(t);
        double bp = s.bPrime(t);
        double low = ap / a;
        double high = low + (bp - ap * b / a) * b * radius * radius / (a * a);
        return Math.max(Math.abs(low), Math.abs(high));
    }
}
