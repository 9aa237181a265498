package dev.otto.bench.autodiff;

import dev.otto.autodiff.Tensor;
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
 * JMH: the three products of a training step's layer ({@link LayerProduct}: {@code AB} forward,
 * {@code ABt} input gradient, {@code AtB} weight gradient over the batch) at the shapes training
 * runs them, "op:n:k:m" with 2 n k m flops (GFLOP/s = 2 n k m / time): the JKO layer (batch 2000,
 * width 128), its narrow ends (128 -> 2 and 2 -> 128), the proximal step's batch 200 through width
 * 48, and one square size for the cache-blocked path.
 * {@code java -jar bench/target/benchmarks.jar MatMulShapesBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class MatMulShapesBenchmark {

    /** The shapes of {@link #shape}, for {@link MatMulCpuTime} (an annotation takes literals only). */
    static final String[] SHAPES = {
        "AB:2000:128:128", "ABt:2000:128:128", "AtB:128:2000:128",
        "AB:2000:128:2", "ABt:2000:2:128", "AtB:128:2000:2",
        "AB:2000:2:128", "ABt:2000:128:2", "AtB:2:2000:128",
        "AB:200:48:48", "ABt:200:48:48", "AtB:48:200:48",
        "AB:1024:1024:1024"};

    @Param({
        "AB:2000:128:128", "ABt:2000:128:128", "AtB:128:2000:128",
        "AB:2000:128:2", "ABt:2000:2:128", "AtB:128:2000:2",
        "AB:2000:2:128", "ABt:2000:128:2", "AtB:2:2000:128",
        "AB:200:48:48", "ABt:200:48:48", "AtB:48:200:48",
        "AB:1024:1024:1024"})
    public String shape;

    private LayerProduct product;

    @Setup(Level.Trial)
    public void setUp() {
        product = new LayerProduct(shape);
    }

    @Benchmark
    public Tensor product() {
        return product.run();
    }
}
