package dev.otto.bench.ode;

import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Odeint;
import dev.otto.ode.VectorField;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Classical RK4 (MATH.md section 3) on an MLP velocity field 3 -> 128 -> 128 -> 2 (x in R^2 plus
 * time, softplus) over a batch of 2000 rows: the time of one step, against the time of the four
 * bare field evaluations the step contains; the difference is the integrator's overhead (stage
 * updates, bookkeeping), target under 10%. Also one step recorded on a tape (what JKO training pays
 * per step before the backward pass).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar 'dev.otto.bench.ode.RungeKuttaBenchmark' -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RungeKuttaBenchmark {

    private Mlp mlp;
    private VectorField field;
    private Tensor x;
    private final double t0 = 0.25;
    private final double h = 0.1;

    @Setup
    public void setup() {
        SplittableRandom rng = new SplittableRandom(42);
        mlp = Mlp.builder(2).hidden(128, 128).output(2).activation(Activation.softplus()).timeInput(true).build(rng);
        field = (t, z) -> mlp.apply(z, t);
        x = Tensor.randn(2000, 2, rng);
    }

    /** One RK4 step, no tape (sampling mode). */
    @Benchmark
    public Tensor rk4Step() {
        return Odeint.fixed(field, x, t0, t0 + h, 1, ButcherTableau.RK4).state();
    }

    /** The four field evaluations of one RK4 step, at its stage times, and nothing else. */
    @Benchmark
    public Tensor fourFieldEvaluations() {
        Tensor k1 = field.apply(t0, x);
        Tensor k2 = field.apply(t0 + h / 2, x);
        Tensor k3 = field.apply(t0 + h / 2, x);
        Tensor k4 = field.apply(t0 + h, x);
        return k4 == k1 || k2 == k3 ? null : k4;
    }

    /** Ten RK4 steps on [t0, t0 + 10 h], no tape. */
    @Benchmark
    public Tensor rk4TenSteps() {
        return Odeint.fixed(field, x, t0, t0 + 10 * h, 10, ButcherTableau.RK4).state();
    }

    /** One RK4 step recorded on a tape (forward only), released at the end of the scope. */
    @Benchmark
    public double rk4StepRecorded() {
        try (Tape.Scope s = Tape.record()) {
            return Odeint.fixed(field, x, t0, t0 + h, 1, ButcherTableau.RK4).state().get(0, 0);
        }
    }
}
