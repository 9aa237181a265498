package dev.otto.bench.autodiff;

import dev.otto.autodiff.Divergence;
import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.autodiff.optim.Adam;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The autodiff benchmark work, identical to bench/peers/autodiff_torch.py: a velocity MLP
 * 3 -> w -> w -> w -> 2 with softplus (input x in R^2 and t), a batch of n rows.
 * <ul>
 *   <li>(a) {@link #regressionStep()}: loss = mean |v(x, t) - y|^2, gradient, Adam step;</li>
 *   <li>(b) {@link #jkoStep()}: loss = mean(|v(x, t)|^2 / 2 - div_x v(x, t)) with the exact divergence
 *       (two vector-Jacobian products kept in the graph), gradient in the parameters (double
 *       backward), Adam step.</li>
 * </ul>
 */
public final class VelocityMlpWork {
    private final Mlp mlp;
    private final List<Parameter> params;
    private final Adam adam = new Adam(1e-4);
    private final Tensor x;
    private final Tensor t;
    private final Tensor y;

    public VelocityMlpWork(int width, int batch, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        this.mlp = Mlp.builder(2).hidden(width, width, width).output(2)
                .activation(Activation.softplus()).timeInput(true).build(rng);
        this.params = mlp.parameters();
        this.x = Tensor.randn(batch, 2, rng);
        this.t = Tensor.uniform(batch, 1, 0, 1, rng);
        this.y = Tensor.randn(batch, 2, rng);
    }

    /** (a) forward + backward + Adam step; returns the loss. */
    public double regressionStep() {
        try (Tape.Scope s = Tape.record()) {
            Tensor loss = mlp.apply(x, t).sub(y).square().mean();
            step(loss);
            return loss.item();
        }
    }

    /** (b) the JKO-style step with the exact divergence in the loss; returns the loss. */
    public double jkoStep() {
        try (Tape.Scope s = Tape.record()) {
            Divergence.Result r = Divergence.exact(z -> mlp.apply(z, t), x);
            Tensor loss = r.value().square().rowSums().scale(0.5).sub(r.divergence()).mean();
            step(loss);
            return loss.item();
        }
    }

    private void step(Tensor loss) {
        List<Tensor> values = params.stream().map(Parameter::value).toList();
        adam.step(params, Gradients.grad(loss, values));
    }

    /**
     * Times each configuration the way bench/peers/autodiff_torch.py does (warm-up, then the median
     * of {@code reps} calls) and prints "width batch ms_a ms_b" lines for bench/run-autodiff-peers.sh.
     */
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int[][] configs = {{64, 512}, {128, 2000}};
        for (int[] c : configs) {
            VelocityMlpWork w = new VelocityMlpWork(c[0], c[1], 1);
            System.out.printf(java.util.Locale.ROOT, "%d %d %.3f %.3f%n", c[0], c[1],
                    PeerTiming.medianMillis(w::regressionStep, reps), PeerTiming.medianMillis(w::jkoStep, reps));
        }
    }
}
