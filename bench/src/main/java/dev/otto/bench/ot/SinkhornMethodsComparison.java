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
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.otto.bench.ot.SinkhornMethodsComparison [rounds] [n ...]} (defaults: 15 rounds, n = 600 1200 2400).
 */
public final class SinkhornMethodsComparison {

    private SinkhornMethodsComparison() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int[] sizes = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {600, 1200, 2400};
        System.out.println("| n | scaling median ms | log domain median ms | ratio of medians | median of round ratios"
                + " | iterations scaling / log | <C,P> scaling | <C,P> log |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int n : sizes) {
            double[][][] xy = OtPeerComparison.clouds(n, 2, 0);
            PointCloudCost cost = PointCloudCost.squaredEuclidean(xy[0], xy[1]);
            double[] w = new double[n];
            Arrays.fill(w, 1.0 / n);
            Sinkhorn scaling = Sinkhorn.scaling();
            Sinkhorn log = Sinkhorn.logDomain();
            for (int k = 0; k < Math.max(3, 12_000_000 / (n * n)); k++) {
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
