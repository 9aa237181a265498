package dev.otto.theory.jko;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.DensitySamples;
import dev.otto.flows.TraceEstimator;
import dev.otto.flows.jko.GaussianJko;
import dev.otto.flows.jko.GaussianJko.Gaussian;
import dev.otto.flows.jko.JkoBlock;
import dev.otto.flows.jko.JkoConfig;
import dev.otto.flows.jko.JkoFlow;
import dev.otto.ode.Integration;
import dev.otto.theory.flows.LinearField;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The JKO flow's likelihood in one pass (MATH.md sections 3 and 4; seed paper 1, eq. (7)):
 * {@code sampleWithLogDensity} carries noise back through the blocks with [x, logdet] and must give
 * the samples {@code sample} gives and the log-densities {@code logDensity} computes from them
 * (data -&gt; noise, a second integration), and the closed form where the blocks are the exact
 * Gaussian JKO steps of {@link GaussianJko}.
 */
class JkoOnePassLikelihoodProperties {

    /**
     * jko.one-pass-log-density, closed form. Start from p_0 = N(0, s_0^2 I) and take the exact JKO
     * steps h_k of the reference schedule: p_k = N(0, s_k^2 I) ({@link GaussianJko#trajectory}), and
     * block k's map, the optimal map from p_k to p_(k+1), is the dilation by s_(k+1) / s_k, the
     * time-1 map of the linear field f_k(x) = alpha_k x with alpha_k = log(s_(k+1) / s_k) (with a
     * skew part beta K added, a rotation, which moves neither density nor divergence). The flow
     * T = e^alpha (alpha = sum alpha_k = log(s_N / s_0)) then has the density N(0, e^(-2 alpha) I).
     * The one-pass log p of the generated samples must equal it, with the exact trace and with
     * Hutchinson's (exact here too: e^T (alpha I + beta K) e = alpha |e|^2 = alpha d for Rademacher
     * probes, so the reported variance is round-off).
     *
     * <p>Tolerance: Dormand-Prince at rtol = atol = 1e-9 on a linear field; the state's relative
     * error is about 1e-9, so log q(z) is exact (z is drawn, not integrated) and the logdet sum is
     * off by about 1e-9 d |alpha| per block. 1e-7 (1 + d |alpha|) allows a hundred times that
     * (measured over 640 samples: at most 9.5e-10, 0.01 of the bound); a
     * flipped logdet sign moves log p by 2 d |alpha| &gt;= 0.2, a logdet counted once instead of per
     * block by d |alpha - alpha_N|.
     */
    @Property(tries = 20)
    @Tag("jko.one-pass-log-density")
    void theOnePassLogDensityOfExactGaussianStepsIsTheirClosedForm(@ForAll @IntRange(min = 1, max = 4) int d,
                                                                     @ForAll @IntRange(min = 1, max = 4) int blocks,
                                                                     @ForAll @DoubleRange(min = 0.3, max = 3) double s0,
                                                                     @ForAll boolean hutchinson, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        JkoConfig config = JkoLogDensityProperties.config(blocks, d, "identity");
        Gaussian[] path = GaussianJko.trajectory(new Gaussian(new double[d], scaledIdentity(d, s0 * s0)),
                config.steps());
        List<JkoBlock> list = new ArrayList<>();
        double alpha = 0;
        for (int k = 0; k < blocks; k++) {
            double a = 0.5 * Math.log(path[k + 1].covariance().get(0, 0) / path[k].covariance().get(0, 0));
            JkoBlock b = JkoBlock.create(k, d, config, rng);
            LinearField.random(d, a, 2 * rng.nextDouble() - 1, rng).install(b.network());
            list.add(b);
            alpha += a;
        }
        JkoFlow flow = JkoFlow.of(d, config, list).withIntegration(Integration.dormandPrince(1e-9, 1e-9));
        TraceEstimator trace = hutchinson ? TraceEstimator.hutchinson(4, seed) : TraceEstimator.exact();
        DensitySamples one = flow.sampleWithLogDensity(32, new SplittableRandom(seed ^ 1), trace);
        double[] expected = LinearField.isotropicGaussianLogDensity(one.samples(), Math.exp(-2 * alpha));
        double[] actual = one.logDensity().toArray();
        double bound = 1e-7 * (1 + d * Math.abs(alpha));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            assertTrue(err <= bound, "one-pass log p off the closed form by " + err + " > " + bound + " (d " + d
                    + ", blocks " + blocks + ", alpha " + alpha + ", " + trace + ")");
        }
        assertTrue(one.meanVariance() <= 1e-20, "Hutchinson is exact on alpha I + beta K, variance "
                + one.meanVariance());
    }

    /**
     * jko.one-pass-log-density, against the data -&gt; noise pass. A flow of 1 to 3 bent blocks
     * (tanh fields with random weights: the property concerns the bookkeeping, not training) in
     * d = 1..4: the one-pass samples equal {@code sample}'s for the same generator state (the
     * adaptive control sees x only, so both take the same steps), and the one-pass log p equals
     * {@code logDensity} of those samples.
     *
     * <p>Tolerance: both passes integrate the same fields at rtol = atol = 1e-9, one from z back to
     * x, the other from x to T(x) ~ z; each differs from the exact value by the global error of the
     * logdet quadrature and of log q at a state off by ~1e-9 |z|, so a few 1e-9 (1 + |z|^2) each.
     * The bound 1e-7 (1 + |z|^2) allows tens of times that (measured over 480 samples: at most
     * 8.4e-10, 0.004 of the bound); log p spreads over nats across the samples, and a flipped sign,
     * a lost block or a logdet taken forward where it runs backward moves it by a block's logdet.
     */
    @Property(tries = 15)
    @Tag("jko.one-pass-log-density")
    void theOnePassLogDensityEqualsTheDataToNoiseLogDensity(@ForAll @IntRange(min = 1, max = 4) int d,
                                                             @ForAll @IntRange(min = 1, max = 3) int blocks,
                                                             @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        JkoConfig config = JkoLogDensityProperties.config(blocks, d, "tanh").withNetwork(new int[] {8}, "tanh", false);
        List<JkoBlock> list = new ArrayList<>();
        for (int k = 0; k < blocks; k++) {
            list.add(JkoBlock.create(k, d, config, rng));
        }
        JkoFlow flow = JkoFlow.of(d, config, list).withIntegration(Integration.dormandPrince(1e-9, 1e-9));
        DensitySamples one = flow.sampleWithLogDensity(32, new SplittableRandom(seed ^ 1));
        assertArrayEquals(flow.sample(32, new SplittableRandom(seed ^ 1)).toArray(), one.samples().toArray(), 1e-12,
                "the one-pass samples are sample()'s for the same generator state");
        Tensor z = Tensor.randn(32, d, new SplittableRandom(seed ^ 1));
        double[] forward = flow.logDensity(one.samples()).toArray();
        double[] onePass = one.logDensity().toArray();
        for (int i = 0; i < onePass.length; i++) {
            double r2 = 0;
            for (int j = 0; j < d; j++) {
                r2 += z.get(i, j) * z.get(i, j);
            }
            double bound = 1e-7 * (1 + r2);
            double err = Math.abs(onePass[i] - forward[i]);
            assertTrue(err <= bound, "one pass " + onePass[i] + " against data -> noise " + forward[i] + ": gap "
                    + err + " > " + bound + " (d " + d + ", blocks " + blocks + ")");
        }
    }

    private static DMatrixRMaj scaledIdentity(int d, double v) {
        DMatrixRMaj m = CommonOps_DDRM.identity(d);
        CommonOps_DDRM.scale(v, m);
        return m;
    }
}
