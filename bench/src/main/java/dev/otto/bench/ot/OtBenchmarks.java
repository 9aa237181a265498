package dev.otto.bench.ot;

import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.exact.NetworkSimplex;
import dev.otto.ot.sinkhorn.Sinkhorn;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * JMH benchmarks of the ot solvers (MATH.md section 1) on the peer-comparison inputs: network
 * simplex, scaling and log-domain Sinkhorn at eps = 0.05 mean(C), tolerance 1e-9.
 * Run: {@code java -jar bench/target/benchmarks.jar OtBenchmarks -p n=1000 -p d=2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class OtBenchmarks {

    @Param({"1000", "2000"})
    public int n;

    @Param({"2", "10"})
    public int d;

    private CostMatrix cost;
    private double[] w;

    @Setup
    public void setup() {
        double[][][] xy = OtPeerComparison.clouds(n, d, 0);
        cost = CostMatrix.of(PointCloudCost.squaredEuclidean(xy[0], xy[1]));
        w = new double[n];
        Arrays.fill(w, 1.0 / n);
    }

    @Benchmark
    public double networkSimplex() {
        return new NetworkSimplex().solve(w, w, cost).cost();
    }

    @Benchmark
    public double sinkhornScaling() {
        return Sinkhorn.scaling().withEpsilonScaling(false).solve(w, w, cost).transportCost();
    }

    @Benchmark
    public double sinkhornLogDomain() {
        return Sinkhorn.logDomain().withEpsilonScaling(false).solve(w, w, cost).transportCost();
    }
}
