package dev.otto.theory.proximal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Linear;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.flows.proximal.Discriminator;
import dev.otto.flows.proximal.FDivergence;
import dev.otto.flows.proximal.Potential;
import dev.otto.flows.proximal.PotentialGenerator;
import dev.otto.flows.proximal.ProximalLosses;
import dev.otto.flows.proximal.Rollout;
import dev.otto.theory.flows.FiniteDifferences;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The W1/W2 proximal trainer's assembled losses (MATH.md section 6; seed paper 2, Algorithm 1 and
 * eq. (3.1)): the discriminator's -(E_gen g - E_data f*(g)) + mu E max(0, |grad g|^2 - L^2) and the
 * generator's E_gen g(x_K) + lambda KE with KE = E sum_k dt |grad phi(x_k, t_k)|^2 / 2, as
 * {@link ProximalLosses} assembles them for the trainer.
 */
class ProximalLossProperties {

    /**
     * proximal.loss-terms. On a tiny case every term has a closed form: the discriminator
     * g(x) = w.x + c (a two-layer identity network set by hand) has grad g = w everywhere, so the
     * penalty is max(0, |w|^2 - L^2) exactly and the objective is mean(w.x_i) - mean(w.y_j) for W1,
     * mean(g(x_i)) - log mean(e^(g(y_j))) for KL (Donsker-Varadhan), mean(g(x_i)) - mean(g(y_j)_+^2 / 2 + 1/2)
     * for alpha = 2; the potential phi(x, t) = a |x|^2 / 2 moves z by Euler steps to
     * x_k = (1 - a dt)^k z, so KE = mean_i sum_{k &lt; K} dt a^2 (1 - a dt)^(2k) |z_i|^2 / 2. The assembled
     * losses must equal these sums to rounding (1e-12 relative): dropping the 1/2 of the energy, the
     * penalty weight mu or the energy weight lambda changes them by at least a third.
     */
    @Property(tries = 40)
    @Tag("proximal.loss-terms")
    void assembledLossesMatchTheirTermsByHand(@ForAll @IntRange(min = 1, max = 3) int d,
                                              @ForAll @IntRange(min = 0, max = 2) int divergence,
                                              @ForAll @DoubleRange(min = 0.5, max = 5) double mu,
                                              @ForAll @DoubleRange(min = 0.1, max = 3) double lambda,
                                              @ForAll @IntRange(min = 1, max = 6) int steps,
                                              @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        FDivergence f = new FDivergence[] {FDivergence.w1(), FDivergence.kl(), FDivergence.alpha(2)}[divergence];
        double[] w = gaussian(d, rng);
        double c = rng.nextGaussian();
        Discriminator g = new Discriminator(linearNetwork(w, c, rng), f);
        int n = 5;
        Tensor x = Tensor.randn(n, d, rng);
        Tensor y = Tensor.randn(n, d, rng).addScalar(1.0);
        Tensor xhat = Tensor.randn(n, d, rng);
        double w2 = dot(w, w);
        double lipschitz = Math.sqrt(w2) * (0.3 + 0.4 * rng.nextDouble());
        double[] gx = affine(x, w, c);
        double[] gy = affine(y, w, c);
        double dataTerm = switch (divergence) {
            case 0 -> mean(gy);
            case 1 -> Math.log(meanExp(gy));
            default -> meanHalfSquarePositivePart(gy) + 0.5;
        };
        double objective = mean(gx) - dataTerm;
        double penalty = Math.max(0, w2 - lipschitz * lipschitz);
        try (Tape.Scope s = Tape.record()) {
            ProximalLosses.DiscriminatorLoss loss = ProximalLosses.discriminator(f, g, x, y, xhat, mu, lipschitz);
            close(objective, loss.objective().item(), "objective (" + f + ")");
            close(penalty, loss.penalty(), "penalty");
            close(-objective + mu * penalty, loss.loss().item(), "discriminator loss (" + f + ", mu " + mu + ")");
        }

        double a = 0.2 + rng.nextDouble();
        double horizon = 0.5 + rng.nextDouble();
        PotentialGenerator gen = new PotentialGenerator((z, t) -> z.square().rowSums().scale(a / 2), horizon, steps);
        Tensor z = Tensor.randn(n, d, rng);
        double dt = horizon / steps;
        double energy = 0;
        for (int k = 0; k < steps; k++) {
            energy += dt * a * a * Math.pow(1 - a * dt, 2 * k) * meanSquaredNorm(z) / 2;
        }
        double shrink = Math.pow(1 - a * dt, steps);
        double expectedG = mean(affine(z.scale(shrink), w, c));
        try (Tape.Scope s = Tape.record()) {
            Rollout r = gen.rolloutRecorded(z);
            close(energy, r.kineticEnergy().item(), "kinetic energy (K = " + steps + ")");
            Tensor eg = g.apply(r.terminal()).mean();
            close(expectedG, eg.item(), "E_gen g(x_K)");
            close(expectedG + lambda * energy, ProximalLosses.generator(eg, r.kineticEnergy(), lambda).item(),
                    "generator loss (lambda " + lambda + ")");
        }
    }

    /**
     * proximal.loss-gradients. The gradients the trainer steps on are those of the documented losses:
     * reverse mode through the assembled discriminator loss (with the penalty's double backward) and
     * through the generator loss (K Euler steps, each through grad_x phi, so third-order tape use)
     * equal central differences of the same losses' values ({@link FiniteDifferences}). The networks are tanh
     * (smooth), the penalty's L is below every interpolate's gradient norm (so max(0, .) is smooth
     * there) and the divergence is KL, the one with a nonlinear data term.
     */
    @Property(tries = 10)
    @Tag("proximal.trainer-loss")
    void lossGradientsMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 3) int d, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Mlp dNet = Mlp.builder(d).hidden(6).output(1).activation(Activation.tanh()).build(rng);
        Discriminator g = new Discriminator(dNet, FDivergence.kl());
        Mlp phi = Mlp.builder(d).hidden(6).output(1).activation(Activation.tanh()).timeInput(true).build(rng);
        PotentialGenerator gen = new PotentialGenerator(Potential.of(phi), 1.0, 3);
        int n = 4;
        Tensor x = Tensor.randn(n, d, rng);
        Tensor y = Tensor.randn(n, d, rng).addScalar(0.5);
        Tensor xhat = Tensor.randn(n, d, rng);
        Tensor z = Tensor.randn(n, d, rng);
        double lipschitz = 0.01;
        FiniteDifferences.checkGradient(dNet.parameters(), () -> ProximalLosses.discriminator(FDivergence.kl(), g, x, y, xhat, 2.0,
                lipschitz).loss(), rng, "discriminator loss");
        FiniteDifferences.checkGradient(phi.parameters(), () -> {
            Rollout r = gen.rolloutRecorded(z);
            return ProximalLosses.generator(g.apply(r.terminal()).mean(), r.kineticEnergy(), 0.7);
        }, rng, "generator loss");
    }

    /** x -> w.x + c as an R^d -> R^d -> R identity network: first layer the identity, second w and c. */
    private static Mlp linearNetwork(double[] w, double c, SplittableRandom rng) {
        int d = w.length;
        Mlp net = Mlp.builder(d).hidden(d).output(1).activation(Activation.identity()).build(rng);
        Linear first = net.layers().get(0);
        Linear second = net.layers().get(1);
        double[] id = new double[d * d];
        for (int i = 0; i < d; i++) {
            id[i * d + i] = 1;
        }
        first.weight().set(Tensor.wrap(d, d, id));
        first.bias().set(Tensor.zeros(1, d));
        second.weight().set(Tensor.wrap(d, 1, w.clone()));
        second.bias().set(Tensor.of(1, 1, c));
        return net;
    }

    private static void close(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 1e-12 * (1 + Math.abs(expected)), what + ": " + actual
                + ", by hand " + expected);
    }

    private static double[] gaussian(int d, SplittableRandom rng) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }

    private static double[] affine(Tensor x, double[] w, double c) {
        double[] out = new double[x.rows()];
        for (int i = 0; i < x.rows(); i++) {
            out[i] = dot(x.row(i), w) + c;
        }
        return out;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double meanExp(double[] v) {
        double s = 0;
        for (double x : v) {
            s += Math.exp(x);
        }
        return s / v.length;
    }

    private static double meanHalfSquarePositivePart(double[] v) {
        double s = 0;
        for (double x : v) {
            s += Math.max(0, x) * Math.max(0, x) / 2;
        }
        return s / v.length;
    }

    private static double meanSquaredNorm(Tensor z) {
        double s = 0;
        for (double v : z.toArray()) {
            s += v * v;
        }
        return s / z.rows();
    }
}
