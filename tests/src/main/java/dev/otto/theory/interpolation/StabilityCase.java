package dev.otto.theory.interpolation;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.interpolation.GaussianMixtureVelocity;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Integration;
import dev.otto.ode.SaveAt;
import dev.otto.ode.VectorField;
import java.util.SplittableRandom;

/**
 * A generated case of the stability statements of MATH.md section 5 (seed paper 3, its stability
 * theorems for the flow map): a shared-covariance Gaussian-mixture target (covariance eigenvalues in
 * [0.03, 10], means up to 3 apart, weights over four decades), a schedule, a time interval [s, t]
 * reaching both ends of [0, 1], and the flow map's Lipschitz bound exp(int_s^t Lambda)
 * ({@link JacobianBounds#flowLipschitz}).
 *
 * <p>Flows are RK4 with {@link #STEPS_PER_UNIT} steps per unit time: the field's slope is at most
 * 2/0.03 = 67, so L h &lt;= 0.17 and the global error stays below 1e-7 relative.
 */
public record StabilityCase(InterpGen.Target target, Schedule schedule, GaussianMixtureVelocity velocity,
                            double[] interval, double lipschitz) {

    /** RK4 steps per unit time of {@link #flow}. */
    public static final int STEPS_PER_UNIT = 400;

    /** d dimensions, k components, built-in schedule number {@code schedule}. */
    public static StabilityCase generate(int d, int k, int schedule, SplittableRandom rng) {
        InterpGen.Target g = InterpGen.mixture(d, k, -2, 0.5, -1.5, 1, 4, true, rng);
        Schedule sch = InterpGen.schedule(schedule);
        GaussianMixtureVelocity v = g.velocity(sch);
        double[] st = interval(rng);
        double lip = JacobianBounds.flowLipschitz(v, g.meanDiameter(), st[0], st[1]);
        return new StabilityCase(g, sch, v, st, lip);
    }

    /** [s, t] with s = 0 a quarter of the time, t = 1 a third of the time, t - s &gt;= 1e-3 (or t = 1). */
    public static double[] interval(SplittableRandom rng) {
        double s = rng.nextInt(4) == 0 ? 0 : rng.nextDouble();
        double t = rng.nextInt(3) == 0 ? 1 : s + (1 - s) * rng.nextDouble();
        return new double[] {s, Math.max(t, s + 1e-3 > 1 ? 1 : s + 1e-3)};
    }

    /** The interval's start s. */
    public double start() {
        return interval[0];
    }

    /** The interval's end t. */
    public double end() {
        return interval[1];
    }

    /** Phi_{s-&gt;t} of the field f on every row of x (RK4, {@link #STEPS_PER_UNIT} steps per unit time). */
    public static Tensor flow(VectorField f, Tensor x, double s, double t) {
        int steps = Math.max(1, (int) Math.ceil(STEPS_PER_UNIT * (t - s)));
        return Integration.fixed(ButcherTableau.RK4, steps).solve(f, x, s, t, SaveAt.end()).state();
    }

    /** y = x + e_i g_i per row, g_i standard Gaussian and e_i = 10^u, u uniform in [-4, 1]: near and far pairs. */
    public static Tensor nearby(Tensor x, SplittableRandom rng) {
        Tensor g = Tensor.randn(x.rows(), x.cols(), rng);
        double[] eps = new double[x.rows()];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = Math.pow(10, -4 + 5 * rng.nextDouble());
        }
        return x.add(g.mul(Tensor.wrap(x.rows(), 1, eps)));
    }

    /** Phi_{s-&gt;t} of this case's velocity. */
    public Tensor flow(Tensor x) {
        return flow(velocity.field(), x, start(), end());
    }
}
