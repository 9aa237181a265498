package dev.otto.theory.interpolation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.interpolation.RegressionLoss;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.ode.Integration;
import dev.otto.theory.flows.FiniteDifferences;
import dev.otto.theory.flows.LinearField;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * The interpolation trainer's regression loss (MATH.md section 5; seed paper 3: the velocity is the
 * least-squares regression of a'(t) Z + b'(t) X_1 on X_t = a(t) Z + b(t) X_1), as {@link RegressionLoss}
 * assembles it for the trainer.
 */
class RegressionLossProperties {

    /**
     * interpolation.regression-loss. With the network set to v(t, x) = A x ({@link LinearField}) and
     * the linear schedule a = 1 - t, b = t, the loss is mean_i |A ((1 - t_i) z_i + t_i x1_i) - (x1_i - z_i)|^2,
     * computed here by hand; equal to rounding (1e-12 relative). Then its gradient in a tanh network's
     * parameters equals central differences of its value ({@link FiniteDifferences}).
     */
    @Property(tries = 15)
    @Tag("interpolation.trainer-loss")
    void regressionLossIsTheDocumentedLeastSquares(@ForAll @IntRange(min = 1, max = 3) int d, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        InterpolationFlow linear = InterpolationFlow.create(d, new int[] {d}, Activation.identity(), Schedule.linear(),
                Integration.adaptive(1e-6), rng);
        LinearField field = LinearField.random(d, rng.nextGaussian(), rng.nextGaussian(), rng);
        field.install(linear.network());
        double[][] a = field.matrix();
        int n = 6;
        Tensor z = Tensor.randn(n, d, rng);
        Tensor x1 = Tensor.randn(n, d, rng).addScalar(1.0);
        double[] t = new double[n];
        double expected = 0;
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextDouble();
            for (int r = 0; r < d; r++) {
                double v = 0;
                for (int c = 0; c < d; c++) {
                    v += a[r][c] * ((1 - t[i]) * z.get(i, c) + t[i] * x1.get(i, c));
                }
                double residual = v - (x1.get(i, r) - z.get(i, r));
                expected += residual * residual / n;
            }
        }
        double actual = RegressionLoss.of(linear, Schedule.linear(), z, x1, t).item();
        assertTrue(Math.abs(actual - expected) <= 1e-12 * (1 + expected), "loss " + actual + ", by hand " + expected);

        InterpolationFlow bent = InterpolationFlow.create(d, new int[] {8}, Activation.tanh(), Schedule.trigonometric(),
                Integration.adaptive(1e-6), rng);
        FiniteDifferences.checkGradient(bent.parameters(), () -> RegressionLoss.of(bent, Schedule.trigonometric(), z, x1, t),
                rng, "regression loss");
    }
}
