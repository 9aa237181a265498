package dev.otto.bench.ot;

import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornResult;

import java.util.Arrays;

/**
 * Scaling against log-domain Sinkhorn (MATH.md section 1, "Entropic OT") on the point clouds of
 * {@link PointCloudSinkhornBenchmark}, timed alternately in one JVM so that load from other jobs
 * on a shared machine hits both sides alike: for each n, a warm-up, then {@code rounds} rounds of
 * one scaling solve and one log-domain solve (the order swapped every round). Prints per n the
 * median time of each, the ratio of the medians (log / scaling), the median of the per-round
 * ratios, iterations and the two transport costs.
 *
 * <p>The log domain runs as it does by default (on an absorbed kernel within
 * {@link Sinkhorn#DEFAULT_KERNEL_MEMORY}, streamed beyond it), or with {@code --streamed} always
 * streamed ({@code withKernelMemory(0)}: O(n + m) memory, the form used beyond the kernel memory).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.otto.bench.ot.SinkhornMethodsComparison [--streamed] [rounds] [n ...]} (defaults: 15 rounds,
 * n = 600 1200 2400); n = 10000 needs {@code -Xmx8g} for the scaling kernel (800 MB).
 */
public final class SinkhornMethodsComparison {

    private SinkhornMethodsComparison() {
    }

    public static void main(String[] args) {
        boolean streamed = args.length > 0 && args[0].equals("--streamed");
        int first = streamed ? 1 : 0;
        int rounds = args.length > first ? Integer.parseInt(args[first]) : 15;
        int[] sizes = args.length > first + 1
                ? Arrays.stream(args, first + 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {600, 1200, 2400};
        String logName = streamed ? "log domain streamed" : "log domain";
        System.out.println("| n | scaling median ms | " + logName + " median ms | ratio of medians | median of round ratios"
                + " | iterations scaling / log | <C,P> scaling | <C,P> log |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int n : sizes) {
            double[][][] xy = OtPeerComparison.clouds(n, 2, 0);
            PointCloudCost cost = PointCloudCost.squaredEuclidean(xy[0], xy[1]);
            double[] w = new double[n];
            Arrays.fill(w, 1.0 / n);
            Sinkhorn scaling = Sinkhorn.scaling();
            Sinkhorn log = streamed ? Sinkhorn.logDomain().withKernelMemory(0) : Sinkhorn.logDomain();
            // beyond a few thousand points one solve has iterations enough for the JIT
            for (int k = 0; k < Math.max(n >= 5000 ? 1 : 3, 12_000_000 / (n * n)); k++) {
                scaling.solve(w, w, cost);
                log.solve(w, w, cost);
            }
            double[] ts = new double[rounds];
            double[] tl = new double[rounds];
            double[] ratio = new double[rounds];
            SinkhornResult rs = null;
            SinkhornResult rl = null;
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    long t0 = System.nanoTime();
                    rs = scaling.solve(w, w, cost);
                    long t1 = System.nanoTime();
                    rl = log.solve(w, w, cost);
                    long t2 = System.nanoTime();
                    ts[r] = (t1 - t0) / 1e6;
                    tl[r] = (t2 - t1) / 1e6;
                } else {
                    long t0 = System.nanoTime();
                    rl = log.solve(w, w, cost);
                    long t1 = System.nanoTime();
                    rs = scaling.solve(w, w, cost);
                    long t2 = System.nanoTime();
                    tl[r] = (t1 - t0) / 1e6;
                    ts[r] = (t2 - t1) / 1e6;
                }
                ratio[r] = tl[r] / ts[r];
                // progress on stderr: a round at n = 10000 takes minutes on a loaded machine
                System.err.printf("n = %d, round %d: scaling %.1f ms, %s %.1f ms%n", n, r + 1, ts[r], logName, tl[r]);
            }
            double ms = median(ts);
            double ml = median(tl);
            System.out.printf("| %d | %.1f | %.1f | %.2f | %.2f | %d / %d | %.12f | %.12f |%n", n, ms, ml, ml / ms,
                    median(ratio), rs.iterations(), rl.iterations(), rs.transportCost(), rl.transportCost());
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int k = s.length / 2;
        return s.length % 2 == 1 ? s[k] : (s[k - 1] + s[k]) / 2;
    }
}
