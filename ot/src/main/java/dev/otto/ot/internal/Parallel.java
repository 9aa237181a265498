package dev.otto.ot.internal;

import java.util.stream.IntStream;

/**
 * Deterministic block parallelism shared by the ot solvers (MATH.md section 1 needs no
 * parallelism; this is an implementation device). Work on [0, n) is cut into blocks whose
 * boundaries depend only on n and the block size, never on the number of threads, and every
 * block is processed by one thread in index order. Callers reduce per-block results in block
 * order, so results are bitwise identical whatever the thread count.
 */
public final class Parallel {

    /** Below this amount of work (in arithmetic operations) loops stay on the calling thread. */
    public static final long MIN_PARALLEL_WORK = 1L << 17;

    private static volatile boolean enabled = true;

    private Parallel() {
    }

    /** Body of a block: processes indices lo (inclusive) to hi (exclusive). */
    @FunctionalInterface
    public interface BlockBody {
        void run(int lo, int hi);
    }

    /**
     * Enables or disables the use of the common ForkJoin pool (for tests that check results do
     * not depend on it, and for callers that parallelise at a coarser level).
     */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /** Whether parallel execution is enabled. */
    public static boolean isEnabled() {
        return enabled;
    }

    /** Number of blocks of size {@code blockSize} covering [0, n). */
    public static int blockCount(int n, int blockSize) {
        return (n + blockSize - 1) / blockSize;
    }

    /** Runs body over fixed blocks of [0, n), in parallel when enabled and worthwhile. */
    public static void forEachBlock(int n, int blockSize, BlockBody body) {
        forEachBlock(n, blockSize, Long.MAX_VALUE, body);
    }

    /**
     * Runs body over fixed blocks of [0, n); {@code work} (total operations) below
     * {@link #MIN_PARALLEL_WORK} keeps it on the calling thread.
     */
    public static void forEachBlock(int n, int blockSize, long work, BlockBody body) {
        int blocks = blockCount(n, blockSize);
        if (!enabled || blocks <= 1 || work < MIN_PARALLEL_WORK
                || Runtime.getRuntime().availableProcessors() < 2) {
            for (int k = 0; k < blocks; k++) {
                body.run(k * blockSize, Math.min(n, (k + 1) * blockSize));
            }
            return;
        }
        IntStream.range(0, blocks).parallel()
                .forEach(k -> body.run(k * blockSize, Math.min(n, (k + 1) * blockSize)));
    }
}
