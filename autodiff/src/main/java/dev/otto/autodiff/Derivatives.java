package dev.otto.autodiff;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Products with the Jacobian J = df/dx of a batch map f: (n x d) -> (n x m), taken row by row
 * (row i of the output depends on row i of the input for the maps used in Otto, but nothing here
 * assumes it). Inside a recording scope the results stay differentiable (createGraph); outside, a
 * private tape is opened and the results are constants.
 */
public final class Derivatives {

    private Derivatives() {
    }

    /** The value f(x) and a product with its Jacobian. */
    public record ValueAndProduct(Tensor value, Tensor product) {
    }

    /** Vector-Jacobian product v^T J (n x d) for an output cotangent v (n x m). */
    public static ValueAndProduct vjp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        try (Tape.Scope scope = Tape.record()) {
            boolean keep = keepGraph(scope);
            Tensor y = f.apply(x);
            return new ValueAndProduct(y, Gradients.grad(y, x, v, keep));
        }
    }

    /**
     * Jacobian-vector product J u (n x m) for a tangent u (n x d), by the double-vjp trick: w -> w^T J
     * is linear in w, and its vjp with u is J u.
     */
    public static ValueAndProduct jvp(UnaryOperator<Tensor> f, Tensor x, Tensor u) {
        if (!u.sameShape(x)) {
            throw new IllegalArgumentException("u: tangent shape " + u.shape() + " must equal x shape " + x.shape());
        }
        try (Tape.Scope scope = Tape.record()) {
            boolean keep = keepGraph(scope);
            Tensor y = f.apply(x);
            Tensor w = Tensor.zeros(y.rows, y.cols);
            Tensor wJ = Gradients.grad(y, x, w, true);
            Tensor ju = Gradients.grad(List.of(wJ), List.of(w), List.of(u), keep).get(0);
            return new ValueAndProduct(y, ju);
        }
    }

    /**
     * True when the caller was already recording (the scope joined its tape): then the products must
     * stay differentiable. A scope that opened its own tape only needs first-order results.
     */
    static boolean keepGraph(Tape.Scope scope) {
        return scope.joinedCallerTape();
    }
}
