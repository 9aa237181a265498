package dev.otto.bench.ot;

import dev.otto.ot.cost.PointCloudCost;
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
 * Scaling against log-domain Sinkhorn (MATH.md section 1, "Entropic OT") on point clouds given as
 * an on-the-fly cost ({@link PointCloudCost}, |x - y|^2, the peer-comparison clouds x ~ N(0, I_2),
 * y ~ N(1, I_2), uniform weights), each solved from scratch at the default eps = 0.05 mean(C) and
 * tolerance 1e-9: the scaling iteration on its kernel exp(-C/eps), and the log domain as it runs by
 * default, on the absorbed kernel its kernel memory allows; and the log domain streamed (kernel
 * memory 0: O(n + m) memory, one exponential per cost entry and half-step, the form beyond the
 * kernel memory). Average time over timed iterations, not single shots: a solve at n = 600 takes
 * about 20 ms, and single shots after two warm-up solves timed the Vector API code before the JIT
 * had compiled it. The ratio table: {@code java -jar bench/target/benchmarks.jar
 * 'PointCloudSinkhornBenchmark.(scaling|logDomain)$'}; the streamed form: {@code java -jar
 * bench/target/benchmarks.jar PointCloudSinkhornBenchmark.logDomainStreamed}. On a shared machine
 * {@link SinkhornMethodsComparison} (alternating in one JVM) gives steadier ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class PointCloudSinkhornBenchmark {

    @Param({"600", "1200", "2400"})
    public int n;

    private PointCloudCost cost;
    private double[] w;

    @Setup
    public void setup() {
        double[][][] xy = OtPeerComparison.clouds(n, 2, 0);
        cost = PointCloudCost.squaredEuclidean(xy[0], xy[1]);
        w = new double[n];
        Arrays.fill(w, 1.0 / n);
    }

    @Benchmark
    public double scaling() {
        return Sinkhorn.scaling().solve(w, w, cost).transportCost();
    }

    @Benchmark
    public double logDomain() {
        return Sinkhorn.logDomain().solve(w, w, cost).transportCost();
    }

    @Benchmark
    public double logDomainStreamed() {
        return Sinkhorn.logDomain().withKernelMemory(0).solve(w, w, cost).transportCost();
    }
}
