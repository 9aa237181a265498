package dev.otto.bench.interpolation;

import dev.otto.autodiff.nn.Activation;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.interpolation.InterpolationTrainer;
import dev.otto.flows.interpolation.Pairing;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.ode.Integration;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training throughput of the Gaussian interpolation flow (MATH.md section 5), the same
 * work as bench/peers/interpolation_torch.py: per iteration draw 256 rows of the 8-Gaussians
 * mixture and z ~ N(0, I), t ~ U(0, 1) per row, x_t = (1 - t) z + t x_1, target x_1 - z, forward of
 * an MLP [x, t] -> 64 -> 64 -> 64 -> 2 (softplus, float64), loss mean_i |v - target|^2, backward,
 * Adam (lr 1e-3). This is {@link InterpolationTrainer#train} itself, timed end to end.
 * Prints one line: iterations per second. Arguments: [iterations (default 1000)].
 * Run with {@code java --add-modules jdk.incubator.vector}.
 */
public final class TrainingThroughput {

    private TrainingThroughput() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        InterpolationFlow flow = InterpolationFlow.create(2, new int[] {64, 64, 64}, Activation.softplus(),
                Schedule.linear(), Integration.adaptive(1e-5), new SplittableRandom(1));
        // warm-up: let the JIT compile the hot loops before timing
        InterpolationTrainer.train(flow, Datasets.eightGaussians(), InterpolationTrainer.Config.defaults(300, 2), null);
        InterpolationTrainer.Result r = InterpolationTrainer.train(flow, Datasets.eightGaussians(),
                new InterpolationTrainer.Config(iterations, 256, 1e-3, Pairing.INDEPENDENT, 0.0, 3), null);
        System.out.println(String.format(Locale.ROOT, "%.1f", iterations / r.seconds()));
    }
}
