package dev.otto.bench.jko;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * The reference JKO step ({@link JkoStepWork}) measured by the calling thread's CPU time and
 * allocated bytes instead of wall time: on a machine shared with other jobs the wall time of a step
 * varies by 2-3x, its CPU time by about 10%, and its allocation not at all. Run single-threaded
 * ({@code -Dotto.threads=1}) so that all the work is on this thread; GC work is on the collector's
 * threads and is not counted (watch it with {@code -Xlog:gc}).
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -Dotto.threads=1 -cp
 * bench/target/benchmarks.jar dev.otto.bench.jko.JkoStepCpuTime [reps]}; prints, for the exact
 * divergence and for Hutchinson, the median and minimum CPU ms per step over reps steps after 6
 * warm-up steps, and the MB allocated by one step.
 */
public final class JkoStepCpuTime {

    private JkoStepCpuTime() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        JkoStepWork w = new JkoStepWork(128, 2000);
        StringBuilder line = new StringBuilder();
        for (boolean exact : new boolean[] {true, false}) {
            for (int i = 0; i < 6; i++) {
                w.step(exact);
            }
            long b0 = mx.getCurrentThreadAllocatedBytes();
            w.step(exact);
            double mb = (mx.getCurrentThreadAllocatedBytes() - b0) / 1e6;
            double[] ms = new double[reps];
            for (int i = 0; i < reps; i++) {
                long t0 = mx.getCurrentThreadCpuTime();
                w.step(exact);
                ms[i] = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            line.append(String.format(Locale.ROOT, "%s%s cpu ms median %.1f min %.1f, allocated %.0f MB",
                    exact ? "" : "; ", exact ? "exact" : "hutchinson", ms[reps / 2], ms[0], mb));
        }
        System.out.println(line);
    }
}
