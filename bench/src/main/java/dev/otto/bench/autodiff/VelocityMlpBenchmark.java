package dev.otto.bench.autodiff;

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
 * JMH: one training step of the velocity MLP (see {@link VelocityMlpWork}): (a) regression and (b)
 * the JKO-style loss with the exact divergence.
 * {@code java -jar bench/target/benchmarks.jar VelocityMlpBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class VelocityMlpBenchmark {

    @Param({"64:512", "128:2000"})
    public String widthAndBatch;

    private VelocityMlpWork work;

    @Setup(Level.Trial)
    public void setUp() {
        String[] p = widthAndBatch.split(":");
        work = new VelocityMlpWork(Integer.parseInt(p[0]), Integer.parseInt(p[1]), 1);
    }

    @Benchmark
    public double regressionStep() {
        return work.regressionStep();
    }

    @Benchmark
    public double jkoStepWithExactDivergence() {
        return work.jkoStep();
    }
}
