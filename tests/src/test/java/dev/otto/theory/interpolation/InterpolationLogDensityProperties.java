package dev.otto.theory.interpolation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.flows.Flow;
import dev.otto.flows.data.GaussianMixture;
import dev.otto.flows.interpolation.ExactInterpolationFlow;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.ode.Integration;
import dev.otto.theory.flows.DensityGrid;
import dev.otto.theory.flows.LinearField;
import dev.otto.theory.flows.TanhFieldBound;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The interpolation flows' densities (MATH.md sections 3 and 5; seed paper 3, the flow
 * dx/dt = v(t, x) from N(0, I) at t = 0 to the target at t = 1, and the instantaneous change of
 * variables log p_1(x) = log q(z) - int_0^1 div v(t, x(t)) dt with z = x(0)) against densities
 * known without the flows' own bookkeeping.
 */
class InterpolationLogDensityProperties {

    /**
     * interpolation.log-density-gaussian. The learned flow with its network set to the linear field
     * v(t, x) = A x (A = alpha I + beta K, {@link LinearField}) generates x = e^A z from
     * z ~ N(0, I), so its density is exactly N(0, e^(2 alpha) I). A flipped sign of the
     * divergence integral moves log p by 2 d alpha (at least 0.4 here).
     *
     * <p>Tolerance: the flow is solved with Dormand-Prince at rtol = atol = 1e-7, so the relative
     * error of the state z = x(0) is of the order of rtol (the rotation beta K, |beta| up to 2, keeps
     * it there rather than below), log q(z) errs by about rtol |z|^2 / 2 and the divergence integral
     * by rtol d |alpha|; the bound 1e-7 (1 + |z|^2 + d |alpha|) is that (measured: at most 0.12 of
     * it), with the points reaching four standard deviations.
     */
    @Property(tries = 25)
    @Tag("interpolation.log-density")
    void logDensityOfALinearFieldIsItsGaussian(@ForAll @IntRange(min = 1, max = 5) int d,
                                              @ForAll @DoubleRange(min = 0.2, max = 0.8) double alphaMagnitude,
                                              @ForAll boolean shrink, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double alpha = shrink ? -alphaMagnitude : alphaMagnitude;
        InterpolationFlow flow = InterpolationFlow.create(d, new int[] {d}, Activation.identity(), Schedule.linear(),
                Integration.adaptive(1e-7), rng);
        LinearField.random(d, alpha, 4 * rng.nextDouble() - 2, rng).install(flow.network());
        double sigma = Math.exp(alpha);
        Tensor x = Tensor.randn(16, d, rng).scale(sigma).mul(Tensor.uniform(16, 1, 0.0, 4.0, rng));
        double[] expected = LinearField.isotropicGaussianLogDensity(x, sigma * sigma);
        double[] actual = flow.logDensity(x).toArray();
        for (int i = 0; i < expected.length; i++) {
            double r2 = 0;
            for (int j = 0; j < d; j++) {
                r2 += x.get(i, j) * x.get(i, j);
            }
            double bound = 1e-7 * (1 + r2 / (sigma * sigma) + d * alphaMagnitude);
            double err = Math.abs(actual[i] - expected[i]);
            assertTrue(err <= bound, "log p error " + err + " > " + bound + " at |x| = " + Math.sqrt(r2) + ", alpha "
                    + alpha + ", d " + d + ": " + actual[i] + " vs " + expected[i]);
        }
    }

    /**
     * interpolation.log-density-normalised. In 2-D both interpolation flows define a density that
     * integrates to 1: the learned flow with random tanh weights, and the exact flow to a Gaussian
     * mixture (three components of scale 0.5 to 1 with means in [-2, 2]^2). The midpoint rule of
     * exp(log p_1) on [-R, R]^2 with 90 x 90 cells is 1 within 1e-6.
     *
     * <p>R: for the exact flow the target is the mixture, whose mass outside [-2 - 7, 2 + 7]^2 is below
     * e^(-24); for the learned flow |v| &lt;= F ({@link TanhFieldBound}), so |x(1) - z| &lt;= F and R = 7 + F leaves out
     * below e^(-24). The midpoint rule's error on a Gaussian of scale s with cells of width c is
     * about exp(-2 pi^2 s^2 / c^2), below e^(-50) for s &gt;= 0.5 and c &lt;= 0.2 (the learned flow's
     * field from the default initialisation has a Lipschitz bound near 1, so its density keeps a
     * scale above e^(-1) and the error stays below e^(-60)); Dormand-Prince at
     * 1e-7 bounds the relative error of the mass by about 1e-7 (measured: below 1e-8). A flipped sign of the divergence integral changes the mass by
     * E[det]^(+-2)-type factors, far from 1.
     */
    @Property(tries = 4)
    @Tag("interpolation.log-density")
    void densityIntegratesToOne(@ForAll boolean learned, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Integration solver = Integration.adaptive(1e-7);
        double half;
        Flow flow;
        if (learned) {
            InterpolationFlow f = InterpolationFlow.create(2, new int[] {8}, Activation.tanh(), Schedule.linear(), solver,
                    rng);
            flow = f;
            half = 7 + TanhFieldBound.of(f.network().layers().get(1));
        } else {
            double[][] means = new double[3][2];
            for (double[] m : means) {
                m[0] = 4 * rng.nextDouble() - 2;
                m[1] = 4 * rng.nextDouble() - 2;
            }
            GaussianMixture target = GaussianMixture.isotropic(new double[] {0.2, 0.3, 0.5}, means,
                    0.5 + 0.5 * rng.nextDouble());
            flow = ExactInterpolationFlow.of(target, Schedule.linear(), solver);
            half = 9;
        }
        double mass = DensityGrid.mass(flow, half, 90);
        assertTrue(Math.abs(mass - 1) <= 1e-6, "mass " + mass + " on [-" + half + ", " + half + "]^2 ("
                + (learned ? "learned" : "exact") + " flow)");
    }
}
