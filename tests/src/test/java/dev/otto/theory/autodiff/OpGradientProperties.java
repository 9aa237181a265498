package dev.otto.theory.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.GradientCheck;
import dev.otto.autodiff.Tensor;
import dev.otto.theory.StatementCases;
import dev.otto.theory.autodiff.OpCase.Domain;
import dev.otto.theory.verify.Outcome;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 2, "Checks: central finite differences": for every operation of the tape, the
 * reverse-mode gradient of L = sum_ij w_ij f(x)_ij equals the central difference
 * (L(x + h e) - L(x - h e)) / 2h, on generated shapes (including 1 x 1, 1 x n, n x 1 and every
 * broadcast combination) and values. The per-operation properties call the statement's one
 * definition, {@link OperationGradient#check} (step, tolerance, fused, recorded and double-backward
 * checks, justified there); jqwik draws the operation, shape and scale so that a failure shrinks to
 * the simplest operation and shape that shows it.
 */
class OpGradientProperties {

    @Provide
    Arbitrary<OpCase> unaryOps() {
        return Arbitraries.of(OpCase.unaryCases());
    }

    @Provide
    Arbitrary<OpCase> binaryOps() {
        return Arbitraries.of(OpCase.binaryCases());
    }

    @Provide
    Arbitrary<Double> scales() {
        return Arbitraries.of(0.01, 0.3, 1.0, 2.5);
    }

    @Property(tries = 400)
    @Tag("autodiff.gradient")
    void everyUnaryOperationMatchesFiniteDifferences(@ForAll("unaryOps") OpCase op,
                                                     @ForAll @IntRange(min = 1, max = 5) int rows,
                                                     @ForAll @IntRange(min = 1, max = 5) int cols,
                                                     @ForAll("scales") double scale, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x = TensorGen.draw(rng, rows, cols, scale, op.domain());
        assertHolds(op + " on " + x, OperationGradient.check(op, List.of(x), scale, rng));
    }

    @Property(tries = 400)
    @Tag("autodiff.gradient")
    void everyBroadcastingBinaryOperationMatchesFiniteDifferences(
            @ForAll("binaryOps") OpCase op, @ForAll OpCase.Layout layout,
            @ForAll @IntRange(min = 1, max = 4) int rows, @ForAll @IntRange(min = 1, max = 4) int cols,
            @ForAll("scales") double scale, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] shapes = layout.shapes(rows, cols);
        Tensor a = TensorGen.draw(rng, shapes[0][0], shapes[0][1], scale, Domain.ANY);
        Tensor b = TensorGen.draw(rng, shapes[1][0], shapes[1][1], scale, op.domain());
        assertHolds(op + " " + layout + " on " + a + " and " + b, OperationGradient.check(op, List.of(a, b), scale, rng));
    }

    private static void assertHolds(String what, Outcome o) {
        assertTrue(o.holds(), () -> what + ": measured " + o.measured() + " " + o.relation() + " bound " + o.bound());
    }

    @Property(tries = 150)
    @Tag("autodiff.gradient")
    void matrixProductsMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 5) int n,
                                              @ForAll @IntRange(min = 1, max = 11) int k,
                                              @ForAll @IntRange(min = 1, max = 11) int m,
                                              @ForAll long seed) {
        // k and m up to 11 cross the kernels' 4-way unrolling and the narrow/wide switch at 8 columns
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor a = TensorGen.draw(rng, n, k, 1.0, Domain.ANY);
        Tensor b = TensorGen.draw(rng, k, m, 1.0, Domain.ANY);
        Tensor at = TensorGen.draw(rng, k, n, 1.0, Domain.ANY);
        Tensor bt = TensorGen.draw(rng, m, k, 1.0, Domain.ANY);
        assertPasses("matmul", GradientCheck.check(xs -> xs.get(0).matmul(xs.get(1)), List.of(a, b), OperationGradient.H));
        assertPasses("transposeMatmul",
                GradientCheck.check(xs -> xs.get(0).transposeMatmul(xs.get(1)), List.of(at, b), OperationGradient.H));
        assertPasses("matmulTranspose",
                GradientCheck.check(xs -> xs.get(0).matmulTranspose(xs.get(1)), List.of(a, bt), OperationGradient.H));
        assertPasses("addScaled",
                GradientCheck.check(xs -> xs.get(0).addScaled(xs.get(1), -0.7), List.of(a, a.exp()), OperationGradient.H));
    }

    private static void assertPasses(String op, GradientCheck.Report r) {
        assertTrue(r.passes(OperationGradient.TOL), () -> op + ": " + r);
    }

    /**
     * Stability at large |x| (MATH.md section 2 asks for stable softplus and log-sum-exp): values up
     * to 1e3 in magnitude, where exp overflows, still give finite values and gradients that match
     * finite differences. A naive log(1 + e^x) or log sum e^x returns infinity here and fails.
     */
    @Property(tries = 200)
    @Tag("autodiff.stable-values")
    void stableOperationsStayExactAtLargeMagnitudes(@ForAll("stableOps") OpCase op,
                                                    @ForAll @IntRange(min = 1, max = 4) int rows,
                                                    @ForAll @IntRange(min = 1, max = 4) int cols,
                                                    @ForAll("largeScales") double scale, @ForAll long seed) {
        Tensor x = TensorGen.draw(new SplittableRandom(seed), rows, cols, scale, Domain.AWAY_FROM_ZERO);
        Tensor y = op.f().apply(List.of(x));
        assertTrue(y.isFinite(), () -> op + "(" + x + ") = " + y);
        GradientCheck.Report r = GradientCheck.check(op.f(), List.of(x), 1e-4);
        assertTrue(r.passes(1e-4), () -> op + " on " + x + ": " + r);
    }

    @Provide
    Arbitrary<OpCase> stableOps() {
        return Arbitraries.of(
                OpCase.unary("softplus", Domain.ANY, Tensor::softplus),
                OpCase.unary("softplus(beta=20)", Domain.ANY, x -> x.softplus(20)),
                OpCase.unary("logSumExpRows", Domain.ANY, Tensor::logSumExpRows),
                OpCase.unary("sigmoid", Domain.ANY, Tensor::sigmoid),
                OpCase.unary("tanh", Domain.ANY, Tensor::tanh));
    }

    @Provide
    Arbitrary<Double> largeScales() {
        return Arbitraries.of(50.0, 800.0, 1000.0);
    }

    /** Values (not only gradients) at large magnitudes against closed forms. */
    @Property(tries = 200)
    @Tag("autodiff.stable-values")
    void stableValuesAgreeWithClosedForms(@ForAll("largeScales") double scale, @ForAll long seed) {
        Tensor x = TensorGen.draw(new SplittableRandom(seed), 3, 4, scale, Domain.ANY);
        Tensor sp = x.softplus();
        Tensor lse = x.logSumExpRows();
        for (int i = 0; i < 3; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 4; j++) {
                max = Math.max(max, x.get(i, j));
            }
            double s = 0;
            for (int j = 0; j < 4; j++) {
                double v = x.get(i, j);
                s += Math.exp(v - max);
                double expected = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
                assertEquals(expected, sp.get(i, j), 1e-14 * Math.max(1, Math.abs(v)), "softplus(" + v + ")");
            }
            assertEquals(max + Math.log(s), lse.get(i, 0), 1e-12 * Math.max(1, Math.abs(max)), "logSumExp of row " + i);
        }
    }

    /**
     * Every operation on the catalogue cases matches central finite differences, recorded and fused
     * alike. Cases of the catalogue's one definition ({@code DifferentiationChecks.gradient}): its
     * generator, predicate, bound and tolerance, the same as {@code otto verify --only
     * autodiff.gradient}.
     */
    @Property(tries = 30)
    @Tag("autodiff.gradient")
    void everyOperationOfACatalogueCaseMatchesFiniteDifferences(@ForAll @IntRange(min = 0, max = 999) int index,
                                                                @ForAll long seed) {
        StatementCases.assertHolds("autodiff.gradient", index, seed);
    }
}
