package dev.otto.autodiff.nn;

import dev.otto.autodiff.AffineLayer;
import dev.otto.autodiff.Divergence;
import dev.otto.autodiff.Tape;
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
 * sum_j (J e_j)_j carries the d basis tangents, whose first step e_j W_1' is row j of W_1 shared by
 * the batch; Hutchinson's estimate e^T J e carries the probe. Every step is a recorded operation, so
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
        int start = Tape.currentSize();
        int d = x.cols();
        Tensor firstWeight = f.layers().get(0).weight().value();
        Tensor[] tangents = new Tensor[d];
        for (int j = 0; j < d; j++) {
            tangents[j] = firstWeight.sliceRows(j, j + 1);
        }
        Tensor value = propagate(f, f.input(x, t), tangents);
        Tensor divergence = null;
        for (int j = 0; j < d; j++) {
            Tensor term = tangents[j].sliceCols(j, j + 1);
            divergence = divergence == null ? term : divergence.add(term);
        }
        return keepOnly(start, value, divergence.broadcastTo(x.rows(), 1));
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
        int start = Tape.currentSize();
        Tensor[] tangents = {probe.matmul(f.layers().get(0).weight().value().sliceRows(0, x.cols()))};
        Tensor value = propagate(f, f.input(x, t), tangents);
        return keepOnly(start, value, tangents[0].mul(probe).rowSums());
    }

    /**
     * The result; every other tensor recorded since tape position {@code start} (the layers' z, s(z)
     * and s'(z), the tangents) stays inside this class, so its buffer goes back to the thread's
     * pool when the tape closes ({@link Tape#markPrivate}).
     */
    private static Divergence.Result keepOnly(int start, Tensor value, Tensor divergence) {
        Tape.markPrivate(start, value, divergence);
        return new Divergence.Result(value, divergence);
    }

    /**
     * The network's output on {@code input}; on entry {@code tangents} hold the first layer's tangents
     * U_1 (n x w_1, or 1 x w_1 shared by the batch), on return the output's, J u.
     */
    private static Tensor propagate(Mlp f, Tensor input, Tensor[] tangents) {
        List<Linear> layers = f.layers();
        int last = layers.size() - 1;
        Tensor h = input;
        for (int l = 0; l < last; l++) {
            AffineLayer.Activated layer = layers.get(l).applyActivated(h, f.activation());
            Tensor weight = layers.get(l + 1).weight().value();
            for (int j = 0; j < tangents.length; j++) {
                tangents[j] = layer.slope().mul(tangents[j]).matmul(weight);
            }
            h = layer.value();
        }
        return layers.get(last).apply(h);
    }

    private static void checkSquare(Mlp f, Tensor x) {
        if (f.outputDim() != x.cols()) {
            throw new IllegalArgumentException("f: a divergence needs a field of the input's dimension " + x.cols()
                    + ", got an MLP with " + f.outputDim() + " outputs");
        }
    }
}
