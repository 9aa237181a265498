package dev.otto.bench.jko;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.jko.FirstOrderError;
import dev.otto.flows.jko.JkoConfig;
import dev.otto.flows.jko.JkoFlow;
import dev.otto.flows.jko.JkoTrainer;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seed paper 1, Appendix D (MATH.md section 4): one JKO block with h = 0.5 trained on 2000 samples of
 * p_k = N((3,3), I); the exact step is p_{k+1} = N((2,2), I). Prints the first-order error estimate
 * E|xi|^2 during training beside the estimator's own floor on exact N((2,2), I) samples, and the
 * learned p_{k+1}'s mean and covariance. Expected: E|xi|^2 starts near 19 and ends within
 * 25% of the floor; the mean is within 0.1 of (2, 2) and the covariance within 0.1 of I.
 *
 * <p>Run: {@code mvn -q -B -pl bench -am package -DskipTests} then
 * {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.otto.bench.jko.AppendixDExperiment}.
 * Optional: -Djko.iterations, -Djko.lr, -Djko.width.
 */
public final class AppendixDExperiment {

    private AppendixDExperiment() {
    }

    public static void main(String[] args) {
        int iterations = Integer.getInteger("jko.iterations", 200);
        double lr = Double.parseDouble(System.getProperty("jko.lr", "2e-3"));
        int width = Integer.getInteger("jko.width", 128);
        double h = 0.5;
        int n = 2000;
        SplittableRandom rng = new SplittableRandom(11);
        Tensor x = Tensor.randn(n, 2, rng).addScalar(3.0);
        // the estimator's floor two ways: independent exact samples of p_k and p_{k+1} (the paper's
        // "true" curve), and the exact map T(x) = x - 1 applied to the same x (like for like with a
        // learned block, whose pushed samples are paired with their own starting points)
        double floor = FirstOrderError.estimate(Tensor.randn(n, 2, rng).addScalar(3.0),
                Tensor.randn(n, 2, rng).addScalar(2.0), h, FirstOrderError.DEFAULT_KERNEL_VARIANCE).value();
        double pairedFloor = FirstOrderError.estimate(x, x.addScalar(-1.0), h,
                FirstOrderError.DEFAULT_KERNEL_VARIANCE).value();
        JkoConfig config = JkoConfig.reference().withSteps(new double[] {h})
                .withNetwork(new int[] {width, width, width}, "softplus(20.0)", false)
                .withTraining(n, iterations, lr);
        System.out.printf(Locale.ROOT, "Appendix D: p_k = N((3,3), I), h = %.1f, %d samples, %d Adam steps at lr %.0e,"
                + " MLP 2-%d-%d-%d-2 softplus(20), S = 3 RK4 steps%n", h, n, iterations, lr, width, width, width);
        System.out.printf(Locale.ROOT, "estimator floor: independent exact samples %.3f, exact map on the same x %.3f%n",
                floor, pairedFloor);
        System.out.println("iteration | E|xi|^2 (+- s.e.) | mean of p_{k+1}");
        long t0 = System.nanoTime();
        JkoTrainer.Result r = new JkoTrainer(config).withBlockObserver((block, it, b, input) -> {
            if (it % 25 == 0 || it == iterations - 1) {
                Tensor y = b.pushTraining(x);
                var e = FirstOrderError.estimate(x, y, h, FirstOrderError.DEFAULT_KERNEL_VARIANCE);
                Tensor m = y.colMeans();
                System.out.printf(Locale.ROOT, "%5d | %.3f +- %.3f | (%.3f, %.3f)%n", it, e.value(), e.standardError(),
                        m.get(0, 0), m.get(0, 1));
            }
        }).train(x);
        JkoFlow flow = r.flow();
        Tensor y = flow.blocks().get(0).pushTraining(x);
        Tensor mean = y.colMeans();
        Tensor centred = y.sub(mean);
        Tensor cov = centred.transposeMatmul(centred).scale(1.0 / (n - 1));
        double first = FirstOrderError.estimate(x, x, h, FirstOrderError.DEFAULT_KERNEL_VARIANCE).value();
        double last = FirstOrderError.estimate(x, y, h, FirstOrderError.DEFAULT_KERNEL_VARIANCE).value();
        System.out.printf(Locale.ROOT, "E|xi|^2 at the identity map %.3f, after training %.3f; floors %.3f (independent,"
                + " ratio %.2f) and %.3f (exact map, ratio %.2f)%n", first, last, floor, last / floor, pairedFloor,
                last / pairedFloor);
        System.out.printf(Locale.ROOT, "learned p_{k+1}: mean (%.3f, %.3f), covariance [[%.3f, %.3f], [%.3f, %.3f]]"
                + " (exact: (2, 2), I); %.1f s%n", mean.get(0, 0), mean.get(0, 1), cov.get(0, 0), cov.get(0, 1),
                cov.get(1, 0), cov.get(1, 1), (System.nanoTime() - t0) / 1e9);
    }
}
