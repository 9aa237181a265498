package dev.otto.theory.jko;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.jko.JkoBlock;
import dev.otto.flows.jko.JkoConfig;
import dev.otto.flows.jko.JkoFlow;
import dev.otto.theory.flows.DensityGrid;
import dev.otto.theory.flows.LinearField;
import dev.otto.theory.flows.TanhFieldBound;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The JKO flow's density (MATH.md sections 3 and 4; seed paper 1, eq. (7): the change of variables
 * log p(x) = log q(T(x)) + log|det grad T(x)| with log|det grad T| = int_0^1 div f along the path,
 * q = N(0, I)) against densities known without the flow's own bookkeeping.
 */
class JkoLogDensityProperties {

    /** A JKO configuration whose blocks are R^d -> R^d -> R^d with the given activation. */
    static JkoConfig config(int blocks, int d, String activation) {
        return JkoConfig.reference().withSteps(JkoConfig.geometricSteps(blocks, 0.5, 1.0))
                .withNetwork(new int[] {d}, activation, false);
    }

    /**
     * jko.log-density-gaussian. Blocks with linear fields f_k(x) = A_k x, A_k = alpha_k I + beta_k K_k
     * (K_k skew, see {@link LinearField}) map data to noise by T = e^(A_N) ... e^(A_1), a dilation by
     * e^alpha (alpha = sum alpha_k) times a rotation, so the flow's density is exactly
     * N(0, e^(-2 alpha) I): log p(x) = -d/2 log(2 pi e^(-2 alpha)) - e^(2 alpha)|x|^2 / 2.
     * A flipped sign of the log-determinant moves log p by 2 d alpha (at least 0.2 here).
     *
     * <p>Tolerance: the flow integrates with Dormand-Prince at rtol = atol = 1e-5, which controls the
     * error of the embedded fourth-order solution; the propagated fifth-order one is about two orders
     * more accurate on these smooth fields, so the relative state error is of order 1e-7 and
     * log q(T(x)) is off by about 1e-7 |T(x)|^2, the log-determinant integral by 1e-7 d |alpha|. The
     * bound 1e-6 (1 + |T(x)|^2 + d |alpha|) allows ten times that (measured: at most 0.14 of it),
     * with the points reaching four standard deviations.
     */
    @Property(tries = 25)
    @Tag("jko.log-density")
    void logDensityOfLinearBlocksIsTheirGaussian(@ForAll @IntRange(min = 1, max = 5) int d,
                                                 @ForAll @IntRange(min = 1, max = 3) int blocks,
                                                 @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        JkoConfig config = config(blocks, d, "identity");
        List<JkoBlock> list = new ArrayList<>();
        double alpha = 0;
        for (int k = 0; k < blocks; k++) {
            double a = (rng.nextBoolean() ? 1 : -1) * (0.2 + 0.5 * rng.nextDouble()) / blocks;
            JkoBlock b = JkoBlock.create(k, d, config, rng);
            LinearField.random(d, a, 2 * rng.nextDouble() - 1, rng).install(b.network());
            list.add(b);
            alpha += a;
        }
        JkoFlow flow = JkoFlow.of(d, config, list);
        double sigma = Math.exp(-alpha);
        Tensor x = Tensor.randn(16, d, rng).scale(sigma).mul(Tensor.uniform(16, 1, 0.0, 4.0, rng));
        double[] expected = LinearField.isotropicGaussianLogDensity(x, sigma * sigma);
        double[] actual = flow.logDensity(x).toArray();
        for (int i = 0; i < expected.length; i++) {
            double r2 = 0;
            for (int j = 0; j < d; j++) {
                r2 += x.get(i, j) * x.get(i, j);
            }
            double bound = 1e-6 * (1 + r2 / (sigma * sigma) + d * Math.abs(alpha));
            double err = Math.abs(actual[i] - expected[i]);
            assertTrue(err <= bound, "log p error " + err + " > " + bound + " at |x| = " + Math.sqrt(r2) + ", alpha "
                    + alpha + ", d " + d + ": " + actual[i] + " vs " + expected[i]);
        }
    }

    /**
     * jko.log-density-normalised. A 2-D flow of a nonlinear block (a tanh field with random weights)
     * followed by a linear one has a density that integrates to 1: the midpoint rule of exp(log p) on
     * [-R, R]^2 on 80 x 80 cells is 1 within 1e-5. The square holds all but e^(-18) of the mass: |f| &lt;= F for the tanh
     * field ({@link TanhFieldBound}), so x = T^(-1)(z) has
     * |x| &lt;= e^(-alpha) |z| + F and R = 6 e^(-alpha) + F. On 80 x 80 cells of width c &lt;= 0.2 the
     * midpoint rule's error on a density of scale s &gt;= 0.6 is about exp(-2 pi^2 s^2 / c^2), negligible; the flow's Dormand-Prince
     * tolerance 1e-5 bounds the error of log p, hence the relative error of the mass, by about 1e-5
     * (measured: at most 1e-7). A flipped log-determinant
     * sign multiplies the mass by E[det(grad T)^(-2)], at least e^(0.4) here.
     */
    @Property(tries = 4)
    @Tag("jko.log-density")
    void densityIntegratesToOne(@ForAll @DoubleRange(min = 0.1, max = 0.5) double alphaMagnitude,
                                @ForAll boolean shrink, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double alpha = shrink ? -alphaMagnitude : alphaMagnitude;
        JkoConfig config = config(2, 2, "tanh").withNetwork(new int[] {8}, "tanh", false);
        JkoBlock bent = JkoBlock.create(0, 2, config, rng);
        JkoConfig linearConfig = config(2, 2, "identity");
        JkoBlock linear = JkoBlock.create(1, 2, linearConfig, rng);
        LinearField.random(2, alpha, 2 * rng.nextDouble() - 1, rng).install(linear.network());
        JkoFlow flow = JkoFlow.of(2, config, List.of(bent, linear));
        double half = 6 * Math.exp(-alpha) + TanhFieldBound.of(bent.network().layers().get(1));
        double mass = DensityGrid.mass(flow, half, 80);
        assertTrue(Math.abs(mass - 1) <= 1e-5, "mass " + mass + " on [-" + half + ", " + half + "]^2, alpha " + alpha);
    }
}
