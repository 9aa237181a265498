package dev.otto.flows.proximal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.DensitySamples;
import dev.otto.flows.TraceEstimator;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Inverting an Euler step x -&gt; x - dt grad phi(x, t) of the proximal generator by Newton's method
 * (MATH.md section 6, "Density of the generator"), where the fixed-point iteration cannot, and
 * refusing a step that folds.
 */
class ProximalEulerStepInverseProperties {

    /**
     * phi = -c|x|^2/2 + e sum_i tanh(x_i) with dt c = 3: the step is x -&gt; (1 + dt c) x - dt e tanh'(x),
     * whose Jacobian I - dt H has eigenvalues in [4 - 0.77 dt e, 4 + 0.77 dt e] (|tanh''| &lt;= 0.77),
     * positive for the dt e &lt;= 0.5 drawn, so the step is a bijection (dt lambda_max(H) &lt; 1), while
     * dt Lip(grad phi) &gt;= 3 makes the fixed-point map y -&gt; x' + dt grad phi(y) expand by about 3 per
     * iteration. Newton's inverse recovers x to 1e-10 max(1, |x|_inf) per row: it accepts
     * |F|_inf &lt;= 1e-12 (1 + |x| + |x'|) &lt;= 1e-12 (1 + 5.4 |x|) (|x'| &lt;= 4.4 |x|), and the error is at
     * most |J^{-1}| |F| &lt;= |F| / 3.6, so 1e-12 (1 + 5.4 |x|) / 3.6 &lt; 1e-10 max(1, |x|) with room for
     * the rounding of F itself. The fixed-point iteration from x' moves away (200 iterations leave it
     * further than 1 from x, or not finite).
     */
    @Property(tries = 40)
    void newtonInvertsAnExpandingStepWhereTheFixedPointIterationDiverges(
            @ForAll @DoubleRange(min = 0.05, max = 1.0) double dt,
            @ForAll @DoubleRange(min = 0.0, max = 0.5) double perturbation,
            @ForAll @DoubleRange(min = 0.1, max = 10.0) double scale,
            @ForAll @IntRange(min = 1, max = 4) int d,
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        PotentialGenerator generator = new PotentialGenerator(expanding(3 / dt, perturbation / dt), 1.0, 1);
        Tensor x = Tensor.randn(32, d, new SplittableRandom(seed)).scale(scale);
        double t = 0.25;
        Tensor next = x.addScaled(generator.gradient(x, t, false), -dt);
        double[] recovered = new EulerStepInverse(generator, t, dt, 0).preimage(next).toArray();
        double[] expected = x.toArray();
        for (int i = 0; i < 32; i++) {
            double size = 0;
            double error = 0;
            for (int c = 0; c < d; c++) {
                size = Math.max(size, Math.abs(expected[i * d + c]));
                error = Math.max(error, Math.abs(recovered[i * d + c] - expected[i * d + c]));
            }
            assertTrue(error <= 1e-10 * Math.max(1, size), "row " + i + ": error " + error + " at |x| " + size);
        }
        double fixedPointError = fixedPointDistance(generator, next, x, t, dt);
        assertTrue(!(fixedPointError <= 1), "the fixed-point iteration settled (" + fixedPointError + ")");
    }

    /**
     * The same expanding potential over K Euler steps (x grows about 4^K): the log-density at the
     * generator's samples, each step inverted by Newton's method, equals the one-pass value to 1e-9
     * (the path is recovered to 1e-10 relative and the Laplacian is smooth), as
     * {@code GeneratorDensityProperties} asks of a contracting potential.
     */
    @Property(tries = 15)
    void logDensityOfAnExpandingGeneratorMatchesItsOnePassValue(
            @ForAll @IntRange(min = 1, max = 3) int steps,
            @ForAll @DoubleRange(min = 0.0, max = 0.5) double perturbation,
            @ForAll @IntRange(min = 1, max = 3) int d,
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        double dt = 1.0 / steps;
        PotentialGenerator generator = new PotentialGenerator(expanding(3 / dt, perturbation / dt), 1.0, steps);
        GeneratorDensity density = new GeneratorDensity(generator);
        DensitySamples one = density.fromNoise(Tensor.randn(16, d, new SplittableRandom(seed)), TraceEstimator.exact());
        assertArrayEquals(one.logDensity().toArray(), density.logDensity(one.samples()).toArray(), 1e-9);
    }

    /**
     * phi = -A exp(-|x|^2/2) with dt A = 3: the step x -&gt; x (1 - 3 exp(-|x|^2/2)) has Jacobian -2 I at
     * the origin and I far away, so it folds (every x' near 0 has a preimage near -x'/2 and others on
     * the sphere |x|^2 = 2 log 3). Newton's method from x' converges to the inner preimage, where
     * I - dt H is not positive definite (det 4 in d = 2: the determinant's sign alone would not see
     * it), and the log-density (one step of size dt, the path {@code otto eval} takes to its NaN with the
     * reason) must refuse it, naming the step and the fold.
     */
    @Property(tries = 20)
    void aFoldingStepIsRefusedWithTheReason(@ForAll @DoubleRange(min = 0.05, max = 1.0) double dt,
                                            @ForAll @IntRange(min = 1, max = 3) int d,
                                            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        double a = 3 / dt;
        Potential bump = (x, t) -> x.square().rowSums().scale(-0.5).exp().scale(-a);
        GeneratorDensity density = new GeneratorDensity(new PotentialGenerator(bump, dt, 1));
        Tensor next = Tensor.uniform(8, d, -0.1, 0.1, new SplittableRandom(seed));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> density.logDensity(next));
        assertTrue(e.getMessage().contains("could not be inverted") && e.getMessage().contains("folds")
                && e.getMessage().contains("Euler step 0"), e.getMessage());
    }

    /** phi(x, t) = -c |x|^2 / 2 + e sum_i tanh(x_i). */
    private static Potential expanding(double c, double e) {
        return (x, t) -> x.square().rowSums().scale(-c / 2).add(x.tanh().rowSums().scale(e));
    }

    /** max |y - x| after 200 fixed-point iterations y -&gt; x' + dt grad phi(y) from y = x'. */
    private static double fixedPointDistance(PotentialGenerator generator, Tensor next, Tensor x, double t, double dt) {
        Tensor y = next;
        for (int it = 0; it < 200; it++) {
            y = next.addScaled(generator.gradient(y, t, false), dt);
        }
        double distance = 0;
        double[] a = y.toArray();
        double[] b = x.toArray();
        for (int i = 0; i < a.length; i++) {
            distance = Double.isNaN(a[i]) ? Double.NaN : Math.max(distance, Math.abs(a[i] - b[i]));
            if (Double.isNaN(distance)) {
                break;
            }
        }
        return distance;
    }
}
