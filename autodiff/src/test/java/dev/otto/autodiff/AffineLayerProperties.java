package dev.otto.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The fused layer y = s(A W + b), s'(A W + b) ({@link AffineLayer}) against the composition of the
 * separate operations it replaces, {@code s(A.matmul(W).add(b))} and the slope composed from
 * {@link Tensor#softplusDerivative}, {@link Tensor#tanh}, {@link Tensor#sigmoid}, {@link Tensor#step},
 * {@link Tensor#elu} (ELU, SELU) and the identity:
 * <ul>
 *   <li>the values are the same bits (the same product, the bias added after it, the same
 *       element formulas);</li>
 *   <li>first derivatives in A, W and b of a loss reading both y and s' agree to 1e-12 of the
 *       gradient's scale: the rules are the same formulas, only the slope's second derivative
 *       associates its three factors differently (one rounding per factor);</li>
 *   <li>second derivatives (the gradient of a recorded gradient, as in a gradient penalty) agree to
 *       1e-11 of the scale, and both forms match central finite differences to 1e-6 (step 1e-5:
 *       truncation 1e-10 times the third derivative, rounding 1e-16 / 1e-5 of order-one values).</li>
 * </ul>
 * The activation's sharpness is at most 4 here, so its derivatives stay of order one.
 */
class AffineLayerProperties {

    /** The activation in both forms: fused kernel, and the separate value and slope operations. */
    record Case(String name, SlopedActivation fused, Function<Tensor, Tensor> value, Function<Tensor, Tensor> slope) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Provide
    Arbitrary<Case> activations() {
        return Arbitraries.of(
                new Case("softplus(1)", SlopedActivation.softplus(1.0), z -> z.softplus(1.0),
                        z -> z.softplusDerivative(1.0)),
                new Case("softplus(3.5)", SlopedActivation.softplus(3.5), z -> z.softplus(3.5),
                        z -> z.softplusDerivative(3.5)),
                new Case("tanh", SlopedActivation.tanh(), Tensor::tanh, z -> z.tanh().square().neg().addScalar(1.0)),
                new Case("sigmoid", SlopedActivation.sigmoid(), Tensor::sigmoid, z -> {
                    Tensor y = z.sigmoid();
                    return y.mul(y.neg().addScalar(1.0));
                }),
                new Case("relu", SlopedActivation.relu(), Tensor::relu, Tensor::step),
                new Case("elu", SlopedActivation.elu(1.0, 1.0), z -> z.elu(1.0), z -> eluSlope(z, 1.0)),
                new Case("selu", SlopedActivation.elu(SELU_ALPHA, SELU_LAMBDA),
                        z -> z.elu(SELU_ALPHA).scale(SELU_LAMBDA), z -> eluSlope(z, SELU_ALPHA).scale(SELU_LAMBDA)),
                new Case("identity", SlopedActivation.identity(), z -> z, z -> Tensor.ones(z.rows(), z.cols())));
    }

    private static final double SELU_ALPHA = 1.6732632423543772;
    private static final double SELU_LAMBDA = 1.0507009873554805;

    /** ELU_alpha'(z) as the network's Activation composes it: 1 for z &gt; 0, alpha e^min(z, 0) otherwise. */
    private static Tensor eluSlope(Tensor z, double alpha) {
        Tensor positive = z.step();
        return positive.add(positive.neg().addScalar(1.0).mul(z.minimum(Tensor.scalar(0.0)).exp().scale(alpha)));
    }

    /** Finite differences need s' continuous near the sampled points: relu's and SELU's slopes jump at 0. */
    private static boolean smoothSlope(Case c) {
        return !c.name().equals("relu") && !c.name().equals("selu");
    }

    @Property(tries = 150)
    void valuesAreTheBitsOfTheComposition(@ForAll("activations") Case c, @ForAll @IntRange(min = 1, max = 40) int n,
                                          @ForAll @IntRange(min = 1, max = 20) int in,
                                          @ForAll @IntRange(min = 1, max = 40) int out, @ForAll long seed) {
        List<Tensor> abw = operands(n, in, out, seed);
        Tensor a = abw.get(0);
        Tensor w = abw.get(1);
        Tensor b = abw.get(2);
        AffineLayer.Activated fused = AffineLayer.activated(a, w, b, c.fused());
        Tensor z = a.matmul(w).add(b);
        assertArrayEquals(z.toArray(), AffineLayer.affine(a, w, b).toArray());
        assertArrayEquals(c.value().apply(z).toArray(), fused.value().toArray());
        assertArrayEquals(c.slope().apply(z).toArray(), fused.slope().toArray());
    }

    @Property(tries = 60)
    void firstDerivativesAgreeWithTheComposition(@ForAll("activations") Case c,
                                                 @ForAll @IntRange(min = 1, max = 12) int n,
                                                 @ForAll @IntRange(min = 1, max = 6) int in,
                                                 @ForAll @IntRange(min = 1, max = 12) int out, @ForAll long seed) {
        List<Tensor> abw = operands(n, in, out, seed);
        Tensor u = Tensor.randn(n, out, new SplittableRandom(seed + 1));
        Tensor v = Tensor.randn(n, out, new SplittableRandom(seed + 2));
        Function<List<Tensor>, Tensor> fused = xs -> {
            AffineLayer.Activated l = AffineLayer.activated(xs.get(0), xs.get(1), xs.get(2), c.fused());
            return l.value().mul(u).add(l.slope().mul(v));
        };
        Function<List<Tensor>, Tensor> composed = xs -> {
            Tensor z = xs.get(0).matmul(xs.get(1)).add(xs.get(2));
            return c.value().apply(z).mul(u).add(c.slope().apply(z).mul(v));
        };
        assertClose(gradients(fused, abw, false), gradients(composed, abw, false), 1e-12);
        if (smoothSlope(c)) {
            GradientCheck.Report r = GradientCheck.check(fused, abw, 1e-5);
            assertTrue(r.passes(1e-6), "finite differences, " + c + ": " + r);
        }
    }

    /** The gradient of a recorded gradient: both rules of the fused layer, recorded, differentiated again. */
    @Property(tries = 40)
    void secondDerivativesAgreeWithTheComposition(@ForAll("activations") Case c,
                                                  @ForAll @IntRange(min = 1, max = 8) int n,
                                                  @ForAll @IntRange(min = 1, max = 5) int in,
                                                  @ForAll @IntRange(min = 1, max = 8) int out, @ForAll long seed) {
        List<Tensor> abw = operands(n, in, out, seed);
        Tensor u = Tensor.randn(n, out, new SplittableRandom(seed + 1));
        Tensor v = Tensor.randn(n, out, new SplittableRandom(seed + 2));
        // the gradient in A of sum(u y + v s'), recorded, as a function of (A, W, b)
        Function<List<Tensor>, Tensor> fused = xs -> {
            // joins the caller's tape; the finite differences evaluate it outside any
            try (Tape.Scope s = Tape.record()) {
                AffineLayer.Activated l = AffineLayer.activated(xs.get(0), xs.get(1), xs.get(2), c.fused());
                Tensor loss = l.value().mul(u).add(l.slope().mul(v)).sum();
                return Gradients.grad(loss, xs.get(0), null, true);
            }
        };
        Function<List<Tensor>, Tensor> composed = xs -> {
            Tensor z = xs.get(0).matmul(xs.get(1)).add(xs.get(2));
            Tensor loss = c.value().apply(z).mul(u).add(c.slope().apply(z).mul(v)).sum();
            return Gradients.grad(loss, xs.get(0), null, true);
        };
        assertClose(gradients(fused, abw, false), gradients(composed, abw, false), 1e-11);
        if (smoothSlope(c)) {
            GradientCheck.Report r = GradientCheck.check(fused, abw, 1e-5);
            assertTrue(r.passes(1e-6), "finite differences of the gradient, " + c + ": " + r);
        }
    }

    /**
     * The Vector API kernels of the fused layer (this module's tests run the plain loops) give the
     * bits of the separate kernels: softplus and its slope from one exponential equal
     * {@link VectorKernels#softplus} and {@link VectorKernels#logistic}, the bias rows equal the
     * scalar additions, on every offset and length (the vector body and the scalar tail).
     */
    @Property(tries = 100)
    void vectorKernelsEqualTheSeparateKernels(@ForAll @IntRange(min = 1, max = 40) int rows,
                                              @ForAll @IntRange(min = 1, max = 19) int cols, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double beta = rng.nextDouble(0.5, 30);
        double[] z = new double[rows * cols];
        double[] b = new double[cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.nextDouble(-1, 1) * Math.scalb(1.0, rng.nextInt(-6, 6));
        }
        for (int j = 0; j < cols; j++) {
            b[j] = rng.nextDouble(-1, 1);
        }
        int from = rng.nextInt(rows);
        double[] expected = z.clone();
        for (int i = from; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                expected[i * cols + j] += b[j];
            }
        }
        double[] actual = z.clone();
        VectorKernels.addRows(actual, b, cols, from, rows);
        assertArrayEquals(expected, actual);

        double[] y = new double[z.length];
        double[] slope = new double[z.length];
        double[] ySeparate = new double[z.length];
        double[] slopeSeparate = new double[z.length];
        VectorKernels.softplusWithSlope(z, y, slope, beta, from * cols, z.length);
        VectorKernels.softplus(z, ySeparate, beta, from * cols, z.length);
        VectorKernels.logistic(z, slopeSeparate, beta, from * cols, z.length);
        assertArrayEquals(ySeparate, y);
        assertArrayEquals(slopeSeparate, slope);
    }

    @Property(tries = 20)
    void rejectsABiasOfTheWrongShape(@ForAll @IntRange(min = 2, max = 6) int out) {
        Tensor a = Tensor.ones(3, 2);
        Tensor w = Tensor.ones(2, out);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AffineLayer.affine(a, w, Tensor.ones(1, out - 1)));
        assertTrue(e.getMessage().contains("bias"), e.getMessage());
    }

    private static List<Tensor> operands(int n, int in, int out, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return List.of(Tensor.randn(n, in, rng), Tensor.randn(in, out, rng).scale(1.0 / Math.sqrt(in)),
                Tensor.randn(1, out, rng));
    }

    /** The gradients in every input of sum(f(xs)) weighted by fixed pseudo-random weights. */
    private static List<Tensor> gradients(Function<List<Tensor>, Tensor> f, List<Tensor> xs, boolean createGraph) {
        try (Tape.Scope s = Tape.record()) {
            Tensor y = f.apply(xs);
            Tensor weights = Tensor.randn(y.rows(), y.cols(), new SplittableRandom(7));
            return Gradients.grad(List.of(y), xs, List.of(weights), createGraph).stream()
                    .map(Tensor::detach).toList();
        }
    }

    private static void assertClose(List<Tensor> actual, List<Tensor> expected, double relative) {
        assertEquals(expected.size(), actual.size());
        for (int k = 0; k < expected.size(); k++) {
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
