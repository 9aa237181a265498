package dev.otto.bench.proximal;

import dev.otto.autodiff.nn.Parameter;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.proximal.ProximalConfig;
import dev.otto.flows.proximal.ProximalResult;
import dev.otto.flows.proximal.ProximalTrainer;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Otto alone on the proximal training iteration of {@link ProximalPeerComparison} (1 generator + 5
 * discriminator steps, batch 200, 2-D pinwheel, the reference architectures; MATH.md section 6,
 * seed paper 2, Algorithm 1), timed by the process's CPU time as well as the wall clock, so that
 * before/after comparisons on a shared machine are not at the mercy of other jobs; and a checksum of
 * every trained parameter's bits, so that a change can be shown to leave the results unchanged.
 *
 * <p>Each round trains {@code iterations} iterations from seed 0 (indicators only at the first and
 * last); the first rounds are warm-up. Prints per round the milliseconds per iteration (CPU, wall)
 * and, once, the checksum.
 *
 * <p>Usage: {@code java -XX:+UseParallelGC --add-modules jdk.incubator.vector -cp
 * bench/target/benchmarks.jar dev.otto.bench.proximal.ProximalStepTime [rounds] [iterations] [warm-up rounds]}.
 */
public final class ProximalStepTime {

    private ProximalStepTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ProximalConfig cfg = ProximalConfig.forDimension(2).withIterations(iterations).withIndicatorEvery(1_000_000);
        for (int r = 0; r < warmUp + rounds; r++) {
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            ProximalResult res = new ProximalTrainer(cfg).train(Datasets.byName("pinwheel"), TrainingListener.none());
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e6 / iterations;
            double wall = (System.nanoTime() - wall0) / 1e6 / iterations;
            System.out.printf(Locale.ROOT, "%s %d: cpu %.2f ms/iteration, wall %.2f ms/iteration, checksum %016x%n",
                    r < warmUp ? "warm-up" : "round", r, cpu, wall, checksum(res));
        }
    }

    /** A hash of the bits of every parameter of both trained networks. */
    static long checksum(ProximalResult res) {
        long h = 1125899906842597L;
        for (var ps : java.util.List.of(res.flow().parameters(), res.discriminator().parameters())) {
            for (Parameter p : ps) {
                for (double v : p.value().toArray()) {
                    h = 31 * h + Double.doubleToLongBits(v);
                }
            }
        }
        return h;
    }
}
