package dev.otto.bench.jko;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.autodiff.optim.Adam;
import dev.otto.autodiff.optim.GradientClipping;
import dev.otto.bench.autodiff.PeerTiming;
import dev.otto.flows.jko.JkoBlock;
import dev.otto.flows.jko.JkoConfig;
import dev.otto.ode.Trace;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One JKO training step of the reference architecture, identical to bench/peers/jko_torch.py: block
 * 2 -> 128 -> 128 -> 128 -> 2 with softplus(beta = 20), batch 2000, S = 3 classical RK4 steps on
 * [0, 1] with the log-determinant integrated alongside (exact divergence: the d = 2 basis tangents
 * carried forward beside the values through each layer; or Hutchinson with one Rademacher
 * probe fixed for the solve; PyTorch takes two vector-Jacobian products per stage kept in the graph),
 * the per-block loss of MATH.md section 4 with h = 0.25, backward, clipping at norm 1, Adam.
 */
public final class JkoStepWork {
    private final JkoBlock block;
    private final List<Parameter> params;
    private final Adam adam = new Adam(1e-4);
    private final Tensor x;
    private final SplittableRandom rng = new SplittableRandom(3);

    public JkoStepWork(int width, int batch) {
        JkoConfig config = JkoConfig.reference().withNetwork(new int[] {width, width, width}, "softplus(20.0)", false);
        this.block = JkoBlock.create(0, 2, config, new SplittableRandom(1));
        this.params = block.parameters();
        this.x = Tensor.randn(batch, 2, new SplittableRandom(2));
    }

    /** One step; returns the loss. */
    public double step(boolean exact) {
        Trace trace = exact ? Trace.exact() : Trace.rademacher(x.rows(), 2, rng);
        try (Tape.Scope s = Tape.record()) {
            JkoBlock.Loss loss = block.loss(x, trace);
            List<Tensor> g = Gradients.grad(loss.total(), params.stream().map(Parameter::value).toList());
            adam.step(params, GradientClipping.clipByGlobalNorm(g, 1.0).grads());
            return loss.total().item();
        }
    }

    /** Prints "batch ms_exact ms_hutchinson" for bench/run-jko-peers.sh. */
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        JkoStepWork w = new JkoStepWork(128, 2000);
        System.out.printf(Locale.ROOT, "%d %.3f %.3f%n", 2000, PeerTiming.medianMillis(() -> w.step(true), reps),
                PeerTiming.medianMillis(() -> w.step(false), reps));
    }
}
