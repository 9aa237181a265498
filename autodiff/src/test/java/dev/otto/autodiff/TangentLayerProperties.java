package dev.otto.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The stacked layer of values and d tangents ({@link TangentLayer}) against the unstacked
 * composition it replaces: y = s(h W + b) by {@link AffineLayer#activated}, and each tangent
 * s'(h W + b) * (T^j W) by a product and a multiplication.
 * <ul>
 *   <li>values and tangents agree to 1e-13 of their scale (the same row sums; the stacked product
 *       may group rows differently, one rounding per entry);</li>
 *   <li>first derivatives in the stack, W and b of a loss reading every block agree to 1e-12 of the
 *       gradient's scale (the contributions of the d tangents to s'(z)'s gradient are summed in
 *       another order, a few roundings);</li>
 *   <li>second derivatives (the rule recorded and differentiated again) agree to 1e-11, and match
 *       central finite differences (step 1e-5) to 1e-6, as in {@link AffineLayerProperties}.</li>
 * </ul>
 */
class TangentLayerProperties {

    @Provide
    Arbitrary<SlopedActivation> activations() {
        return Arbitraries.of(SlopedActivation.softplus(2.5), SlopedActivation.tanh(), SlopedActivation.sigmoid(),
                SlopedActivation.elu(1.3, 1.1), SlopedActivation.relu(), SlopedActivation.identity());
    }

    @Property(tries = 100)
    void valuesAndTangentsAgreeWithTheComposition(@ForAll("activations") SlopedActivation s,
                                                  @ForAll @IntRange(min = 1, max = 30) int n,
                                                  @ForAll @IntRange(min = 0, max = 3) int d,
                                                  @ForAll @IntRange(min = 1, max = 12) int in,
                                                  @ForAll @IntRange(min = 1, max = 40) int out, @ForAll long seed) {
        List<Tensor> xs = operands(n, d, in, out, seed);
        assertClose(List.of(composed(xs, n, s)), List.of(stacked(xs, n, s)), 1e-13);
    }

    @Property(tries = 60)
    void firstDerivativesAgreeWithTheComposition(@ForAll("activations") SlopedActivation s,
                                                 @ForAll @IntRange(min = 1, max = 10) int n,
                                                 @ForAll @IntRange(min = 0, max = 3) int d,
                                                 @ForAll @IntRange(min = 1, max = 6) int in,
                                                 @ForAll @IntRange(min = 1, max = 10) int out, @ForAll long seed) {
        List<Tensor> xs = operands(n, d, in, out, seed);
        assertClose(gradients(ys -> composed(ys, n, s), xs), gradients(ys -> stacked(ys, n, s), xs), 1e-12);
    }

    @Property(tries = 40)
    void secondDerivativesAgreeWithTheComposition(@ForAll("activations") SlopedActivation s,
                                                  @ForAll @IntRange(min = 1, max = 6) int n,
                                                  @ForAll @IntRange(min = 1, max = 2) int d,
                                                  @ForAll @IntRange(min = 1, max = 4) int in,
                                                  @ForAll @IntRange(min = 1, max = 6) int out, @ForAll long seed) {
        List<Tensor> xs = operands(n, d, in, out, seed);
        Tensor u = Tensor.randn((d + 1) * n, out, new SplittableRandom(seed + 1));
        Function<Function<List<Tensor>, Tensor>, Function<List<Tensor>, Tensor>> gradientInTheStack = f -> ys -> {
            try (Tape.Scope scope = Tape.record()) {
                return Gradients.grad(f.apply(ys).mul(u).sum(), ys.get(0), null, true);
            }
        };
        Function<List<Tensor>, Tensor> fused = gradientInTheStack.apply(ys -> stacked(ys, n, s));
        assertClose(gradients(gradientInTheStack.apply(ys -> composed(ys, n, s)), xs), gradients(fused, xs), 1e-11);
        if (!s.toString().equals("relu")) { // finite differences straddle relu's kink
            GradientCheck.Report r = GradientCheck.check(fused, xs, 1e-5);
            assertTrue(r.passes(1e-6), "finite differences of the gradient, " + s + ": " + r);
        }
    }

    @Property(tries = 10)
    void rejectsAStackThatIsNotWholeBlocks(@ForAll @IntRange(min = 2, max = 6) int n) {
        Tensor stack = Tensor.ones(2 * n + 1, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TangentLayer.apply(stack, n, Tensor.ones(3, 2), Tensor.ones(1, 2), SlopedActivation.tanh()));
        assertTrue(e.getMessage().startsWith("stack:"), e.getMessage());
    }

    private static Tensor stacked(List<Tensor> xs, int n, SlopedActivation s) {
        return TangentLayer.apply(xs.get(0), n, xs.get(1), xs.get(2), s);
    }

    private static Tensor composed(List<Tensor> xs, int n, SlopedActivation s) {
        Tensor stack = xs.get(0);
        Tensor w = xs.get(1);
        AffineLayer.Activated layer = AffineLayer.activated(stack.sliceRows(0, n), w, xs.get(2), s);
        List<Tensor> blocks = new ArrayList<>();
        blocks.add(layer.value());
        for (int j = 1; j < stack.rows() / n; j++) {
            blocks.add(layer.slope().mul(stack.sliceRows(j * n, (j + 1) * n).matmul(w)));
        }
        return Tensor.concatRows(blocks);
    }

    private static List<Tensor> operands(int n, int d, int in, int out, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return List.of(Tensor.randn((d + 1) * n, in, rng), Tensor.randn(in, out, rng).scale(1.0 / Math.sqrt(in)),
                Tensor.randn(1, out, rng));
    }

    private static List<Tensor> gradients(Function<List<Tensor>, Tensor> f, List<Tensor> xs) {
        try (Tape.Scope s = Tape.record()) {
            Tensor y = f.apply(xs);
            Tensor weights = Tensor.randn(y.rows(), y.cols(), new SplittableRandom(7));
            return Gradients.grad(List.of(y), xs, List.of(weights), false).stream().map(Tensor::detach).toList();
        }
    }

    private static void assertClose(List<Tensor> expected, List<Tensor> actual, double relative) {
        assertEquals(expected.size(), actual.size());
        for (int k = 0; k < expected.size(); k++) {
            assertEquals(expected.get(k).shape(), actual.get(k).shape());
            double[] e = expected.get(k).toArray();
            double[] a = actual.get(k).toArray();
            double scale = 1.0;
            for (double x : e) {
                scale = Math.max(scale, Math.abs(x));
            }
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], relative * scale, "input " + k + ", entry " + i);
            }
        }
    }
}
