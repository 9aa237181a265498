package dev.otto.autodiff.nn;

import dev.otto.autodiff.Divergence;
import dev.otto.autodiff.Tensor;
import java.util.List;

/**
 * The divergence of an MLP velocity field v(x, t) by forward-mode differentiation (MATH.md section 2,
 * "Divergence of v"; the trace of seed paper 1, eq. (10)). With z_1 = [x, t] W_1 + b_1,
 * z_l = s(z_{l-1}) W_l + b_l, the Jacobian of one row is
 * <pre>
 *   dv/dx = W_1' D_1 W_2 D_2 ... D_{L-1} W_L,   D_l = diag s'(z_l),   W_1' = the rows of W_1 that read x,
 * </pre>
 * so a tangent u (a row of d entries) moves through the network beside the values:
 * U_1 = u W_1', T_l = s'(z_l) * U_l, U_{l+1} = T_l W_{l+1}, and U_L = J u. The exact trace
 * sum_j (J e_j)_j carries the d basis tangents (the input tangent e_j, whose first product is row j
 * of W_1); Hutchinson's estimate e^T J e carries the probe. The values and the tangents travel as one
 * stack of rows [h; T^1; ...; T^d], so each layer is one product and one pass
 * ({@link dev.otto.autodiff.TangentLayer}). Every step is a recorded operation, so
 * the loss that contains the divergence is differentiated by an ordinary first-order backward pass
 * (where {@link Divergence} keeps d vector-Jacobian products in the graph and differentiates through
 * them). The values equal {@link Divergence}'s to rounding: the same sums in another order.
 */
public final class MlpTangents {

    private MlpTangents() {
    }

    /** v(x, t) (n x d) and its exact divergence (n x 1); t is read only by a network with a time input. */
    public static Divergence.Result exactDivergence(Mlp f, Tensor x, double t) {
        checkSquare(f, x);
        int n = x.rows();
        int d = x.cols();
        int in = f.layers().get(0).in();
        Tensor[] seeds = new Tensor[d];
        for (int j = 0; j < d; j++) {
            double[] e = new double[n * in];
            for (int i = 0; i < n; i++) {
                e[i * in + j] = 1.0;
            }
            seeds[j] = Tensor.wrap(n, in, e);
        }
        Tensor[] out = propagate(f, f.input(x, t), seeds);
        Tensor divergence = null;
        for (int j = 0; j < d; j++) {
            Tensor term = out[j + 1].sliceCols(j, j + 1);
            divergence = divergence == null ? term : divergence.add(term);
        }
        return new Divergence.Result(out[0], divergence);
    }

    /**
     * v(x, t) and Hutchinson's estimate e^T (dv/dx) e per row (n x 1) for a probe e (n x d), unbiased
     * when E[e e^T] = I: one forward tangent.
     */
    public static Divergence.Result hutchinson(Mlp f, Tensor x, double t, Tensor probe) {
        checkSquare(f, x);
        if (!probe.sameShape(x)) {
            throw new IllegalArgumentException("probe: shape " + probe.shape() + " must equal x shape " + x.shape());
        }
        // the probe's tangent of the input [x, t] leaves t alone
        Tensor[] out = propagate(f, f.input(x, t), new Tensor[] {probe.padCols(0, f.layers().get(0).in())});
        return new Divergence.Result(out[0], out[1].mul(probe).rowSums());
    }

    /**
     * The network's output on {@code input} and the output tangents J u for input tangents
     * {@code seeds} (each of the input's shape): values and tangents travel stacked, one
     * {@link Linear#applyWithTangents} (one product, one pass) per hidden layer, one product for the
     * last.
     */
    private static Tensor[] propagate(Mlp f, Tensor input, Tensor[] seeds) {
        List<Linear> layers = f.layers();
        int n = input.rows();
        Tensor[] blocks = new Tensor[seeds.length + 1];
        blocks[0] = input;
        System.arraycopy(seeds, 0, blocks, 1, seeds.length);
        Tensor stack = Tensor.concatRows(blocks);
        int last = layers.size() - 1;
        for (int l = 0; l < last; l++) {
            stack = layers.get(l).applyWithTangents(stack, n, f.activation());
        }
        Linear output = layers.get(last);
        Tensor product = stack.matmul(output.weight().value());
        Tensor[] out = new Tensor[blocks.length];
        out[0] = product.sliceRows(0, n).add(output.bias().value());
        for (int j = 1; j < blocks.length; j++) {
            out[j] = product.sliceRows(j * n, (j + 1) * n);
        }
        return out;
    }

    private static void checkSquare(Mlp f, Tensor x) {
        if (f.outputDim() != x.cols()) {
            throw new IllegalArgumentException("f: a divergence needs a field of the input's dimension " + x.cols()
                    + ", got an MLP with " + f.outputDim() + " outputs");
        }
    }
}
