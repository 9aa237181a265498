package dev.otto.bench.autodiff;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * GFLOP/s per second of CPU time of the calling thread for the products of
 * {@link MatMulShapesBenchmark}: run with {@code -Dotto.threads=1}, this measures the kernel on one
 * core and is far less sensitive than wall-clock time to other jobs on a shared machine (time the
 * thread spends descheduled is not counted; caches disturbed by the others still are). Prints, per
 * shape, the median and the best of 5 rounds after 2 warm-up rounds, each round about 0.5 s.
 *
 * <pre>java --add-modules jdk.incubator.vector -Dotto.threads=1 -cp bench/target/benchmarks.jar dev.otto.bench.autodiff.MatMulCpuTime [op:n:k:m ...]</pre>
 */
public final class MatMulCpuTime {

    private MatMulCpuTime() {
    }

    public static void main(String[] args) {
        String[] shapes = args.length > 0 ? args : MatMulShapesBenchmark.SHAPES;
        ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        for (String shape : shapes) {
            LayerProduct product = new LayerProduct(shape);
            int reps = (int) Math.max(3, Math.min(20000, 1.5e10 / product.flops));
            double[] gflops = new double[5];
            for (int round = -2; round < gflops.length; round++) {
                long t0 = clock.getCurrentThreadCpuTime();
                for (int r = 0; r < reps; r++) {
                    product.run();
                }
                long t1 = clock.getCurrentThreadCpuTime();
                if (round >= 0) {
                    gflops[round] = product.flops * reps / (t1 - t0);
                }
            }
            Arrays.sort(gflops);
            System.out.printf(Locale.ROOT, "%-20s %6.1f %6.1f%n", shape, gflops[2], gflops[4]);
        }
    }
}
