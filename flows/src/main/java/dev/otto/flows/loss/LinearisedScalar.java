package dev.otto.flows.loss;

import dev.otto.autodiff.Tensor;

/**
 * A scalar computed off the tape, recorded on it with a gradient computed off the tape too:
 * <pre>
 *   L = v + sum_k &lt;t_k - sg(t_k), G_k&gt;,
 * </pre>
 * sg the stop-gradient: a fresh constant holding a copy of t_k's values (not {@link Tensor#detach()},
 * which returns a leaf itself, so that t - t.detach() would carry the gradients G - G = 0 when t is a
 * leaf such as a parameter). t_k - sg(t_k) is exactly zero, so L equals v to
 * the last bit, while dL/dt_k = G_k: the first-order Taylor model of the scalar at the current
 * inputs, built from the tape's own operations (sub, mul, sum, addScalar), so that {@code
 * Gradients.grad} sees an ordinary recorded expression. Only first derivatives are right: G_k is a
 * constant on the tape, so a second derivative through L is zero, not the true Hessian.
 */
final class LinearisedScalar {

    private LinearisedScalar() {
    }

    /** v recorded with gradient {@code gradients[k]} in {@code inputs[k]} (same shapes). */
    static Tensor of(double value, Tensor[] inputs, Tensor[] gradients) {
        Tensor out = Tensor.scalar(0);
        for (int k = 0; k < inputs.length; k++) {
            Tensor t = inputs[k];
            Tensor zero = t.sub(Tensor.wrap(t.rows(), t.cols(), t.toArray()));
            out = out.add(zero.mul(gradients[k]).sum());
        }
        return out.addScalar(value);
    }
}
