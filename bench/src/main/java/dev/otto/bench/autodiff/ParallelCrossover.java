package dev.otto.bench.autodiff;

import dev.otto.autodiff.Tensor;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where the thread pool starts to pay: the time of one kernel call (a product n x w times w x w, a
 * softplus and a tanh of n x w) over a range of batch sizes n, with the work size each call
 * declares to {@code dev.otto.autodiff.Parallel}. Run it once single-threaded
 * ({@code -Dotto.threads=1}) and once with the pool forced on every call
 * ({@code -Dotto.parallelMinWork=0}); bench/run-parallel-crossover.sh alternates the two and prints
 * the ratio, whose crossing of 1 sets {@code Parallel.MIN_PARALLEL_WORK}. Prints
 * "op n w work microseconds" lines.
 */
public final class ParallelCrossover {

    private ParallelCrossover() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        SplittableRandom rng = new SplittableRandom(1);
        for (int w : new int[] {48, 128}) {
            Tensor weight = Tensor.randn(w, w, rng);
            for (int n : new int[] {8, 32, 64, 128, 200, 400, 1000, 2000}) {
                Tensor x = Tensor.randn(n, w, rng);
                // each sample repeats the call until about a millisecond of work, so the median is
                // not the timer's resolution
                int inner = (int) Math.max(1, 1_000_000L / ((long) n * w * w / 4 + 2000));
                report("matmul", n, w, (long) n * w * w, inner, reps, () -> x.matmul(weight).get(0, 0));
                report("softplus", n, w, (long) n * w * 16, inner * 4, reps, () -> x.softplus().get(0, 0));
                report("tanh", n, w, (long) n * w * 16, inner * 4, reps, () -> x.tanh().get(0, 0));
            }
        }
    }

    private static void report(String op, int n, int w, long work, int inner, int reps,
                               java.util.function.DoubleSupplier call) {
        double ms = PeerTiming.medianMillis(() -> {
            double s = 0;
            for (int i = 0; i < inner; i++) {
                s += call.getAsDouble();
            }
            return s;
        }, reps);
        System.out.printf(Locale.ROOT, "%s %d %d %d %.2f%n", op, n, w, work, ms * 1e3 / inner);
    }
}
