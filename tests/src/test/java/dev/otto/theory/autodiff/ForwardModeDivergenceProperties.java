package dev.otto.theory.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Divergence;
import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Linear;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.autodiff.nn.MlpTangents;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.theory.autodiff.OpCase.Domain;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 2: the divergence of an MLP field by forward-mode tangents ({@link MlpTangents}:
 * J u carried beside the values, J = W_1' D_1 W_2 ... D_{L-1} W_L) equals the one by reverse mode
 * ({@link Divergence}: d vector-Jacobian products e_j^T J, or e^T J for Hutchinson), and so do the
 * gradients of a loss containing it, which the JKO trainer descends: the forward-mode graph is
 * differentiated once, the reverse-mode one through its recorded backward pass (double backward).
 *
 * <p>Tolerance: both sides sum the same products of weights and slopes along the network's paths,
 * in another order. Each product chain is rounded in at most k = 2 L w_max + d &lt;= 40 operations here,
 * so the two differ by at most 2 gamma_k sum |paths| ~ 2e-14 sum |paths|, where sum |paths| is the
 * same trace taken with every weight and slope replaced by its absolute value; the bound used is
 * 1e-12 (1 + sum |paths|). For the gradients the same argument runs over one more backward sweep;
 * they are held to 1e-11 of the largest entry of each gradient (at least 1). A tangent that skips a
 * slope, reads the wrong row of W_1 or drops the time column's exclusion misses by O(|J|).
 */
class ForwardModeDivergenceProperties {

    @Provide
    Arbitrary<String> activations() {
        return Arbitraries.of("softplus(20.0)", "softplus", "tanh", "sigmoid", "elu", "elu(0.5)", "selu", "identity");
    }

    private static Mlp network(int d, int depth, int width, String activation, boolean time, SplittableRandom rng) {
        int[] hidden = new int[depth];
        java.util.Arrays.fill(hidden, width);
        return Mlp.builder(d).hidden(hidden).output(d).activation(Activation.parse(activation)).timeInput(time)
                .build(rng);
    }

    private static UnaryOperator<Tensor> field(Mlp f, double t) {
        return f.hasTimeInput() ? z -> f.apply(z, t) : f::apply;
    }

    /** The exact trace: values, divergence and the loss gradients in every parameter and in x. */
    @Property(tries = 150)
    @Tag("autodiff.jvp-vjp")
    void exactDivergenceByTangentsEqualsReverseMode(@ForAll @IntRange(min = 1, max = 5) int n,
                                                    @ForAll @IntRange(min = 1, max = 3) int d,
                                                    @ForAll @IntRange(min = 0, max = 3) int depth,
                                                    @ForAll @IntRange(min = 1, max = 8) int width,
                                                    @ForAll("activations") String activation,
                                                    @ForAll boolean time, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Mlp f = network(d, depth, width, activation, time, rng);
        Tensor x = TensorGen.draw(rng, n, d, 2.0, Domain.ANY);
        double t = rng.nextDouble();
        Tensor c = TensorGen.draw(rng, n, 1, 1.0, Domain.ANY);
        Tensor r = TensorGen.draw(rng, n, d, 1.0, Domain.ANY);
        Side forward = side(f, x, c, r, () -> MlpTangents.exactDivergence(f, x, t));
        Side reverse = side(f, x, c, r, () -> Divergence.exact(field(f, t), x));
        compare(forward, reverse, absolutePathSum(f, x, t, null));
    }

    /** Hutchinson's estimate e^T J e with one probe: values, estimate and loss gradients. */
    @Property(tries = 150)
    @Tag("autodiff.jvp-vjp")
    void hutchinsonEstimateByTangentsEqualsReverseMode(@ForAll @IntRange(min = 1, max = 5) int n,
                                                       @ForAll @IntRange(min = 1, max = 3) int d,
                                                       @ForAll @IntRange(min = 0, max = 3) int depth,
                                                       @ForAll @IntRange(min = 1, max = 8) int width,
                                                       @ForAll("activations") String activation,
                                                       @ForAll boolean time, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Mlp f = network(d, depth, width, activation, time, rng);
        Tensor x = TensorGen.draw(rng, n, d, 2.0, Domain.ANY);
        double t = rng.nextDouble();
        Tensor probe = Tensor.randn(n, d, rng);
        Tensor c = TensorGen.draw(rng, n, 1, 1.0, Domain.ANY);
        Tensor r = TensorGen.draw(rng, n, d, 1.0, Domain.ANY);
        Side forward = side(f, x, c, r, () -> MlpTangents.hutchinson(f, x, t, probe));
        Side reverse = side(f, x, c, r, () -> Divergence.hutchinson(field(f, t), x, probe));
        compare(forward, reverse, absolutePathSum(f, x, t, probe));
    }

    /** One evaluation: v, div and the gradients of sum(c div) + sum(r v) in every parameter and x. */
    private record Side(double[] value, double[] divergence, List<double[]> gradients) {
    }

    private static Side side(Mlp f, Tensor x, Tensor c, Tensor r, java.util.function.Supplier<Divergence.Result> eval) {
        try (Tape.Scope s = Tape.record()) {
            Divergence.Result res = eval.get();
            Tensor loss = res.divergence().mul(c).sum().add(res.value().mul(r).sum());
            List<Tensor> wrt = new ArrayList<>(List.of(x));
            for (Parameter p : f.parameters()) {
                wrt.add(p.value());
            }
            List<double[]> grads = new ArrayList<>();
            for (Tensor g : Gradients.grad(loss, wrt)) {
                grads.add(g.toArray());
            }
            return new Side(res.value().toArray(), res.divergence().toArray(), grads);
        }
    }

    private static void compare(Side forward, Side reverse, double[] pathSums) {
        assertArrayEquals(reverse.value(), forward.value(), 0.0, "v(x): the same forward pass");
        for (int i = 0; i < pathSums.length; i++) {
            double gap = Math.abs(forward.divergence()[i] - reverse.divergence()[i]);
            assertTrue(gap <= 1e-12 * (1 + pathSums[i]), "row " + i + ": forward " + forward.divergence()[i]
                    + " reverse " + reverse.divergence()[i] + " (sum |paths| " + pathSums[i] + ")");
        }
        for (int k = 0; k < forward.gradients().size(); k++) {
            double[] a = forward.gradients().get(k);
            double[] b = reverse.gradients().get(k);
            double scale = 1;
            for (double v : b) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertArrayEquals(b, a, 1e-11 * scale, k == 0 ? "gradient in x" : "gradient of parameter " + (k - 1));
        }
    }

    /**
     * sum_j (|W_1'| |D_1| |W_2| ... |W_L|)_jj per row (exact trace), or |e|^T |J-chain| |e| (probe):
     * the scale of the rounding error of either evaluation.
     */
    private static double[] absolutePathSum(Mlp f, Tensor x, double t, Tensor probe) {
        try (Tape.Scope s = Tape.noGrad()) {
            int n = x.rows();
            int d = x.cols();
            List<Linear> layers = f.layers();
            Tensor z = layers.get(0).apply(f.hasTimeInput() ? Tensor.concatCols(x, Tensor.filled(n, 1, t)) : x);
            List<Tensor> slopes = new ArrayList<>();
            for (int l = 1; l < layers.size(); l++) {
                slopes.add(f.activation().derivative(z).abs());
                z = layers.get(l).apply(f.activation().apply(z));
            }
            double[] sums = new double[n];
            for (int j = 0; j < d; j++) {
                Tensor u = probe == null ? Tensor.zeros(n, d).add(unitRow(d, j)) : probe.abs();
                Tensor tangent = u.matmul(layers.get(0).weight().value().sliceRows(0, d).abs());
                for (int l = 1; l < layers.size(); l++) {
                    tangent = tangent.mul(slopes.get(l - 1)).matmul(layers.get(l).weight().value().abs());
                }
                Tensor picked = probe == null ? tangent.sliceCols(j, j + 1) : tangent.mul(probe.abs()).rowSums();
                for (int i = 0; i < n; i++) {
                    sums[i] += picked.get(i, 0);
                }
                if (probe != null) {
                    break;
                }
            }
            return sums;
        }
    }

    private static Tensor unitRow(int d, int j) {
        double[] e = new double[d];
        e[j] = 1;
        return Tensor.wrap(1, d, e);
    }
}
