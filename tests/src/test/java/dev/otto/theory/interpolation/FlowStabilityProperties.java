package dev.otto.theory.interpolation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.interpolation.GaussianMixtureVelocity;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.ode.VectorField;
import dev.otto.ot.Wasserstein;
import dev.otto.theory.StatementCases;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 5, flow-map Lipschitz bound, stability in the source and under a perturbed
 * velocity (seed paper 3, its stability theorems for the flow map), on shared-covariance Gaussian
 * mixtures whose one-sided Lipschitz function Lambda(r) &gt;= sup_x lambda_max(sym grad v(r, x)) is
 * explicit ({@link JacobianBoundProperties#upper}): <ul> <li>Lip(Phi_{s-&gt;t}) &lt;= exp(int_s^t
 * Lambda(r) dr);</li> <li>W_2(Phi # mu, Phi # mu') &lt;= Lip(Phi) W_2(mu, mu') (exact OT on both
 * sides);</li> <li>a field w with |w - v| &lt;= delta moves each endpoint by at most delta int_s^t
 * exp(int_r^t Lambda) dr (Gronwall with the one-sided constant, since d|e|/dt &lt;= Lambda |e| +
 * delta); with Lambda &lt;= L this implies MATH.md's delta (e^{LT} - 1)/L.</li> </ul> The flows are
 * RK4 with 400 steps per unit time (eigenvalues of S in [0.03, 10]: slope &lt;= 2/0.03 = 67 at
 * worst, L h &lt;= 0.17, global error &lt; 1e-7 relative) and the integrals of Lambda use 20000
 * trapezoids (relative error below ~1e-5 where Lambda varies on the scale sqrt(l_min) near t = 1).
 * The bounds are attained (a single Gaussian moved along an extreme eigen-direction contracts by
 * exactly exp(int Lambda)), so the tolerance, 1e-4 relative, must cover those two errors and no
 * more; the broken fields tried (an extra expansion 2 (x - b mu_k)) exceed the bound by factors.
 */
class FlowStabilityProperties {

    /**
     * Pairs of starting points (near and far apart, up to 20 standard deviations out) at time s:
     * |Phi(x) - Phi(y)| &lt;= exp(int_s^t Lambda) |x - y| (1 + 1e-4) + 1e-12.
     */
    @Property(tries = 25)
    @Tag("interpolation.flow-lipschitz")
    void flowMapIsLipschitzWithTheIntegratedBound(@ForAll @IntRange(min = 1, max = 3) int d,
                                                  @ForAll @IntRange(min = 1, max = 4) int k,
                                                  @ForAll @IntRange(min = 0, max = 3) int schedule, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        StabilityCase c = StabilityCase.generate(d, k, schedule, rng);
        InterpGen.Target g = c.target();
        Schedule sch = c.schedule();
        GaussianMixtureVelocity v = c.velocity();
        double[] st = c.interval();
        double lip = c.lipschitz();
        Tensor x = InterpGen.points(g, sch, st[0], 12, rng);
        Tensor y = StabilityCase.nearby(x, rng);
        Tensor fx = StabilityCase.flow(v.field(), x, st[0], st[1]);
        Tensor fy = StabilityCase.flow(v.field(), y, st[0], st[1]);
        for (int i = 0; i < 12; i++) {
            double before = rowDistance(x, y, i);
            double after = rowDistance(fx, fy, i);
            assertTrue(after <= lip * before * (1 + 1e-4) + 1e-12, sch.name() + " on [" + st[0] + ", " + st[1] + "]: "
                    + "|Phi x - Phi y| = " + after + " > Lip " + lip + " x " + before);
        }
    }

    /**
     * Two empirical source measures of 24 points at time s (the second a perturbation of the first
     * plus a shift), pushed by the same flow: W_2 after &lt;= Lip W_2 before (1 + 1e-4) + 1e-12.
     */
    @Property(tries = 15)
    @Tag("interpolation.w2-stability")
    void pushedMeasuresStayWithinLipTimesTheirW2(@ForAll @IntRange(min = 1, max = 3) int d,
                                                 @ForAll @IntRange(min = 1, max = 3) int k,
                                                 @ForAll @IntRange(min = 0, max = 3) int schedule, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        StabilityCase c = StabilityCase.generate(d, k, schedule, rng);
        InterpGen.Target g = c.target();
        Schedule sch = c.schedule();
        GaussianMixtureVelocity v = c.velocity();
        double[] st = c.interval();
        double lip = c.lipschitz();
        Tensor mu = InterpGen.points(g, sch, st[0], 24, rng);
        Tensor nu = InterpGen.points(g, sch, st[0], 24, rng).add(Tensor.randn(1, d, rng).scale(rng.nextDouble()));
        double before = Wasserstein.w2(mu.toRows(), nu.toRows());
        double after = Wasserstein.w2(StabilityCase.flow(v.field(), mu, st[0], st[1]).toRows(), StabilityCase.flow(v.field(), nu, st[0], st[1]).toRows());
        assertTrue(after <= lip * before * (1 + 1e-4) + 1e-12, sch.name() + ": W2 after " + after + " > Lip " + lip
                + " x W2 before " + before);
    }

    /**
     * The perturbed field w = v + delta u with u_i(t, x) = sin(3 x_i + 5 t) / sqrt(d) (|u| &lt;= 1),
     * delta from 1e-6 to 1: every endpoint moves by at most delta int_s^t exp(int_r^t Lambda) dr,
     * times (1 + 1e-4) plus 1e-10 for the two solves' own errors.
     */
    @Property(tries = 25)
    @Tag("interpolation.perturbed-velocity")
    void perturbedVelocityMovesEndpointsByTheGronwallBound(@ForAll @IntRange(min = 1, max = 3) int d,
                                                           @ForAll @IntRange(min = 1, max = 4) int k,
                                                           @ForAll @IntRange(min = 0, max = 3) int schedule,
                                                           @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        InterpGen.Target g = InterpGen.mixture(d, k, -2, 0.5, -1.5, 1, 4, true, rng);
        Schedule sch = InterpGen.schedule(schedule);
        GaussianMixtureVelocity v = g.velocity(sch);
        double[] st = StabilityCase.interval(rng);
        double delta = Math.pow(10, -6 + 6 * rng.nextDouble());
        double scale = delta / Math.sqrt(d);
        VectorField w = (t, x) -> {
            double[] u = x.toArray().clone();
            for (int i = 0; i < u.length; i++) {
                u[i] = scale * Math.sin(3 * u[i] + 5 * t);
            }
            return v.velocity(t, x).add(Tensor.wrap(x.rows(), x.cols(), u));
        };
        double bound = delta * JacobianBounds.gronwallIntegral(v, g.meanDiameter(), st[0], st[1]);
        Tensor x = InterpGen.points(g, sch, st[0], 10, rng);
        Tensor a = StabilityCase.flow(v.field(), x, st[0], st[1]);
        Tensor b = StabilityCase.flow(w, x, st[0], st[1]);
        for (int i = 0; i < 10; i++) {
            double gap = rowDistance(a, b, i);
            assertTrue(gap <= bound * (1 + 1e-4) + 1e-10, sch.name() + " on [" + st[0] + ", " + st[1] + "] delta " + delta
                    + ": endpoints differ by " + gap + " > " + bound);
        }
    }

    private static double rowDistance(Tensor a, Tensor b, int i) {
        double s = 0;
        for (int j = 0; j < a.cols(); j++) {
            double dlt = a.get(i, j) - b.get(i, j);
            s += dlt * dlt;
        }
        return Math.sqrt(s);
    }

    /**
     * Lip(Phi_{s-&gt;t}) &lt;= exp(int sup lambda_max(sym grad v)). Cases of the catalogue's one
     * definition ({@code InterpolationChecks.flowLipschitz}): its generator, predicate, bound and
     * tolerance, the same as {@code otto verify --only interpolation.flow-lipschitz}.
     */
    @Property(tries = 25)
    @Tag("interpolation.flow-lipschitz")
    void flowMapLipschitzOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                          @ForAll long seed) {
        StatementCases.assertHolds("interpolation.flow-lipschitz", index, seed);
    }

    /**
     * W_2(Phi # mu, Phi # mu') &lt;= Lip(Phi) W_2(mu, mu'). Cases of the catalogue's one definition
     * ({@code InterpolationChecks.w2Stability}): its generator, predicate, bound and tolerance, the
     * same as {@code otto verify --only interpolation.w2-stability}.
     */
    @Property(tries = 15)
    @Tag("interpolation.w2-stability")
    void w2StabilityOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("interpolation.w2-stability", index, seed);
    }

    /**
     * A perturbed velocity moves endpoints by at most delta (e^{LT} - 1)/L. Cases of the
     * catalogue's one definition ({@code InterpolationChecks.perturbedVelocity}): its generator,
     * predicate, bound and tolerance, the same as {@code otto verify --only
     * interpolation.perturbed-velocity}.
     */
    @Property(tries = 30)
    @Tag("interpolation.perturbed-velocity")
    void perturbedVelocityOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                           @ForAll long seed) {
        StatementCases.assertHolds("interpolation.perturbed-velocity", index, seed);
    }
}
