package dev.otto.bench.autodiff;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/** Median wall time of repeated calls after a warm-up, the statistic the peer scripts also print. */
public final class PeerTiming {
    private static volatile double sink;

    private PeerTiming() {
    }

    /** Warm-up long enough for the JIT to compile the hot loops (at least 3 s and 10 calls). */
    public static double medianMillis(DoubleSupplier work, int reps) {
        long start = System.nanoTime();
        for (int i = 0; i < 10 || System.nanoTime() - start < 3_000_000_000L; i++) {
            sink += work.getAsDouble();
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            sink += work.getAsDouble();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[reps / 2];
    }
}
