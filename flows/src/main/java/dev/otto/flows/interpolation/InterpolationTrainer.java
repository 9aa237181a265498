package dev.otto.flows.interpolation;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.autodiff.optim.Adam;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.TrainingProgress;
import dev.otto.flows.data.Sampler;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Simulation-free training of an {@link InterpolationFlow} (MATH.md section 5; seed paper 3's
 * least-squares estimator of the velocity): each iteration draws a minibatch X_1 of n data rows,
 * Z ~ N(0, I) (re-paired with the data by {@link Pairing}), t_i ~ U(0, 1 - timeEpsilon) per row,
 * forms X_t = a(t) Z + b(t) X_1 and the target a'(t) Z + b'(t) X_1, and takes one Adam step on
 * <pre>
 *   L(theta) = (1/n) sum_i | v_theta(t_i, X_t,i) - (a'(t_i) Z_i + b'(t_i) X_1,i) |^2 .
 * </pre>
 * Its minimiser over all functions is the conditional expectation v(t, x) of MATH.md section 5.
 * The schedule is the flow's ({@link InterpolationFlow#schedule()}), so a saved model always names
 * the schedule it was trained for. All randomness comes from {@link Config#seed()}.
 *
 * <p>timeEpsilon: for schedules with a'(1) infinite (Follmer, VP) the target's second moment
 * E a'(t)^2 = int t^2 / (1 - t^2) dt diverges (logarithmically) at t = 1, so they must be trained on
 * [0, 1 - timeEpsilon] with timeEpsilon &gt; 0 (the trainer refuses 0); the linear and trigonometric
 * schedules have bounded targets and take timeEpsilon = 0.
 */
public final class InterpolationTrainer {

    private InterpolationTrainer() {
    }

    /**
     * Training options.
     *
     * @param iterations   number of Adam steps, &gt; 0
     * @param batchSize    minibatch size n, &gt;= 2
     * @param learningRate Adam learning rate (betas 0.9, 0.999, eps 1e-8), &gt; 0
     * @param pairing      INDEPENDENT or EXACT_OT minibatch coupling
     * @param timeEpsilon  t ~ U(0, 1 - timeEpsilon), in [0, 0.5)
     * @param seed         seed of the one generator used for data, noise and times
     */
    public record Config(int iterations, int batchSize, double learningRate, Pairing pairing, double timeEpsilon,
                         long seed) {
        public Config {
            if (iterations <= 0) {
                throw new IllegalArgumentException("iterations: expected > 0, got " + iterations);
            }
            if (batchSize < 2) {
                throw new IllegalArgumentException("batchSize: expected >= 2, got " + batchSize);
            }
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("learningRate: expected a finite value > 0, got " + learningRate);
            }
            if (pairing == null) {
                throw new IllegalArgumentException("pairing: expected INDEPENDENT or EXACT_OT, got null");
            }
            if (!(timeEpsilon >= 0 && timeEpsilon < 0.5)) {
                throw new IllegalArgumentException("timeEpsilon: expected a value in [0, 0.5), got " + timeEpsilon);
            }
        }

        /** TorchCFM's 2-D recipe: batch 256, Adam lr 1e-3, independent pairing, t ~ U(0, 1). */
        public static Config defaults(int iterations, long seed) {
            return new Config(iterations, 256, 1e-3, Pairing.INDEPENDENT, 0.0, seed);
        }

        public Config withPairing(Pairing p) {
            return new Config(iterations, batchSize, learningRate, p, timeEpsilon, seed);
        }

        public Config withTimeEpsilon(double eps) {
            return new Config(iterations, batchSize, learningRate, pairing, eps, seed);
        }

        public Config withLearningRate(double lr) {
            return new Config(iterations, batchSize, lr, pairing, timeEpsilon, seed);
        }

        public Config withBatchSize(int n) {
            return new Config(iterations, n, learningRate, pairing, timeEpsilon, seed);
        }
    }

    /** The loss of every iteration and the wall time. */
    public record Result(double[] losses, double seconds) {
        /** The mean loss over the last {@code k} iterations. */
        public double finalLoss(int k) {
            int from = Math.max(0, losses.length - k);
            double s = 0;
            for (int i = from; i < losses.length; i++) {
                s += losses[i];
            }
            return s / (losses.length - from);
        }
    }

    /** Trains on fresh minibatches drawn from {@code data} each iteration. */
    public static Result train(InterpolationFlow flow, Sampler data, Config config, TrainingListener listener) {
        if (data == null || data.dimension() != (flow == null ? -1 : flow.dimension())) {
            throw new IllegalArgumentException("data: expected a sampler of dimension "
                    + (flow == null ? "?" : flow.dimension()) + ", got " + (data == null ? "null" : data.dimension()));
        }
        SplittableRandom rng = new SplittableRandom(config.seed());
        return run(flow, n -> data.sample(n, rng), rng, config, listener);
    }

    /** Trains on minibatches of rows drawn uniformly with replacement from a fixed data set. */
    public static Result train(InterpolationFlow flow, Tensor dataset, Config config, TrainingListener listener) {
        if (flow == null) {
            throw new IllegalArgumentException("flow: expected an InterpolationFlow, got null");
        }
        flow.checkBatch("dataset", dataset);
        SplittableRandom rng = new SplittableRandom(config.seed());
        return run(flow, n -> {
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = rng.nextInt(dataset.rows());
            }
            return dataset.gatherRows(idx);
        }, rng, config, listener);
    }

    private static Result run(InterpolationFlow flow, IntFunction<Tensor> batches, SplittableRandom rng, Config config,
                              TrainingListener listener) {
        if (flow == null) {
            throw new IllegalArgumentException("flow: expected an InterpolationFlow, got null");
        }
        if (config == null) {
            throw new IllegalArgumentException("config: expected a Config, got null");
        }
        TrainingListener report = listener == null ? TrainingListener.none() : listener;
        Schedule schedule = flow.schedule();
        double tMax = 1 - config.timeEpsilon();
        if (!Double.isFinite(schedule.aPrime(tMax)) || !Double.isFinite(schedule.bPrime(tMax))) {
            throw new IllegalArgumentException("timeEpsilon: schedule " + schedule.name()
                    + " has an infinite derivative at t = " + tMax + "; expected timeEpsilon > 0 (e.g. 1e-3), got "
                    + config.timeEpsilon());
        }
        List<Parameter> params = flow.parameters();
        List<Tensor> values = params.stream().map(Parameter::value).toList();
        Adam adam = new Adam(config.learningRate());
        int n = config.batchSize();
        int d = flow.dimension();
        double[] losses = new double[config.iterations()];
        long start = System.nanoTime();
        for (int it = 0; it < config.iterations(); it++) {
            Tensor x1 = batches.apply(n);
            Tensor z = config.pairing().pair(Tensor.randn(n, d, rng), x1);
            double[] t = new double[n];
            double[] a = new double[n];
            double[] b = new double[n];
            double[] ap = new double[n];
            double[] bp = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = tMax * rng.nextDouble();
                a[i] = schedule.a(t[i]);
                b[i] = schedule.b(t[i]);
                ap[i] = schedule.aPrime(t[i]);
                bp[i] = schedule.bPrime(t[i]);
            }
            Tensor xt = z.mul(Tensor.wrap(n, 1, a)).add(x1.mul(Tensor.wrap(n, 1, b)));
            Tensor target = z.mul(Tensor.wrap(n, 1, ap)).add(x1.mul(Tensor.wrap(n, 1, bp)));
            Tensor times = Tensor.wrap(n, 1, t);
            double loss;
            try (Tape.Scope scope = Tape.record()) {
                values = params.stream().map(Parameter::value).toList();
                Tensor l = flow.velocity(times, xt).sub(target).square().rowSums().mean();
                loss = l.item();
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("interpolation training: non-finite loss " + loss + " at iteration "
                            + it);
                }
                adam.step(params, Gradients.grad(l, values));
            }
            losses[it] = loss;
            report.onProgress(new TrainingProgress(0, 1, it, config.iterations(), Map.of("total", loss),
                    (System.nanoTime() - start) / 1e9));
        }
        return new Result(losses, (System.nanoTime() - start) / 1e9);
    }
}
