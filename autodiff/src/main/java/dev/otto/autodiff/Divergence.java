package dev.otto.autodiff;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The divergence div v(x) = sum_i dv_i/dx_i of a batch map v: (n x d) -> (n x d), per sample
 * (MATH.md section 2). Inside a recording scope the result is differentiable (for example in the
 * parameters of v, as the JKO loss needs); outside, a private tape is used and released.
 */
public final class Divergence {

    private Divergence() {
    }

    /** v(x) (n x d) and its divergence (n x 1). */
    public record Result(Tensor value, Tensor divergence) {
    }

    /** Exact divergence: d vector-Jacobian products e_i^T J, one per coordinate. */
    public static Result exact(UnaryOperator<Tensor> v, Tensor x) {
        try (Tape.Scope scope = Tape.record()) {
            boolean keep = Derivatives.keepGraph(scope);
            Tensor y = checkSquare(v.apply(x), x);
            int n = x.rows;
            int d = x.cols;
            Tensor div = null;
            for (int i = 0; i < d; i++) {
                double[] e = new double[n * d];
                for (int r = 0; r < n; r++) {
                    e[r * d + i] = 1.0;
                }
                Tensor row = Gradients.grad(List.of(y), List.of(x), List.of(Tensor.wrap(n, d, e)), keep).get(0);
                Tensor term = row.sliceCols(i, i + 1);
                div = div == null ? term : div.add(term);
            }
            return new Result(y, div);
        }
    }

    /**
     * Hutchinson's estimator e^T J e with a caller-given probe e (n x d), unbiased when E[e e^T] = I
     * (standard normal or Rademacher entries). One vector-Jacobian product.
     */
    public static Result hutchinson(UnaryOperator<Tensor> v, Tensor x, Tensor probe) {
        if (!probe.sameShape(x)) {
            throw new IllegalArgumentException("probe: shape " + probe.shape() + " must equal x shape " + x.shape());
        }
        try (Tape.Scope scope = Tape.record()) {
            boolean keep = Derivatives.keepGraph(scope);
            Tensor y = checkSquare(v.apply(x), x);
            Tensor eJ = Gradients.grad(y, x, probe, keep);
            return new Result(y, eJ.mul(probe).rowSums());
        }
    }

    private static Tensor checkSquare(Tensor y, Tensor x) {
        if (!y.sameShape(x)) {
            throw new IllegalArgumentException("v: a divergence needs v(x) of the shape of x (" + x.shape()
                    + "), got " + y.shape());
        }
        return y;
    }
}
