package dev.otto.flows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.flows.data.GaussianMixture;
import dev.otto.flows.interpolation.ExactInterpolationFlow;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.ode.Integration;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Likelihood in one pass (MATH.md section 3, the CNF formula): samples and log p integrated together
 * from noise agree with the log-density integrated back from the samples (data -&gt; noise), and
 * with the closed form where one exists.
 */
class OnePassLikelihoodProperties {

    /**
     * The exact interpolation flow to a two-component mixture: the one-pass log p, the data -&gt; noise
     * log p and the mixture's own log-density agree. Dormand-Prince at rtol = atol = 1e-9 controls
     * the local error of x per step; the log-determinant is a quadrature of div v along that path,
     * whose error is of the order of the path's error times the Lipschitz constant of div v (O(1)
     * for these unit-scale mixtures) integrated over [0, 1]. The largest gap measured over 100 such
     * mixtures x 64 samples was 5.7e-9; 1e-6 leaves a factor of about 175 and is 1e6 times below
     * the spread of log p over the samples, so a wrong sign or a missed term fails it.
     */
    @Property(tries = 15)
    void exactFlowOnePassForwardAndClosedFormAgree(@ForAll @DoubleRange(min = -2, max = 2) double shift,
                                                    @ForAll @DoubleRange(min = 0.2, max = 1.5) double spread,
                                                    @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        GaussianMixture target = GaussianMixture.of(new double[] {0.4, 0.6},
                new double[][] {{shift, 0.5}, {-1, shift / 2}},
                new double[][][] {{{spread, 0.1}, {0.1, 0.5}}, {{0.6, -0.2}, {-0.2, spread}}});
        ExactInterpolationFlow flow = ExactInterpolationFlow.of(target, Schedule.linear(),
                Integration.dormandPrince(1e-9, 1e-9));
        DensitySamples one = flow.sampleWithLogDensity(64, new SplittableRandom(seed));
        assertArrayEquals(flow.sample(64, new SplittableRandom(seed)).toArray(), one.samples().toArray(), 1e-12,
                "the one-pass samples are sample()'s for the same generator state");
        double[] onePass = one.logDensity().toArray();
        double[] forward = flow.logDensity(one.samples()).toArray();
        double[] closed = flow.targetLogDensity(one.samples()).toArray();
        for (int i = 0; i < onePass.length; i++) {
            assertEquals(closed[i], onePass[i], 1e-6, "one pass against the closed form, row " + i);
            assertEquals(closed[i], forward[i], 1e-6, "data -> noise against the closed form, row " + i);
        }
    }

    /**
     * A learned interpolation flow (its weights drawn at random: the property concerns the
     * bookkeeping, not the training): one pass from noise against data -&gt; noise from the samples,
     * both with fixed-step RK4 x 200. RK4's global error is O(h^4) = O(6e-10) times the field's
     * derivative bounds (O(1) for a freshly initialised tanh network); the largest gap measured over
     * 30 networks x 32 samples was 3e-14, so 1e-9 is the budget.
     */
    @Property(tries = 10)
    void learnedFlowOnePassAgreesWithDataToNoise(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        InterpolationFlow flow = InterpolationFlow.create(2, new int[] {16, 16}, Activation.tanh(), Schedule.linear(),
                Integration.rk4(200), new SplittableRandom(seed));
        DensitySamples one = flow.sampleWithLogDensity(32, new SplittableRandom(seed + 1));
        assertEquals(0.0, one.meanVariance(), 0.0, "the exact trace reports no variance");
        assertArrayEquals(flow.logDensity(one.samples()).toArray(), one.logDensity().toArray(), 1e-9);
    }

    /**
     * Hutchinson's estimator with K fixed Rademacher probes is unbiased for the exact log-determinant
     * (E[e^T J e] = tr J at every time, and the integral is linear), and the variance it reports is
     * that of its mean over the probes: each sample's estimate lies within 5 reported standard
     * deviations of the exact-trace value (by the central limit theorem over K = 256 probes, a
     * correct estimator misses one of 16 rows with probability about 16 x 6e-7). The samples are
     * those of the exact pass: the copies follow the same ODE.
     */
    @Property(tries = 8)
    void hutchinsonIsUnbiasedWithTheVarianceItReports(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        InterpolationFlow flow = InterpolationFlow.create(3, new int[] {16}, Activation.tanh(), Schedule.linear(),
                Integration.rk4(20), new SplittableRandom(seed));
        DensitySamples exact = flow.sampleWithLogDensity(16, new SplittableRandom(seed + 1), TraceEstimator.exact());
        DensitySamples estimate = flow.sampleWithLogDensity(16, new SplittableRandom(seed + 1),
                TraceEstimator.hutchinson(256, seed));
        assertArrayEquals(exact.samples().toArray(), estimate.samples().toArray(), 1e-12);
        double[] e = exact.logDensity().toArray();
        double[] h = estimate.logDensity().toArray();
        double[] v = estimate.variance().toArray();
        for (int i = 0; i < e.length; i++) {
            assertTrue(v[i] > 0, "row " + i + ": a Hutchinson estimate reports a positive variance");
            assertTrue(Math.abs(h[i] - e[i]) <= 5 * Math.sqrt(v[i]),
                    "row " + i + ": estimate " + h[i] + ", exact " + e[i] + ", reported sd " + Math.sqrt(v[i]));
        }
    }

    /** A flow without a density refuses, naming what to do instead. */
    @Property(tries = 1)
    void aSamplerWithoutDensityRefuses() {
        Flow identity = new Flow() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public Tensor toNoise(Tensor x) {
                return x;
            }

            @Override
            public Tensor fromNoise(Tensor z) {
                return z;
            }
        };
        assertThrows(UnsupportedOperationException.class, () -> identity.sampleWithLogDensity(4, new SplittableRandom(1)));
    }
}
