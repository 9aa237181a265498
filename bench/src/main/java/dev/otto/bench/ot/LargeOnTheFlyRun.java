package dev.otto.bench.ot;

import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornResult;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The O(n + m)-memory log-domain Sinkhorn (MATH.md section 1, "Entropic OT") on two clouds of
 * n points in d = 2 with the cost |x - y|^2 evaluated on the fly (PointCloudCost): nothing of size
 * n x n is ever stored (an explicit 50,000 x 50,000 matrix would take 20 GB). eps = 0.05 mean(C)
 * (computed in O(n d) from moments), epsilon scaling off, iterations capped. Prints the time, the
 * marginal errors, the peak heap in use (all heap pools) and the peak resident set size.
 * Not part of the test build.
 *
 * <p>Usage: {@code java -Xmx1g --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.otto.bench.ot.LargeOnTheFlyRun [n=50000] [maxIterations=5]}.
 */
public final class LargeOnTheFlyRun {

    private LargeOnTheFlyRun() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int iters = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double[][][] xy = OtPeerComparison.clouds(n, 2, 0);
        PointCloudCost cost = PointCloudCost.squaredEuclidean(xy[0], xy[1]);
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        long t0 = System.nanoTime();
        double eps = 0.05 * cost.meanUnder(w, w);
        SinkhornResult r = Sinkhorn.logDomain().withEpsilon(eps).withEpsilonScaling(false).withMaxIterations(iters)
                .solve(w, w, cost);
        double t = (System.nanoTime() - t0) / 1e9;
        long peakHeap = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peakHeap += p.getPeakUsage().getUsed();
            }
        }
        String hwm = "?";
        Path status = Path.of("/proc/self/status");
        if (Files.exists(status)) {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM")) {
                    hwm = line.substring(6).trim();
                }
            }
        }
        double[] errs = r.marginalErrors();
        System.out.printf("n = m = %d, d = 2, eps = %.4g (0.05 mean C), %d iterations in %.1f s (%.1f s per iteration"
                        + " incl. the final statistics pass), converged = %s%n", n, eps, r.iterations(), t,
                t / (r.iterations() + 1), r.converged());
        System.out.printf("L1 row-marginal error per iteration: %s%n", Arrays.toString(errs));
        System.out.printf("final L1 row error %.3e, column error %.3e, <C,P> = %.9f%n", r.rowMarginalError(),
                r.columnMarginalError(), r.transportCost());
        System.out.printf("max heap %d MB, peak heap used %d MB, peak RSS %s (an explicit %d x %d cost would be %.1f GB)%n",
                Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20, hwm, n, n, 8.0 * n * n / 1e9);
    }
}
