package dev.otto.bench.autodiff;

import dev.otto.autodiff.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the three products of a training step's layer at the shapes training runs them, each as
 * "op:n:k:m" with 2 n k m flops (GFLOP/s = 2 n k m / time):
 * <ul>
 *   <li>{@code AB}: C (n x m) = A (n x k) B (k x m), the forward pass ({@link Tensor#matmul});</li>
 *   <li>{@code ABt}: C = A B^T with B (m x k), the input gradient dA = dC W^T
 *       ({@link Tensor#matmulTranspose});</li>
 *   <li>{@code AtB}: C = A^T B with A (k x n), the weight gradient dW = X^T dC, a reduction over
 *       the batch ({@link Tensor#transposeMatmul}).</li>
 * </ul>
 * The JKO layer (batch 2000, width 128), its narrow ends (128 -> 2 and 2 -> 128), the proximal
 * step's batch 200 through width 48, and one square size for the cache-blocked path.
 * {@code java -jar bench/target/benchmarks.jar MatMulShapesBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class MatMulShapesBenchmark {

    @Param({
        "AB:2000:128:128", "ABt:2000:128:128", "AtB:128:2000:128",
        "AB:2000:128:2", "ABt:2000:2:128", "AtB:128:2000:2",
        "AB:2000:2:128", "ABt:2000:128:2", "AtB:2:2000:128",
        "AB:200:48:48", "ABt:200:48:48", "AtB:48:200:48",
        "AB:1024:1024:1024"})
    public String shape;

    private Tensor a;
    private Tensor b;
    private String op;

    @Setup(Level.Trial)
    public void setUp() {
        String[] p = shape.split(":");
        op = p[0];
        int n = Integer.parseInt(p[1]);
        int k = Integer.parseInt(p[2]);
        int m = Integer.parseInt(p[3]);
        SplittableRandom rng = new SplittableRandom(7);
        switch (op) {
            case "AB":
                a = Tensor.randn(n, k, rng);
                b = Tensor.randn(k, m, rng);
                break;
            case "ABt":
                a = Tensor.randn(n, k, rng);
                b = Tensor.randn(m, k, rng);
                break;
            case "AtB":
                a = Tensor.randn(k, n, rng);
                b = Tensor.randn(k, m, rng);
                break;
            default:
                throw new IllegalArgumentException("shape: unknown product " + op + " (AB, ABt or AtB)");
        }
    }

    @Benchmark
    public Tensor product() {
        switch (op) {
            case "AB":
                return a.matmul(b);
            case "ABt":
                return a.matmulTranspose(b);
            default:
                return a.transposeMatmul(b);
        }
    }
}
