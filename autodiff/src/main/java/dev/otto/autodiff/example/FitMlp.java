package dev.otto.autodiff.example;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.autodiff.optim.Adam;
import dev.otto.autodiff.optim.GradientClipping;
import dev.otto.autodiff.optim.LearningRateSchedule;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A complete training loop with the tape, small enough to read in one sitting: an MLP learns the
 * velocity field v(x, t) = (-x2, x1) (t) of a rotation scaled by t, from noisy samples, with Adam,
 * a cosine learning-rate schedule and global-norm clipping. Prints the loss as it falls.
 *
 * <p>Run: {@code mvn -q -pl autodiff compile exec:java -Dexec.mainClass=dev.otto.autodiff.example.FitMlp}
 */
public final class FitMlp {

    private FitMlp() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        SplittableRandom rng = new SplittableRandom(42);
        Mlp v = Mlp.builder(2).hidden(64, 64).output(2).activation(Activation.softplus()).timeInput(true).build(rng);
        List<Parameter> params = v.parameters();
        Adam adam = new Adam(LearningRateSchedule.cosine(3e-3, steps, 1e-5), 0.9, 0.999, 1e-8, 0.0, false);
        System.out.printf("MLP 3 -> 64 -> 64 -> 2 (softplus), %d parameters, %d Adam steps%n", v.parameterCount(), steps);
        long start = System.nanoTime();
        for (int step = 0; step <= steps; step++) {
            Tensor x = Tensor.randn(256, 2, rng);
            Tensor t = Tensor.uniform(256, 1, 0, 1, rng);
            Tensor target = Tensor.concatCols(x.sliceCols(1, 2).neg(), x.sliceCols(0, 1)).mul(t)
                    .add(Tensor.randn(256, 2, rng).scale(0.01));
            try (Tape.Scope scope = Tape.record()) {
                Tensor loss = v.apply(x, t).sub(target).square().rowSums().mean();
                List<Tensor> grads = Gradients.grad(loss, params.stream().map(Parameter::value).toList());
                adam.step(params, GradientClipping.clipByGlobalNorm(grads, 1.0).grads());
                if (step % 100 == 0) {
                    System.out.printf("step %5d   loss %.6f   lr %.2e   %.1f s%n", step, loss.item(),
                            adam.currentLearningRate(), (System.nanoTime() - start) / 1e9);
                }
            }
        }
    }
}
