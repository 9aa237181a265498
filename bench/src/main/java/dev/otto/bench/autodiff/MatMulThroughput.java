package dev.otto.bench.autodiff;

import dev.otto.autodiff.Tensor;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * GFLOP/s of the float64 matrix product C = A B (2 n k m flops) through {@link Tensor#matmul}, the
 * same shapes and statistic as bench/peers/matmul_numpy.py: the square sizes of the cache-blocking
 * question and the skinny shapes of training (a batch of rows through a 128-wide layer).
 * Prints "n k m gflops" lines for bench/run-matmul-peers.sh.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.otto.bench.autodiff.MatMulThroughput [reps]</pre>
 */
public final class MatMulThroughput {

    /** n, k, m of each product timed; bench/peers/matmul_numpy.py lists the same. */
    static final int[][] SHAPES = {
        {128, 128, 128}, {256, 256, 256}, {512, 512, 512}, {1024, 1024, 1024}, {2048, 2048, 2048},
        {200, 128, 128}, {2000, 128, 128}, {2, 128, 128}};

    private MatMulThroughput() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        SplittableRandom rng = new SplittableRandom(1);
        for (int[] s : SHAPES) {
            Tensor a = Tensor.randn(s[0], s[1], rng);
            Tensor b = Tensor.randn(s[1], s[2], rng);
            // big products are timed fewer times so that a round stays within a minute
            int r = s[0] * (long) s[1] * s[2] >= 1L << 30 ? Math.max(3, reps / 3) : reps;
            double ms = PeerTiming.medianMillis(() -> a.matmul(b).get(0, 0), r);
            System.out.printf(Locale.ROOT, "%d %d %d %.2f%n", s[0], s[1], s[2], 2.0 * s[0] * s[1] * s[2] / (ms * 1e6));
        }
    }
}
