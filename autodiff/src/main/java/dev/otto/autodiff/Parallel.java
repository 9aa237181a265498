package dev.otto.autodiff;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Splits a range of independent rows over the cores. Each index is always computed by the same
 * sequential code, so results are bitwise identical whatever the number of threads.
 *
 * <p>The thread count defaults to the number of available processors and can be set with the
 * system property {@code otto.threads} (1 disables parallelism).
 */
public final class Parallel {

    /**
     * Work, in multiply-add equivalents (a multiply-add of the matrix product, about 0.1 ns on this
     * machine kind; element-wise kernels declare their cost per element in the same unit), below
     * which a kernel stays on the calling thread: 2^22, about 0.4 ms single-threaded.
     *
     * <p>Measured with dev.otto.bench.autodiff.ParallelCrossover (bench/README.md, "threads"): forking
     * onto the pool and joining costs 10-20 us, and on this shared 2-core machine the second core is
     * often busy, so products below a few million multiply-adds (batch 200 through a 48- or 128-wide
     * layer: 0.5 and 3.3 million) ran 1.3-1.8x slower with the pool than on one thread, while a tanh
     * of 200 x 48 (about 5 million equivalents) ran 2.5x faster. The old threshold, 2^16, sent every
     * operation of a batch-200 training step to the pool. {@code -Dotto.parallelMinWork=N} overrides
     * it (0 forces the pool, as the measurement does).
     */
    static final long MIN_PARALLEL_WORK = Long.getLong("otto.parallelMinWork", 1L << 22);

    private static final int THREADS = Math.max(1,
            Integer.getInteger("otto.threads", Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

    private Parallel() {
    }

    /** Body over a half-open range of indices. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** The number of threads kernels may use. */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over [0, n), in parallel chunks when {@code work} (total cost in
     * multiply-adds) is large enough to pay for the fork.
     */
    public static void forRange(int n, long work, RangeBody body) {
        if (POOL == null || n < 2 || work < MIN_PARALLEL_WORK || ForkJoinTask.getPool() == POOL) {
            body.run(0, n);
            return;
        }
        int chunks = Math.min(n, THREADS * 4);
        POOL.invoke(new Chunk(body, 0, n, Math.max(1, (n + chunks - 1) / chunks)));
    }

    private static final class Chunk extends RecursiveAction {
        private final RangeBody body;
        private final int from;
        private final int to;
        private final int grain;

        Chunk(RangeBody body, int from, int to, int grain) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.grain = grain;
        }

        @Override
        protected void compute() {
            if (to - from <= grain) {
                body.run(from, to);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Chunk(body, from, mid, grain), new Chunk(body, mid, to, grain));
        }
    }
}
