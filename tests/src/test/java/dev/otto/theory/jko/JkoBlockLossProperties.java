package dev.otto.theory.jko;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.flows.jko.JkoBlock;
import dev.otto.flows.jko.JkoConfig;
import dev.otto.ode.Trace;
import dev.otto.theory.flows.FiniteDifferences;
import dev.otto.theory.flows.LinearField;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The JKO block loss the trainer descends (MATH.md section 4; seed paper 1, eq. (9)-(11)):
 * L = E[ |x(1)|^2 / 2 - int_0^1 div f(x(t)) dt + |x(1) - x(0)|^2 / (2h) ], the transport form of
 * KL(rho | q) + W2^2(rho, p_k) / (2h) up to constants.
 */
class JkoBlockLossProperties {

    /**
     * jko.block-loss. For a block with the linear field f(x) = A x, A = alpha I + beta K
     * ({@link LinearField}), every term has a closed form: x(1) = e^A x(0) with |e^A x| = e^alpha |x|
     * and &lt;e^A x, x&gt; = e^alpha cos(theta) |x|^2 in 2-D (K = [[0, k], [-k, 0]] with 2 k^2 = 1, so e^(beta K)
     * turns by theta = beta / sqrt 2; in 1-D K = 0), div f = tr A = d alpha, so
     * L = e^(2 alpha) m / 2 - d alpha + (e^(2 alpha) - 2 e^alpha cos(theta) + 1) m / (2h), m = E|x(0)|^2.
     * The block integrates with S RK4 steps, whose error in e^A is about |A|^5 / (120 S^4) relative
     * (at most 3e-5 here for S = 4, |A| &lt;= 1.2); the bound 1e-4 (1 + |L|) covers it and the terms
     * are checked one by one, so h in place of 2h (a factor 2 on the transport term) or a dropped
     * 1/2 on the potential fails.
     */
    @Property(tries = 30)
    @Tag("jko.trainer-loss")
    void blockLossOfALinearFieldHasItsClosedForm(@ForAll @IntRange(min = 1, max = 2) int d,
                                                  @ForAll @DoubleRange(min = -0.6, max = 0.6) double alpha,
                                                  @ForAll @DoubleRange(min = -1, max = 1) double beta,
                                                  @ForAll @DoubleRange(min = 0.05, max = 2) double h,
                                                  @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        JkoConfig config = JkoConfig.reference().withSteps(new double[] {h}).withNetwork(new int[] {d}, "identity", false)
                .withRkSteps(4);
        JkoBlock block = JkoBlock.create(0, d, config, rng);
        LinearField field = LinearField.random(d, alpha, d == 1 ? 0 : beta, rng);
        field.install(block.network());
        Tensor x0 = Tensor.randn(8, d, rng);
        double m = 0;
        for (double v : x0.toArray()) {
            m += v * v;
        }
        m /= x0.rows();
        double turn = d == 1 ? 1 : Math.cos(beta * Math.sqrt(sumSquares(field.skew()) / 2));
        double potential = Math.exp(2 * alpha) * m / 2;
        double negativeLogDet = -d * alpha;
        double transport = (Math.exp(2 * alpha) - 2 * Math.exp(alpha) * turn + 1) * m / (2 * h);
        JkoBlock.Loss loss;
        try (Tape.Scope s = Tape.record()) {
            loss = block.loss(x0, Trace.exact());
        }
        double total = potential + negativeLogDet + transport;
        close(potential, loss.potential(), "E|x(1)|^2 / 2");
        close(negativeLogDet, loss.negativeLogDet(), "-E int div f");
        close(transport, loss.transport(), "E|x(1) - x(0)|^2 / (2h), h = " + h);
        close(total, loss.total().item(), "total");
    }

    /**
     * jko.block-loss-gradient. The gradient the trainer steps on is that of the block loss: reverse
     * mode through the S recorded RK4 steps and the exact divergence (a second-order tape) equals
     * central differences of the loss ({@link FiniteDifferences}), for a softplus field with the
     * reference's time input.
     */
    @Property(tries = 8)
    @Tag("jko.trainer-loss")
    void blockLossGradientMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 3) int d, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        JkoConfig config = JkoConfig.reference().withSteps(new double[] {0.3}).withNetwork(new int[] {6}, "softplus", true)
                .withRkSteps(3);
        JkoBlock block = JkoBlock.create(0, d, config, rng);
        Tensor x0 = Tensor.randn(5, d, rng);
        FiniteDifferences.checkGradient(block.parameters(), () -> block.loss(x0, Trace.exact()).total(), rng,
                "JKO block loss");
    }

    private static double sumSquares(double[][] k) {
        double s = 0;
        for (double[] row : k) {
            for (double v : row) {
                s += v * v;
            }
        }
        return s;
    }

    private static void close(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 1e-4 * (1 + Math.abs(expected)), what + ": " + actual
                + ", closed form " + expected);
    }
}
