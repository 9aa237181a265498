package dev.otto.flows.proximal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.flows.DensitySamples;
import dev.otto.flows.OnePassLikelihood;
import dev.otto.flows.TraceEstimator;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The density of the proximal generator x' = -grad phi (MATH.md sections 3 and 6). */
class GeneratorDensityProperties {

    /**
     * The Hopf-Lax potential phi(x, t) = c|x|^2 / (2(1 + c(T - t))) has Hessian h(t) I with
     * h(t) = c / (1 + c(T - t)), so the K Euler steps are the linear maps (1 - dt h(t_k)) I and the
     * samples are exactly Gaussian: log p(x_K) = log q(z) - d sum_k log(1 - dt h_k) (the push-forward
     * of N(0, I) by a diagonal linear map). The CNF formula integrated by the same Euler steps gives
     * log q(z) + d sum_k dt h_k; the two differ by d sum_k [-dt h_k - log(1 - dt h_k)], which lies in
     * [0, d sum_k (dt h_k)^2 / (2 (1 - dt h_k))] (the series -x - log(1 - x) = sum_p x^p / p for
     * 0 &lt;= x &lt; 1). The property checks that sandwich (plus 1e-12 for rounding) and that
     * {@link GeneratorDensity#logDensity} at the samples returns the one-pass value (Newton's
     * inversion is solved to 1e-12 relative, and log p is smooth, so 1e-9 is the budget).
     */
    @Property(tries = 30)
    void quadraticPotentialGivesTheGaussianPushForward(@ForAll @DoubleRange(min = 0.0, max = 2.0) double c,
                                                       @ForAll @DoubleRange(min = 0.5, max = 1.0) double horizon,
                                                       @ForAll @IntRange(min = 4, max = 64) int steps,
                                                       @ForAll @IntRange(min = 1, max = 4) int d,
                                                       @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        PotentialGenerator generator = new PotentialGenerator(Potential.hopfLax(c, horizon), horizon, steps);
        Tensor z = Tensor.randn(16, d, new SplittableRandom(seed));
        DensitySamples one = new GeneratorDensity(generator).fromNoise(z, TraceEstimator.exact());
        assertArrayEquals(generator.rollout(z).terminal().toArray(), one.samples().toArray(), 0.0,
                "the one-pass samples are the generator's");
        double[] t = PotentialGenerator.grid(horizon, steps);
        double exactLogDet = 0;
        double gapBound = 0;
        for (int k = 0; k < steps; k++) {
            double x = (t[k + 1] - t[k]) * c / (1 + c * (horizon - t[k]));
            exactLogDet += d * Math.log(1 - x);
            gapBound += d * x * x / (2 * (1 - x));
        }
        double[] q = OnePassLikelihood.noiseLogDensity(z).toArray();
        double[] onePass = one.logDensity().toArray();
        double[] back = new GeneratorDensity(generator).logDensity(one.samples()).toArray();
        for (int i = 0; i < q.length; i++) {
            double closedForm = q[i] - exactLogDet;
            double gap = closedForm - onePass[i];
            assertTrue(gap >= -1e-12 && gap <= gapBound + 1e-12,
                    "row " + i + ": closed form " + closedForm + ", one pass " + onePass[i] + ", bound " + gapBound);
            assertEquals(onePass[i], back[i], 1e-9, "row " + i + ": the log-density at the sample");
        }
    }

    /**
     * A proximal flow with a random potential network (small weights, so dt Lip(grad phi) &lt; 1):
     * the one-pass log p equals the log-density at the samples (1e-9, as above), and Hutchinson's
     * estimate with 256 probes lies within 5 reported standard deviations of the exact one.
     */
    @Property(tries = 8)
    void proximalFlowOnePassAgreesWithItsDensity(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        ProximalFlow flow = new ProximalFlow(ProximalFlow.newPotential(2, new int[] {16}, Activation.tanh(), seed),
                0.5, 1.0, 10);
        DensitySamples one = flow.sampleWithLogDensity(16, new SplittableRandom(seed + 1));
        assertArrayEquals(flow.sample(16, new SplittableRandom(seed + 1)).toArray(), one.samples().toArray(), 0.0);
        assertArrayEquals(flow.logDensity(one.samples()).toArray(), one.logDensity().toArray(), 1e-9);
        DensitySamples estimate = flow.sampleWithLogDensity(16, new SplittableRandom(seed + 1),
                TraceEstimator.hutchinson(256, seed));
        double[] e = one.logDensity().toArray();
        double[] h = estimate.logDensity().toArray();
        double[] v = estimate.variance().toArray();
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(h[i] - e[i]) <= 5 * Math.sqrt(v[i]) + 1e-12,
                    "row " + i + ": estimate " + h[i] + ", exact " + e[i] + ", reported sd " + Math.sqrt(v[i]));
        }
    }
}
